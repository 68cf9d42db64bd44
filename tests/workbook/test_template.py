"""The template writer: layout, notes, validations, the Instructions sheet, inert text, loading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from clustercheck.workbook import example
from clustercheck.workbook.reader import load
from clustercheck.workbook.schema import Column, Sheet, build_schema
from clustercheck.workbook.template import (
    DATE_FORMAT,
    build_workbook,
    column_note,
    set_text,
    write_value,
    write_workbook,
)

SCHEMA = build_schema()
PLUGIN_SHEET = Sheet(
    name="Indicators",
    required=False,
    description="Results indicators (added by a plugin).",
    columns=(
        Column(name="indicator_id", kind="id", required=True, description="The indicator's id."),
        Column(name="level", kind="choice", choices=("output", "outcome"), description="Level."),
        Column(name="baseline_date", kind="date", description="Date of the baseline."),
    ),
)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "blank.xlsx"
    write_workbook(path, SCHEMA)
    return path


@pytest.fixture(scope="module")
def book(blank: Path) -> Workbook:
    return openpyxl.load_workbook(blank)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "example.xlsx"
    write_workbook(path, SCHEMA, example.example_rows())
    return path


def validations(ws: object) -> dict[str, object]:
    """The data validations of a sheet by the first cell of their range."""
    found = {}
    for dv in ws.data_validations.dataValidation:  # type: ignore[attr-defined]
        found[str(dv.sqref).split(":")[0]] = dv
    return found


def test_sheets_in_order_instructions_first_lists_hidden(book: Workbook) -> None:
    expected = ["Instructions", *(s.name for s in SCHEMA.sheets), "Lists"]
    assert book.sheetnames == expected
    assert book["Lists"].sheet_state == "hidden"
    assert all(book[name].sheet_state == "visible" for name in expected[:-1])


@pytest.mark.parametrize("sheet", [s for s in SCHEMA.sheets if not s.form], ids=lambda s: s.name)
def test_table_headers_notes_frozen_bold(book: Workbook, sheet: Sheet) -> None:
    ws = book[sheet.name]
    headers = [cell.value for cell in ws[1]]
    assert headers == [c.name for c in sheet.columns]
    assert ws.freeze_panes == "A2"
    for cell, column in zip(ws[1], sheet.columns, strict=True):
        assert cell.font.bold
        assert cell.comment is not None
        note = cell.comment.text
        assert column.description in note
        assert note.splitlines()[0] == (f"{column.name} *" if column.required else column.name)
        for choice in column.choices:
            assert choice in note
    assert ws.max_row == 1  # a blank template holds no data row


def test_project_form(book: Workbook) -> None:
    ws = book["Project"]
    form = SCHEMA.sheet("Project")
    assert form is not None
    assert [ws["A1"].value, ws["B1"].value] == ["Field", "Value"]
    assert [ws.cell(row=r, column=1).value for r in range(2, len(form.columns) + 2)] == [
        c.name for c in form.columns
    ]
    assert ws["A2"].comment is not None
    assert "project_id *" in ws["A2"].comment.text
    assert ws.freeze_panes == "A2"
    found = validations(ws)
    assert found["B8"].type == "list"  # review_stage
    assert found["B6"].type == "date"  # start_date
    assert ws["B6"].number_format == DATE_FORMAT


def test_choice_columns_have_visible_drop_downs_from_lists(book: Workbook) -> None:
    lists = book["Lists"]
    checked = 0
    for sheet in (s for s in SCHEMA.sheets if not s.form):
        ws = book[sheet.name]
        found = validations(ws)
        for index, column in enumerate(sheet.columns, start=1):
            if column.kind not in ("choice", "choices"):
                continue
            letter = openpyxl.utils.get_column_letter(index)
            dv = found[f"{letter}2"]
            assert str(dv.sqref) == f"{letter}2:{letter}1000"
            assert dv.type == "list"
            # openpyxl's showDropDown=True would HIDE the in-cell arrow.
            assert not dv.showDropDown
            # The error alert is off where a cell holds a list ("a; b").
            assert dv.showErrorMessage is (column.kind == "choice")
            source = dv.formula1.replace("'", "").replace("$", "")
            assert source.startswith("Lists!")
            values = [c.value for row in lists[source.split("!")[1]] for c in row]
            assert tuple(values) == column.choices
            checked += 1
    assert checked >= 15


def test_date_columns_validated_and_formatted(book: Workbook) -> None:
    ws = book["Team"]
    found = validations(ws)
    for letter in ("I", "J"):  # start_date, end_date
        dv = found[f"{letter}2"]
        assert dv.type == "date"
        assert "YYYY-MM-DD" in dv.prompt
        assert "Excel date" in dv.prompt
        assert dv.showInputMessage
        assert ws.column_dimensions[letter].number_format == DATE_FORMAT
    assert "H2" not in found or found["H2"].type != "date"  # fte is a share


def test_column_widths_are_set(book: Workbook) -> None:
    ws = book["Activities"]
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i in (1, 5, 9)]
    assert all(12 <= w <= 60 for w in widths)


def test_instructions_explain_the_conventions(book: Workbook) -> None:
    text = "\n".join(
        str(c.value) for row in book["Instructions"].iter_rows() for c in row if c.value
    )
    for phrase in (
        "Row 1",
        "';'",
        "YYYY-MM-DD",
        "'*'",
        "blank",
        "unknown",
        "yes or no",
        "0.5",
        "unique",
        "plugins",
        "Body Members",
        "Cluster Commission",
    ):
        assert phrase in text, phrase
    for sheet in SCHEMA.sheets:
        assert sheet.name in text


def test_plugin_sheet_gets_the_same_treatment(tmp_path: Path) -> None:
    schema = build_schema([PLUGIN_SHEET])
    path = tmp_path / "plugin.xlsx"
    write_workbook(path, schema, {"Indicators": [{"indicator_id": "I1", "level": "outcome"}]})
    book = openpyxl.load_workbook(path)
    ws = book["Indicators"]
    assert [c.value for c in ws[1]] == ["indicator_id", "level", "baseline_date"]
    assert ws["A1"].comment is not None
    assert "Optional" not in ws["A1"].comment.text
    assert ws["B1"].comment is not None
    assert "Optional" in ws["B1"].comment.text
    found = validations(ws)
    assert found["B2"].type == "list"
    assert found["C2"].type == "date"
    instructions = [c.value for c in book["Instructions"]["A"]]
    assert "Indicators" in instructions


def test_note_describes_references() -> None:
    member = SCHEMA.sheet("BodyMembers")
    assert member is not None
    note = column_note(member.columns[1], SCHEMA)
    assert "org_id from the Organisations sheet" in note
    assert note.startswith("org_id *")


@pytest.mark.parametrize(
    "text", ["=1+1", "=cmd|' /C calc'!A0", "+41 22 555 01 01", "-5", "@SUM(A1:A2)", "=HYPERLINK(x)"]
)
def test_set_text_stores_inert_text(tmp_path: Path, text: str) -> None:
    book = Workbook()
    set_text(book.active["A1"], text)
    book.active["A2"] = text  # what a plain assignment does: a formula for "=..."
    path = tmp_path / "text.xlsx"
    book.save(path)
    reread = openpyxl.load_workbook(path).active
    assert reread["A1"].value == text
    assert reread["A1"].data_type == "s"
    if text.startswith("="):
        assert reread["A2"].data_type == "f"  # the helper is what makes the difference


def test_set_text_drops_characters_xml_cannot_hold() -> None:
    cell = Workbook().active["A1"]
    set_text(cell, "a\x00b\x0bc")
    assert cell.value == "abc"


def test_write_value_kinds() -> None:
    ws = Workbook().active
    write_value(ws["A1"], ("ORG-MIN", "ORG-CNCC"))
    write_value(ws["A2"], dt.date(2026, 3, 15))
    write_value(ws["A3"], True)
    write_value(ws["A4"], 0.5)
    write_value(ws["A5"], None)
    assert ws["A1"].value == "ORG-MIN; ORG-CNCC"
    assert ws["A2"].value == dt.date(2026, 3, 15)
    assert ws["A2"].number_format == DATE_FORMAT
    assert ws["A3"].value == "yes"
    assert ws["A4"].value == 0.5
    assert ws["A5"].value is None


def test_unknown_sheet_or_column_is_refused() -> None:
    with pytest.raises(ValueError, match="no column"):
        build_workbook(SCHEMA, {"Team": [{"person_id": "P1", "salary": 1}]})
    with pytest.raises(ValueError, match="no sheet"):
        build_workbook(SCHEMA, {"Budget": []})
    with pytest.raises(ValueError, match="form"):
        build_workbook(SCHEMA, {"Project": [{}, {}]})


def test_write_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "kept.xlsx"
    path.write_bytes(b"previous content")
    with pytest.raises(ValueError, match="no sheet"):
        write_workbook(path, SCHEMA, {"Budget": []})
    assert path.read_bytes() == b"previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.xlsx"]


def test_example_loads_without_input_findings(filled: Path) -> None:
    loaded = load(filled)
    assert [(f.rule, str(f.location)) for f in loaded.findings] == []


def test_example_loads_as_written(filled: Path) -> None:
    project = load(filled).project
    rows = example.example_rows()
    assert project.info.project_id == "TUN-CLU-2026"
    assert project.info.start_date == dt.date(2026, 1, 1)
    assert len(project.organisations) == len(rows["Organisations"])
    assert len(project.activities) == len(rows["Activities"])
    assert len(project.members) == len(rows["BodyMembers"])
    a02 = next(a for a in project.activities if a.activity_id == "A02")
    assert a02.involved_orgs == ("ORG-UNIDO", "ORG-MIN", "ORG-CNCC", "ORG-CTAA")
    assert [r.value for r in a02.target_roles or ()] == [
        "cda",
        "project_staff",
        "counterpart_staff",
    ]
    cda = next(p for p in project.team if p.person_id == "P03")
    assert (cda.is_national, cda.fte, cda.start_date) == (True, 1.0, dt.date(2026, 2, 1))
    assert next(o for o in project.organisations if o.org_id == "ORG-SECO").is_local is False


def test_blank_template_reports_only_the_required_project_fields(blank: Path) -> None:
    # Every table is empty, so only the Project form's required fields are blank cells.
    form = SCHEMA.sheet("Project")
    assert form is not None
    required = [f"B{row}" for row, c in enumerate(form.columns, start=2) if c.required]
    found = [
        (f.rule, f.location.sheet, f.location.cell) for f in load(blank).findings if f.location
    ]
    assert found == [("WB003", "Project", cell) for cell in required]
    assert len(load(blank).findings) == len(required)


def test_template_filled_by_a_person_loads_cleanly(blank: Path, tmp_path: Path) -> None:
    # What a user does in Excel: type into the written template, save, check.
    book = openpyxl.load_workbook(blank)
    form = book["Project"]
    for row, value in (
        (2, "PER-2027-03"),
        (3, "Textile clusters of Gamarra"),
        (4, "PE"),
        (6, dt.date(2027, 1, 1)),
        (7, "2030-12-31"),
        (8, "Design"),
    ):
        form.cell(row=row, column=2, value=value)
    book["Clusters"].append(["CL1", "Gamarra garment cluster"])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    loaded = load(path)
    assert list(loaded.findings) == []
    assert loaded.project.info.end_date == dt.date(2030, 12, 31)
    assert [c.name for c in loaded.project.clusters] == ["Gamarra garment cluster"]


def test_weak_and_revised_designs_differ_as_documented() -> None:
    assert set(example.FIXED_IN_REVISION) < set(example.WEAK_DESIGN_FAILS)
    assert not set(example.WEAK_DESIGN_UNKNOWN) & set(example.WEAK_DESIGN_FAILS)
    weak, fixed = example.weak_rows(), example.fixed_rows()
    changed = {
        sheet: (
            [r for r in fixed[sheet] if r not in weak[sheet]],
            [r for r in weak[sheet] if r not in fixed[sheet]],
        )
        for sheet in weak
    }
    added = {sheet: len(new) for sheet, (new, gone) in changed.items() if new}
    assert added == {"Team": 1, "BodyMembers": 2}
    assert all(not gone for _, gone in changed.values())
