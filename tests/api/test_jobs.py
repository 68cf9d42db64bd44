"""--jobs: workbooks checked in worker processes give the results of a serial run, in input order."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from clustercheck.api import Checker, Options
from clustercheck.engine import ProjectResult
from clustercheck.report.formats import BUILTIN_FORMATS
from tests.conftest import FIXTURES

BUILTIN = [f.reporter for f in BUILTIN_FORMATS.values()]


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    """Twelve workbooks: the example, the weak design and the revised one, in turn."""
    sources = ["example.xlsx", "weak-design.xlsx", "weak-design-revised.xlsx"]
    made = []
    for index in range(12):
        made.append(tmp_path / f"p{index:02d}.xlsx")
        shutil.copyfile(FIXTURES / sources[index % 3], made[-1])
    return made


@pytest.fixture(params=["forked", "spawned"])
def start(request: pytest.FixtureRequest) -> Iterator[str]:
    """How workers start: forked from a parent of one thread, spawned from a threaded one."""
    if request.param == "forked":
        if not hasattr(os, "fork"):
            pytest.skip("workers are forked only on POSIX")
        yield "forked"
        return
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # a parent with a second thread cannot fork safely
    other.start()
    try:
        yield "spawned"
    finally:
        stop.set()
        other.join()


def summary(results: tuple[ProjectResult, ...]) -> list[tuple[object, ...]]:
    return [(r.file, r.status, r.sha256, r.results, r.findings) for r in results]


@pytest.mark.parametrize("whole", [True, False], ids=["whole", "form-and-team"])
def test_workers_give_the_results_of_a_serial_run(
    files: list[Path], start: str, whole: bool
) -> None:
    reporters = None if whole else BUILTIN
    serial = Checker.load().check(files[:6], reporters=reporters)
    seen: list[str] = []
    parallel = Checker.load(Options(jobs=2)).check(
        files[:6], reporters=reporters, on_result=lambda r: seen.append(r.file)
    )
    assert summary(parallel.projects) == summary(serial.projects)  # input order, same results
    assert sorted(seen) == sorted(str(f) for f in files[:6])  # each reported once, as done
    assert [r.project for r in parallel.projects] == [r.project for r in serial.projects]
    if not whole:  # the form and the team come back, no other record
        assert all(r.project and r.project.team for r in parallel.projects)
        assert not any(r.project and r.project.activities for r in parallel.projects)


DYING = """
import os

from clustercheck.hookspecs import hookimpl
from clustercheck.rule import rule

PARENT = int(os.environ["CLUSTERCHECK_TEST_PARENT"])


@rule(code="ZZ09", name="dies-in-a-worker", title="Ends a worker process", severity="error")
def dies(project, params):
    if os.getpid() != PARENT and project.file.endswith("p05.xlsx"):
        os._exit(9)  # as a crash in a plugin's C extension would end it
    return ()


@hookimpl
def clustercheck_rules():
    return [dies]
"""


def test_a_worker_that_dies_leaves_its_workbook_incomplete_and_the_rest_checked(
    files: list[Path], start: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dying_plugin.py").write_text(DYING)
    monkeypatch.syspath_prepend(str(tmp_path))  # spawned workers get the parent's sys.path
    monkeypatch.setenv("CLUSTERCHECK_TEST_PARENT", str(os.getpid()))
    checker = Checker.load(Options(plugins=("dying_plugin",), jobs=3))
    assert checker.plugins.rule("ZZ09") is not None

    run = checker.check(files)
    assert [r.file for r in run.projects] == [str(f) for f in files]
    lost = [r for r in run.projects if r.status == "incomplete"]
    assert [r.file for r in lost] == [str(files[5])]  # that one alone, whatever else was in flight
    assert lost[0].error is not None
    assert lost[0].error.startswith(f"{files[5]}: the worker process checking it stopped")
    assert "--jobs 1" in lost[0].error
    assert lost[0].sha256 is not None
    assert all(r.results and not r.error for r in run.projects if r is not lost[0])
    assert run.exit_code == 3
