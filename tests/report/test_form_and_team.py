"""Every built-in report reads no more of a project than its form and team.

The command line keeps only those (``whole_projects=False``) when no plugin's report is asked for:
less to hold for a large portfolio, and less for ``--jobs`` workers to send back. These tests hold
each built-in format to that: its report is the same from either.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from openpyxl import load_workbook

from clustercheck.engine import Run
from clustercheck.engine.redact import redact
from clustercheck.report.formats import BUILTIN_FORMATS


def form_and_team(run: Run) -> Run:
    projects = tuple(
        attrs.evolve(p, project=p.project.form_and_team()) if p.project else p for p in run.projects
    )
    assert any(p.project and not p.project.activities for p in projects)
    return attrs.evolve(run, projects=projects)


def cells(path: Path) -> list[list[tuple[object, ...]]]:
    book = load_workbook(path)
    return [list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets]


@pytest.mark.parametrize("redacted", [False, True], ids=["plain", "redacted"])
@pytest.mark.parametrize("fmt", sorted(BUILTIN_FORMATS))
def test_each_builtin_report_is_the_same_from_the_form_and_team(
    weak_run: Run, tmp_path: Path, fmt: str, redacted: bool
) -> None:
    whole, trimmed = weak_run, form_and_team(weak_run)
    if redacted:
        whole, trimmed = redact(whole), redact(trimmed)
    reporter = BUILTIN_FORMATS[fmt].reporter
    if reporter.render is not None:
        assert reporter.render(trimmed) == reporter.render(whole)
    else:
        assert reporter.write is not None
        suffix = reporter.extensions[0]
        reporter.write(whole, tmp_path / f"whole{suffix}")
        reporter.write(trimmed, tmp_path / f"trimmed{suffix}")
        assert cells(tmp_path / f"trimmed{suffix}") == cells(tmp_path / f"whole{suffix}")
