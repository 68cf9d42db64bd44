"""--jobs: the parent and its workers share the workbooks, and the results are a serial run's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import attrs
import pytest

from clustercheck import parallel
from clustercheck.config import Config
from clustercheck.engine import ProjectResult, check_file
from clustercheck.plugins import Plugins, get_plugins

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
forking = pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked only on POSIX")


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return get_plugins(())


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    """Twelve workbooks: the example, the weak design and the revised one, in turn."""
    sources = ["example.xlsx", "weak-design.xlsx", "weak-design-revised.xlsx"]
    made = []
    for index in range(12):
        made.append(tmp_path / f"p{index:02d}.xlsx")
        shutil.copyfile(FIXTURES / sources[index % 3], made[-1])
    return made


def summary(results: tuple[ProjectResult, ...] | list[ProjectResult]) -> list[tuple[object, ...]]:
    return [(r.file, r.status, r.sha256, r.results, r.findings) for r in results]


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the worker processes forked during the test."""
    pids: list[int] = []
    fork = os.fork

    def recording() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording)
    return pids


def assert_reaped(pids: list[int]) -> None:
    assert pids
    for pid in pids:
        with pytest.raises(ChildProcessError):  # waited for already: no process, no zombie
            os.waitpid(pid, os.WNOHANG)


def marked(path: Path, plugins: Plugins, config: Config, **options: bool) -> ProjectResult:
    """check_file, with the id of the process that checked the workbook in ``error``."""
    return attrs.evolve(check_file(path, plugins, config, **options), error=str(os.getpid()))


@forking
@pytest.mark.parametrize("jobs", [2, 3])
def test_every_process_checks_and_the_results_are_a_serial_runs(
    files: list[Path], plugins: Plugins, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(parallel, "check_file", marked)
    seen: list[str] = []
    results = parallel.check_in_processes(
        files, plugins, Config(), jobs=jobs, on_result=lambda r: seen.append(r.file)
    )
    assert [r.file for r in results] == [str(f) for f in files]  # input order
    assert sorted(seen) == sorted(str(f) for f in files)  # each reported once, as it was done
    checkers = {r.error for r in results}
    assert str(os.getpid()) in checkers  # the parent took its share
    assert len(checkers) == jobs  # and so did every worker
    serial = [check_file(f, plugins, Config()) for f in files]
    assert summary([attrs.evolve(r, error=None) for r in results]) == summary(serial)
    # The whole model comes back, not only the findings.
    assert [r.project for r in results] == [r.project for r in serial]


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "spawned"])
@pytest.mark.parametrize("whole", [True, False], ids=["whole", "form-and-team"])
def test_workers_give_the_results_of_a_serial_run(
    files: list[Path], plugins: Plugins, monkeypatch: pytest.MonkeyPatch, fork: bool, whole: bool
) -> None:
    if fork and not parallel.can_fork():
        pytest.skip("workers are forked only on POSIX")
    monkeypatch.setattr(parallel, "can_fork", lambda: fork)
    results = parallel.check_in_processes(
        files[:4], plugins, Config(), jobs=2, whole_projects=whole
    )
    serial = [check_file(f, plugins, Config(), whole_project=whole) for f in files[:4]]
    assert summary(results) == summary(serial)
    assert [r.project for r in results] == [r.project for r in serial]
    if not whole:  # the form and the team come back, no other record
        assert all(r.project and r.project.info.project_id and r.project.team for r in results)
        assert not any(r.project and r.project.activities for r in results)


@forking
def test_a_worker_that_dies_leaves_its_workbook_incomplete_and_the_rest_checked(
    files: list[Path], plugins: Plugins, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    parent = os.getpid()

    def dying(path: Path, plugins: Plugins, config: Config, **options: bool) -> ProjectResult:
        if os.getpid() != parent:
            os._exit(9)  # as if the worker were killed in its first workbook
        return check_file(path, plugins, config, **options)

    monkeypatch.setattr(parallel, "check_file", dying)
    results = parallel.check_in_processes(files, plugins, Config(), jobs=2)
    assert [r.file for r in results] == [str(f) for f in files]
    lost = [r for r in results if r.status == "incomplete"]
    assert len(lost) == 1  # the one workbook the worker had; the parent checked every other
    assert lost[0].error is not None
    assert lost[0].error.startswith(f"{lost[0].file}: the worker process checking it stopped")
    assert "exit status 9" in lost[0].error
    assert "--jobs 1" in lost[0].error
    assert lost[0].sha256 == check_file(Path(lost[0].file), plugins, Config()).sha256
    assert_reaped(forked)


DYING = """
import os

from clustercheck.hookspecs import hookimpl
from clustercheck.rule import rule

PARENT = int(os.environ["CLUSTERCHECK_TEST_PARENT"])


@rule(code="ZZ09", name="dies-in-a-worker", title="Ends a worker process", severity="error")
def dies(project, params):
    if os.getpid() != PARENT:
        os._exit(9)  # as a crash in a plugin's C extension would end it
    return ()


@hookimpl
def clustercheck_rules():
    return [dies]
"""


def test_a_spawned_worker_that_dies_leaves_its_workbooks_incomplete_and_the_rest_checked(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dying_plugin.py").write_text(DYING)
    monkeypatch.syspath_prepend(str(tmp_path))  # spawned workers get the parent's sys.path
    monkeypatch.setenv("CLUSTERCHECK_TEST_PARENT", str(os.getpid()))
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    dying = get_plugins(("dying_plugin",))
    assert "ZZ09" in [r.code for r in dying.rules]

    results = parallel.check_in_processes(files, dying, Config(), jobs=2)
    assert [r.file for r in results] == [str(f) for f in files]
    lost = [r for r in results if r.status == "incomplete"]
    assert 1 <= len(lost) <= 2  # what the pool held (two a worker); the parent checked the rest
    for result in lost:
        assert result.error is not None
        assert result.error.startswith(f"{result.file}: the worker process checking it stopped")
        assert "--jobs 1" in result.error
    checked = [r for r in results if r.status != "incomplete"]
    assert all(r.results and not r.error for r in checked)


@forking
def test_a_bug_in_a_worker_is_raised_in_the_parent_with_the_workers_traceback(
    files: list[Path], plugins: Plugins, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    parent = os.getpid()

    def buggy(path: Path, plugins: Plugins, config: Config, **options: bool) -> ProjectResult:
        if os.getpid() != parent:
            raise ZeroDivisionError("a bug in the loader")
        return check_file(path, plugins, config, **options)

    monkeypatch.setattr(parallel, "check_file", buggy)
    with pytest.raises(ZeroDivisionError, match="a bug in the loader") as raised:
        parallel.check_in_processes(files, plugins, Config(), jobs=2)
    assert isinstance(raised.value.__cause__, parallel.RemoteTraceback)
    assert "in buggy" in str(raised.value.__cause__)
    assert_reaped(forked)


@forking
def test_an_error_in_the_parent_stops_and_reaps_the_workers(
    files: list[Path], plugins: Plugins, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    parent = os.getpid()

    def interrupted(path: Path, plugins: Plugins, config: Config, **options: bool) -> ProjectResult:
        if os.getpid() == parent:
            raise KeyboardInterrupt
        return check_file(path, plugins, config, **options)

    monkeypatch.setattr(parallel, "check_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        parallel.check_in_processes(files, plugins, Config(), jobs=3)
    assert_reaped(forked)


@forking
def test_tickets_hand_out_every_index_once_however_many_the_pipe_holds() -> None:
    count = 50_000  # more than a pipe holds (16,384 on Linux): the parent takes from the end
    tickets = parallel._Tickets(count)
    by_worker, by_parent = [], []
    try:
        while True:
            for _ in range(3):  # a worker reads three for each one the parent takes
                index = tickets.take()
                if index is not None:
                    by_worker.append(index)
            index = tickets.parent_takes()
            if index is None:
                break
            by_parent.append(index)
    finally:
        tickets.close()
    assert sorted(by_worker + by_parent) == list(range(count))  # each once
    assert by_worker == sorted(by_worker)  # the workers' from the front
    assert by_parent[0] == count - 1  # the parent's from the end while the pipe was full
