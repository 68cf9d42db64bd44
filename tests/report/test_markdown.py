"""The Markdown report: a summary and a findings table that text from the workbook cannot break."""

from __future__ import annotations

import attrs

from clustercheck.engine import Run
from clustercheck.report.markdown import cell, render


def _table(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]


def _columns(line: str) -> int:
    # A column separator is a "|" not escaped by a backslash.
    return line.replace("\\|", "").count("|") - 1


def test_summary_and_one_row_per_finding(weak_run: Run) -> None:
    text = render(weak_run)
    project = weak_run.projects[0]
    summary = project.summary()
    assert "Verdict: **FAIL**" in text
    assert f"{summary['error']} errors, {summary['warning']} warnings" in text
    rows = _table(text)
    assert rows[0].startswith("| Principle | Rule | Severity")
    assert len(rows) - 1 == len(project.findings)
    for finding, row in zip(project.findings, rows[1:], strict=True):
        assert f"| {finding.rule} |" in row
        assert finding.message in row


def test_pipes_newlines_and_tags_are_escaped(waived_run: Run) -> None:
    project = waived_run.projects[0]
    odd = attrs.evolve(project.findings[1], message="a | b\nsecond line <b>bold</b>")
    run = attrs.evolve(
        waived_run,
        projects=(
            attrs.evolve(project, findings=(project.findings[0], odd, *project.findings[2:])),
        ),
    )
    rows = _table(render(run))
    header = rows[0]
    assert header.endswith("| Waiver |")
    assert {_columns(r) for r in rows} == {_columns(header)}
    assert "a \\| b<br>second line &lt;b>bold&lt;/b>" in rows[2]
    assert "error (waived)" in rows[1]
    assert "approved by Evaluation team lead, until 2027-12-31" in rows[1]


def test_cell() -> None:
    assert cell("x|y") == "x\\|y"
    assert cell("back\\slash") == "back\\\\slash"
    assert cell("one\r\ntwo\nthree") == "one<br>two<br>three"
    assert cell(None) == ""


def test_several_projects_get_an_overview(weak_run: Run) -> None:
    other = attrs.evolve(weak_run.projects[0], file="b.xlsx", status="pass", findings=())
    text = render(attrs.evolve(weak_run, projects=(weak_run.projects[0], other)))
    assert "| Project | Workbook | Verdict |" in text
    assert text.count("\n## ") == 2
    assert "No findings." in text
