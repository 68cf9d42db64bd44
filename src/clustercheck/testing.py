"""Test helpers for rule authors, registered as a pytest plugin (``-p clustercheck.testing``).

Start from the valid example project, change only what a test is about, write a real workbook, load
it, and run one rule::

    def test_fails_without_coordinator(project_rows, make_project, check_rule):
        project_rows.remove("Team", role="project_coordinator")
        result = check_rule("TEAM01", make_project(project_rows))
        assert result.outcome == "fail"
        assert result.where == [("TEAM01", "Team", None)]
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest

from clustercheck.config import Config, RuleConfig
from clustercheck.engine import run_rule
from clustercheck.findings import Finding, Outcome, Severity
from clustercheck.model import Project
from clustercheck.plugins import Plugins, get_plugins

Row = dict[str, Any]


class Rows:
    """A workbook's rows by sheet name, to change before writing: a deep copy, safe to mutate."""

    def __init__(self, data: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        self.data: dict[str, list[Row]] = {
            k: [dict(r) for r in v] for k, v in copy.deepcopy(data).items()
        }

    def sheet(self, name: str) -> list[Row]:
        """The rows of a sheet (created empty if absent); the ``Project`` form is one row."""
        return self.data.setdefault(name, [])

    @property
    def project(self) -> Row:
        """The ``Project`` form's fields."""
        rows = self.sheet("Project")
        if not rows:
            rows.append({})
        return rows[0]

    def find(self, sheet: str, **match: Any) -> list[Row]:
        """Rows of ``sheet`` whose fields equal every ``match`` value."""
        return [r for r in self.sheet(sheet) if all(r.get(k) == v for k, v in match.items())]

    def row(self, sheet: str, **match: Any) -> Row:
        """The one row of ``sheet`` matching; fails the test if there is not exactly one."""
        found = self.find(sheet, **match)
        if len(found) != 1:
            pytest.fail(f"{len(found)} rows of {sheet} match {match}; expected one")
        return found[0]

    def set(self, sheet: str, match: Mapping[str, Any], **values: Any) -> Row:
        """Change fields of the one row matching ``match``; returns it."""
        row = self.row(sheet, **match)
        row.update(values)
        return row

    def remove(self, sheet: str, **match: Any) -> list[Row]:
        """Remove every row of ``sheet`` matching; returns the removed rows."""
        removed = self.find(sheet, **match)
        self.data[sheet] = [r for r in self.sheet(sheet) if r not in removed]
        return removed

    def add(self, sheet: str, **values: Any) -> Row:
        """Append a row to ``sheet``; returns it."""
        row = dict(values)
        self.sheet(sheet).append(row)
        return row

    def drop_sheet(self, sheet: str) -> None:
        """Leave a sheet out of the workbook altogether."""
        self.data.pop(sheet, None)

    def excel_row(self, sheet: str, **match: Any) -> int:
        """The Excel row number the one matching row will be written on (the header is row 1)."""
        row = self.row(sheet, **match)
        return self.sheet(sheet).index(row) + 2


def example_rows() -> Rows:
    """The rows of the bundled example: a valid two-cluster project that passes every rule."""
    from clustercheck.workbook.example import example_rows as rows

    return Rows(rows())


def write_rows(rows: Rows | Mapping[str, Any], path: Path, plugins: Plugins | None = None) -> Path:
    """Write ``rows`` as a real workbook at ``path`` (with the plugins' sheets and columns)."""
    from clustercheck.workbook.schema import build_schema
    from clustercheck.workbook.template import write_workbook

    data = rows.data if isinstance(rows, Rows) else rows
    schema = plugins.schema if plugins is not None else build_schema()
    write_workbook(path, schema, data)
    return path


def load_project(path: Path, plugins: Plugins | None = None) -> Project:
    """Load a workbook as ``clustercheck check`` would."""
    from clustercheck.workbook.reader import load

    return load(path, plugins.schema if plugins is not None else None).project


@attrs.frozen
class RuleCheck:
    """One rule's outcome on one project, with its findings."""

    outcome: str
    findings: list[Finding]
    message: str | None = None

    @property
    def where(self) -> list[tuple[str, str | None, str | None]]:
        """``(rule, sheet, cell)`` for each finding, the shape to assert on."""
        return [
            (
                f.rule,
                f.location.sheet if f.location else None,
                f.location.cell if f.location else None,
            )
            for f in self.findings
        ]

    @property
    def counted(self) -> list[Finding]:
        """The findings that are gaps (not unknown evidence)."""
        return [f for f in self.findings if not f.unknown]


def check(
    code: str,
    project: Project,
    plugins: Plugins | None = None,
    *,
    severity: str | None = None,
    **params: Any,
) -> RuleCheck:
    """Run rule ``code`` on ``project`` with ``params`` over its defaults (and configured severity)."""
    plugins = plugins or get_plugins()
    rule = plugins.rule(code)
    if rule is None:
        pytest.fail(
            f"no rule {code} is loaded (loaded: {', '.join(r.code for r in plugins.rules)})"
        )
    settings = {code: RuleConfig(severity=Severity(severity), params=params)} if severity else {}
    config = Config(rules=settings)
    stage_project = attrs.evolve(project, stage=project.stage or project.info.review_stage)
    result, findings = run_rule(rule, stage_project, params=params, config=config)
    if result.outcome is Outcome.ERROR:
        pytest.fail(f"{code} crashed: {result.message}")
    return RuleCheck(outcome=result.outcome.value, findings=findings, message=result.message)


# -- fixtures ------------------------------------------------------------------------------------


@pytest.fixture
def clustercheck_plugins() -> Plugins:
    """A fresh plugin manager with every installed plugin, built for this test alone."""
    return get_plugins()


@pytest.fixture
def project_rows() -> Rows:
    """A fresh, mutable copy of the valid example project's rows."""
    return example_rows()


@pytest.fixture
def make_workbook(tmp_path: Path, clustercheck_plugins: Plugins) -> Callable[..., Path]:
    """``make_workbook(rows=None, name="project.xlsx")``: write rows (default: the example) to a file."""
    counter = iter(range(1, 1_000_000))

    def make(rows: Rows | None = None, name: str | None = None) -> Path:
        path = tmp_path / (name or f"project-{next(counter)}.xlsx")
        return write_rows(rows if rows is not None else example_rows(), path, clustercheck_plugins)

    return make


@pytest.fixture
def make_project(
    make_workbook: Callable[..., Path], clustercheck_plugins: Plugins
) -> Callable[..., Project]:
    """``make_project(rows=None, stage=None)``: write rows to a real workbook and load it."""

    def make(rows: Rows | None = None, stage: str | None = None) -> Project:
        project = load_project(make_workbook(rows), clustercheck_plugins)
        if stage is not None:
            from clustercheck.model import Stage

            project = attrs.evolve(project, stage=Stage(stage))
        return project

    return make


@pytest.fixture
def check_rule(clustercheck_plugins: Plugins) -> Callable[..., RuleCheck]:
    """``check_rule(code, project, **params)``: run one rule; see :func:`check`."""

    def run(code: str, project: Project, **params: Any) -> RuleCheck:
        return check(code, project, clustercheck_plugins, **params)

    return run


def days(n: int) -> dt.timedelta:
    """A span of ``n`` days, for moving dates in tests."""
    return dt.timedelta(days=n)
