"""The loader: every WB problem at its exact place, all in one load; loose typing and odd files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from clustercheck.errors import WorkbookError
from clustercheck.model import Stage, TeamRole
from clustercheck.workbook.reader import load
from tests.conftest import FIXTURES, load_script

INPUT = FIXTURES / "input"


def _build_module():
    return load_script(FIXTURES / "build.py")


def _places(path: Path):
    return [
        (f.rule, f.location.sheet, f.location.row, f.location.column, f.location.cell, f.message)
        for f in load(path).findings
    ]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "wb001-missing-sheet.xlsx",
            (
                "WB001",
                "Team",
                None,
                None,
                None,
                "The workbook has no sheet 'Team' (The project team: coordinator, Cluster Development Agents, experts)",
            ),
        ),
        (
            "wb002-missing-column.xlsx",
            (
                "WB002",
                "Team",
                1,
                "role",
                None,
                "Sheet 'Team' has no column 'role', which is required",
            ),
        ),
        (
            "wb003-blank-required.xlsx",
            ("WB003", "Organisations", 9, "category", "C9", "category is required but blank"),
        ),
        (
            "wb004-wrong-type.xlsx",
            (
                "WB004",
                "Team",
                3,
                "start_date",
                "I3",
                "start_date: '01/02/2026' is not a date (an Excel date, or text YYYY-MM-DD)",
            ),
        ),
        (
            "wb005-not-in-vocabulary.xlsx",
            (
                "WB005",
                "Bodies",
                2,
                "type",
                "B2",
                "type: 'steering_committee' is not one of project_steering_committee, cluster_commission, "
                "cluster_governance_structure, technical_committee, other_forum; "
                "did you mean 'project_steering_committee'?",
            ),
        ),
        (
            "wb006-duplicate-id.xlsx",
            (
                "WB006",
                "Activities",
                16,
                "activity_id",
                "A16",
                "activity_id 'A18' is used twice on Activities (first on row 15)",
            ),
        ),
        (
            "wb007-dangling-reference.xlsx",
            (
                "WB007",
                "BodyMembers",
                29,
                "org_id",
                "B29",
                "org_id: 'ORG-CCIBC' is not an id on Organisations",
            ),
        ),
        (
            "wb008-date-order.xlsx",
            (
                "WB008",
                "Activities",
                24,
                "end_date",
                "G24",
                "end_date 2025-09-15 is before start_date 2026-04-15",
            ),
        ),
        (
            "formula-no-cache.xlsx",
            (
                "WB004",
                "Project",
                9,
                "total_budget",
                "B9",
                "total_budget is a formula with no saved value (the file was written by a program that "
                "does not calculate formulas); open and save it in Excel or LibreOffice",
            ),
        ),
    ],
)
def test_each_input_error_at_its_cell(fixture: str, expected: tuple) -> None:
    assert _places(INPUT / fixture) == [expected]


def test_a_record_with_a_bad_field_is_kept_with_that_field_blank() -> None:
    project = load(INPUT / "wb004-wrong-type.xlsx").project
    person = next(p for p in project.team if p.source.row == 3)
    assert person.start_date is None
    assert person.role is TeamRole.CDA  # the rest of the row is read
    assert len(project.team) == len(load(FIXTURES / "example.xlsx").project.team)


def test_many_mistakes_are_all_reported_in_one_load() -> None:
    expected = {(rule, sheet, cell) for rule, sheet, cell, _ in _build_module().MANY_MISTAKES}
    found = [
        (f.rule, f.location.sheet, f.location.cell)
        for f in load(INPUT / "many-mistakes.xlsx").findings
    ]
    assert set(found) == expected
    assert len(found) == len(expected)
    assert {rule for rule, _, _ in found} >= {
        "WB002",
        "WB003",
        "WB004",
        "WB005",
        "WB006",
        "WB007",
        "WB008",
    }


def _content(path: Path) -> dict[str, object]:
    project = load(path).project
    return {
        "info": project.info,
        "clusters": project.clusters,
        "organisations": project.organisations,
        "commitments": project.commitments,
        "team": project.team,
        "bodies": project.bodies,
        "members": project.members,
        "activities": project.activities,
    }


@pytest.mark.parametrize(
    "fixture", ["typed-by-people.xlsx", "date1904.xlsx", "wrong-dimension.xlsx"]
)
def test_odd_but_valid_workbooks_load_as_the_example(fixture: str) -> None:
    loaded = load(INPUT / fixture)
    assert loaded.findings == ()
    assert _content(INPUT / fixture) == _content(FIXTURES / "example.xlsx")


def test_the_example_loads_without_input_finding() -> None:
    loaded = load(FIXTURES / "example.xlsx")
    assert loaded.findings == ()
    assert loaded.project.info.review_stage is Stage.DESIGN
    assert len(loaded.project.clusters) == 2


def test_a_record_knows_the_cell_of_each_field() -> None:
    project = load(FIXTURES / "example.xlsx").project
    first = project.team[0]
    assert first.source.sheet == "Team"
    assert first.at("role").cell == "C2"
    assert project.info.at("title").cell is not None
    assert project.info.at("title").cell.startswith("B")


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice Calc is not installed")
def test_libreoffice_resaved_example_loads_the_same(tmp_path: Path) -> None:
    source = tmp_path / "in" / "example.xlsx"
    source.parent.mkdir()
    shutil.copy(FIXTURES / "example.xlsx", source)
    out = tmp_path / "out"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    resaved = out / "example.xlsx"
    assert resaved.read_bytes() != source.read_bytes()  # really written by LibreOffice
    assert load(resaved).findings == ()
    assert _content(resaved) == _content(FIXTURES / "example.xlsx")


def test_a_file_that_is_not_a_workbook_raises_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("project_id,title\nP1,Leather\n", encoding="utf-8")
    with pytest.raises(WorkbookError) as raised:
        load(path)
    message = str(raised.value)
    assert message.startswith(str(path))
    assert "\n" not in message
