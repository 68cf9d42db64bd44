"""The annotated workbook: a copy with every finding marked at its cell, and a Findings sheet."""

from __future__ import annotations

import hashlib
import re
import warnings
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
from openpyxl.comments import Comment
from openpyxl.styles import Font

from clustercheck.api import Checker
from clustercheck.config import Config
from clustercheck.engine import Run
from clustercheck.errors import ConfigError
from clustercheck.findings import Finding, Location
from clustercheck.plugins import Plugins
from clustercheck.report.annotate import FILLS, HEADER, annotate, write
from clustercheck.workbook.template import set_text

INJECTED = '=HYPERLINK("http://x","y")'
OLD_NOTE = "Reviewer: ask the team about this cluster."


def _open(path: Path) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's notes on parts it does not read
        return openpyxl.load_workbook(path)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def prepared(weak_workbook: Path) -> Path:
    """The weak design with what a real workbook has: a comment, a merged range, a formula, a
    formatted cell and text that looks like a formula."""
    book = _open(weak_workbook)
    book["Clusters"]["A3"].comment = Comment(OLD_NOTE, "Reviewer")
    book["Team"].merge_cells("H3:I3")  # Team!I3 (a blank start date) has findings
    notes = book.create_sheet("Notes")
    notes["A1"] = "=1+1"
    set_text(notes["A2"], INJECTED)
    notes["A3"] = "bold"
    notes["A3"].font = Font(bold=True, color="FF0000FF")
    book.save(weak_workbook)
    return weak_workbook


@pytest.fixture
def checked(prepared: Path, clustercheck_plugins: Plugins) -> Run:
    run = Checker(plugins=clustercheck_plugins, config=Config()).check([prepared])
    assert run.projects[0].findings, "the weak design has findings"
    return run


def _resolve(book: Any, location: str) -> tuple[str, str]:
    match = re.fullmatch(r"'?(.+?)'?!([A-Z]+[0-9]+)", location)
    assert match, location
    return match.group(1).replace("''", "'"), match.group(2)


def test_every_finding_is_marked_at_its_cell(checked: Run, prepared: Path, tmp_path: Path) -> None:
    before = _sha(prepared)
    out = tmp_path / "annotated.xlsx"
    write(checked, out)
    assert _sha(prepared) == before == checked.projects[0].sha256

    book = _open(out)
    marked = 0
    for finding in checked.projects[0].findings:
        assert finding.location is not None
        assert finding.location.cell
        cell = finding.location.cell
        if (finding.location.sheet, cell) == ("Team", "I3"):
            cell = "H3"  # merged H3:I3: marked at the anchor
        target = book[finding.location.sheet][cell]
        assert target.comment is not None, (finding.rule, cell)
        assert finding.message in target.comment.text
        marked += 1
        colour = target.fill.start_color.rgb
        shown = "unknown" if finding.unknown else finding.severity.value  # type: ignore[union-attr]
        same_cell = [f for f in checked.projects[0].findings if f.location == finding.location]
        if len(same_cell) == 1:
            assert colour == FILLS[shown]
    assert marked == len(checked.projects[0].findings)


def test_an_old_comment_is_kept_and_the_new_appended(checked: Run, tmp_path: Path) -> None:
    out = tmp_path / "annotated.xlsx"
    write(checked, out)
    note = _open(out)["Clusters"]["A3"].comment
    assert note.text.startswith(OLD_NOTE + "\n\n")
    assert "TEAM02" in note.text
    assert note.author == "Reviewer"


def test_findings_sheet_lists_and_links_every_finding(checked: Run, tmp_path: Path) -> None:
    out = tmp_path / "annotated.xlsx"
    write(checked, out)
    book = _open(out)
    assert book.sheetnames[0] == "Findings"
    assert book.active.title == "Findings"
    ws = book["Findings"]
    assert tuple(c.value for c in ws[1]) == HEADER
    assert ws.freeze_panes == "A2"
    findings = checked.projects[0].findings
    assert ws.auto_filter.ref == f"A1:J{len(findings) + 1}"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[5], r[7]) for r in rows] == [
        (f.rule, f.location.sheet if f.location else None, f.message) for f in findings
    ]
    for row in range(2, len(findings) + 2):
        link = ws.cell(row=row, column=7).hyperlink
        assert link is not None, row
        assert link.location, row
        sheet, cell = _resolve(book, link.location)
        assert book[sheet][cell].comment is not None  # the link lands on a marked cell
    assert sum(not s.sheet_view.tabSelected for s in book.worksheets) == len(book.worksheets) - 1


def test_user_data_formulas_and_formatting_survive(
    checked: Run, prepared: Path, tmp_path: Path
) -> None:
    out = tmp_path / "annotated.xlsx"
    write(checked, out)
    book, original = _open(out), _open(prepared)
    notes = book["Notes"]
    assert notes["A1"].value == "=1+1"
    assert notes["A1"].data_type == "f"
    assert notes["A2"].value == INJECTED
    assert notes["A2"].data_type == "s"
    assert notes["A3"].font.b
    assert notes["A3"].font.color.rgb == "FF0000FF"
    assert [str(r) for r in book["Team"].merged_cells.ranges] == ["H3:I3"]
    for name in original.sheetnames:
        assert [[c.value for c in row] for row in book[name].iter_rows()] == [
            [c.value for c in row] for row in original[name].iter_rows()
        ], name
    assert (
        book["Project"].data_validations.dataValidation
        or book["Team"].data_validations.dataValidation
    )


def test_text_written_is_inert_and_clean(checked: Run, tmp_path: Path) -> None:
    project = checked.projects[0]
    odd = Finding(
        message=INJECTED + "\x01 and a bell\x07",
        location=Location(sheet="Notes", row=2, column="A", cell="A2", value=INJECTED),
        cluster="=cmd|' /C calc'!A0",
        rule="ZZ01",
        name="odd-text",
    )
    nowhere = Finding(message="Something is absent", rule="ZZ02", name="absent")
    run = attrs.evolve(checked, projects=(attrs.evolve(project, findings=(odd, nowhere)),))
    out = tmp_path / "annotated.xlsx"
    write(run, out)
    book = _open(out)
    ws = book["Findings"]
    row = {HEADER[i]: c for i, c in enumerate(ws[2])}
    for key in ("Message", "Value", "Cluster"):
        assert row[key].data_type == "s", key
    assert row["Message"].value == INJECTED + " and a bell"
    assert row["Value"].value == INJECTED
    assert "\x07" not in book["Notes"]["A2"].comment.text
    assert ws.cell(row=3, column=1).value == "ZZ02"
    assert ws.cell(row=3, column=7).hyperlink is None


def test_refuses_several_workbooks(weak_run: Run, tmp_path: Path) -> None:
    two = attrs.evolve(weak_run, projects=(weak_run.projects[0], weak_run.projects[0]))
    with pytest.raises(ConfigError, match="copy of one workbook, and 2 were checked"):
        write(two, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_refuses_to_write_over_the_input(weak_run: Run, weak_workbook: Path) -> None:
    before = _sha(weak_workbook)
    with pytest.raises(ConfigError, match="over its input"):
        annotate(weak_run.projects[0], weak_workbook)
    assert _sha(weak_workbook) == before


def test_refuses_a_workbook_changed_since_it_was_checked(
    weak_run: Run, weak_workbook: Path, tmp_path: Path
) -> None:
    with weak_workbook.open("ab") as handle:
        handle.write(b"\0")
    with pytest.raises(ConfigError, match="changed since it was checked"):
        annotate(weak_run.projects[0], tmp_path / "out.xlsx")
