"""Runs to report on: the weak-design example checked for real, and variants of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest

from clustercheck.api import Checker
from clustercheck.config import Config
from clustercheck.engine import Run
from clustercheck.findings import Finding, Waiver
from clustercheck.plugins import Plugins
from tests.conftest import FIXTURES


@pytest.fixture
def weak_workbook(tmp_path: Path, clustercheck_plugins: Plugins) -> Path:
    """A copy of the weak-design example workbook, in this test's folder."""
    target = tmp_path / "weak-design.xlsx"
    committed = FIXTURES / "weak-design.xlsx"
    if committed.exists():
        shutil.copyfile(committed, target)
    else:  # before the fixture is committed: build the same rows
        from clustercheck.workbook.example import weak_rows
        from clustercheck.workbook.template import write_workbook

        write_workbook(target, clustercheck_plugins.schema, weak_rows())
    return target


@pytest.fixture
def weak_run(weak_workbook: Path, clustercheck_plugins: Plugins) -> Run:
    """The weak design checked with the default configuration."""
    run = Checker(plugins=clustercheck_plugins, config=Config()).check([weak_workbook])
    assert run.projects[0].status == "fail", "the weak design should fail"
    return run


@pytest.fixture
def waived_run(weak_run: Run) -> Run:
    """The weak design with its first counted finding waived."""
    project = weak_run.projects[0]
    chosen = next(f for f in project.findings if f.counts)
    waiver = Waiver(
        rule=chosen.rule,
        reason="Covered by the national programme's board <instead>",
        approved_by="Evaluation team lead",
        expires="2027-12-31",
    )
    findings = tuple(attrs.evolve(f, waiver=waiver) if f is chosen else f for f in project.findings)
    return attrs.evolve(weak_run, projects=(attrs.evolve(project, findings=findings),))


@pytest.fixture
def crash_run(weak_workbook: Path, clustercheck_plugins: Plugins) -> Run:
    """The weak design checked with one more rule, which crashes, and with CAP rules not selected."""
    from clustercheck.engine import check_project
    from clustercheck.rule import rule
    from clustercheck.workbook.reader import load

    @rule(code="ZZ01", name="always-crashes", title="A rule that crashes", severity="error")
    def crashes(project: object, params: object) -> list[Finding]:
        raise RuntimeError("the rule broke <here>")

    rules = (*clustercheck_plugins.rules, crashes)
    project = load(weak_workbook, clustercheck_plugins.schema).project
    result = check_project(project, rules, Config(ignore=("CAP",)))
    result = attrs.evolve(result, file=str(weak_workbook))
    return Run(
        projects=(result,),
        rules=rules,
        plugins=clustercheck_plugins.infos,
        config=Config(ignore=("CAP",)),
    )
