"""The committed fixture workbooks: rebuilt by fixtures/build.py, and each loads as documented."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from clustercheck import model as m
from clustercheck.workbook import example
from clustercheck.workbook.reader import load
from tests.conftest import FIXTURES, load_script

build = load_script(FIXTURES / "build.py")
ALL = [f.file for f in build.FIXTURES]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixtures")
    subprocess.run(
        [sys.executable, str(FIXTURES / "build.py"), str(out)], check=True, capture_output=True
    )
    return out


def contents(path: Path) -> dict[str, Any]:
    """What a workbook holds, as loaded: sheets, their state, cells, notes and validations."""
    book = openpyxl.load_workbook(path)
    sheets = {}
    for ws in book.worksheets:
        sheets[ws.title] = {
            "state": ws.sheet_state,
            "cells": [
                [(c.value, c.data_type, c.number_format) for c in row] for row in ws.iter_rows()
            ],
            "notes": {
                c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment
            },
            "validations": sorted(
                (str(dv.sqref), dv.type, dv.formula1, bool(dv.showErrorMessage))
                for dv in ws.data_validations.dataValidation
            ),
        }
    return {"epoch": book.epoch, "sheets": sheets}


def project_tables(project: m.Project) -> tuple[object, ...]:
    return (
        project.info,
        project.clusters,
        project.organisations,
        project.commitments,
        project.team,
        project.bodies,
        project.members,
        project.activities,
    )


def test_build_writes_every_committed_file(rebuilt: Path) -> None:
    # fixtures/hostile/ has its own script (build_hostile.py) and its own tests
    committed = {
        p.relative_to(FIXTURES) for p in FIXTURES.rglob("*.xlsx") if "hostile" not in p.parts
    }
    written = {p.relative_to(rebuilt) for p in rebuilt.rglob("*.xlsx")}
    assert written == committed == {Path(f) for f in ALL}


@pytest.mark.parametrize("name", ALL)
def test_rebuilt_fixture_equals_committed(rebuilt: Path, name: str) -> None:
    assert contents(rebuilt / name) == contents(FIXTURES / name)


def test_readme_is_current(rebuilt: Path) -> None:
    assert (rebuilt / "README.md").read_text() == (FIXTURES / "README.md").read_text()
    readme = (FIXTURES / "README.md").read_text()
    assert all(f"`{name}`" in readme for name in ALL)


@pytest.mark.parametrize("fixture", build.FIXTURES, ids=lambda f: f.file)
def test_fixture_gives_the_documented_input_findings(fixture: Any) -> None:
    findings = load(FIXTURES / fixture.file).findings
    got = sorted((f.rule, f.location.sheet, f.location.cell) for f in findings if f.location)
    assert len(got) == len(findings)
    assert got == sorted(fixture.expected, key=lambda e: (e[0], e[1], e[2] or ""))


def test_each_wb_code_has_a_one_mistake_fixture() -> None:
    one = {f.file: f.expected for f in build.FIXTURES if re.search(r"/wb00\d-", f.file)}
    assert sorted(e[0][0] for e in one.values()) == [f"WB00{i}" for i in range(1, 9)]
    assert all(len(e) == 1 for e in one.values())
    many = {rule for rule, *_ in build.MANY_MISTAKES}
    assert many == {f"WB00{i}" for i in range(2, 9)}
    assert {sheet for _, sheet, *_ in build.MANY_MISTAKES} >= {
        "Project",
        "Clusters",
        "Organisations",
        "Commitments",
        "Team",
        "Bodies",
        "BodyMembers",
        "Activities",
    }


@pytest.mark.parametrize(
    "fixture", [f for f in build.FIXTURES if f.same_as_example], ids=lambda f: f.file
)
def test_loads_as_the_example(fixture: Any) -> None:
    loaded = load(FIXTURES / fixture.file).project
    assert project_tables(loaded) == project_tables(load(FIXTURES / build.EXAMPLE).project)


def _xml(name: str, member: str) -> str:
    with zipfile.ZipFile(FIXTURES / name) as archive:
        return archive.read(member).decode()


def test_date1904_really_uses_the_1904_system() -> None:
    assert 'date1904="1"' in _xml("input/date1904.xlsx", "xl/workbook.xml")
    assert "date1904" not in _xml("example.xlsx", "xl/workbook.xml")


def test_wrong_dimension_really_understates() -> None:
    with zipfile.ZipFile(FIXTURES / "input/wrong-dimension.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        dimensions = {
            re.search(r'<dimension ref="([^"]+)"', archive.read(n).decode())[1]  # type: ignore[index]
            for n in sheets
        }
    assert dimensions == {"A1:B2"}
    assert (
        openpyxl.load_workbook(FIXTURES / "input/wrong-dimension.xlsx")["Activities"].max_row > 30
    )


def test_formula_has_no_cached_value() -> None:
    book = openpyxl.load_workbook(FIXTURES / "input/formula-no-cache.xlsx")
    sheet_xml = _xml("input/formula-no-cache.xlsx", "xl/worksheets/sheet2.xml")
    assert book["Project"]["B9"].data_type == "f"
    cell = re.search(r'<c r="B9"[^>]*>.*?</c>', sheet_xml)
    assert cell is not None
    assert "<f>" in cell[0]
    assert "<v>" not in cell[0].replace("<v></v>", "")


def test_typed_by_people_is_typed_loosely() -> None:
    book = openpyxl.load_workbook(FIXTURES / "input/typed-by-people.xlsx")
    assert {"Body Members", "project", "activities"} <= set(book.sheetnames)
    team = book["Team"]
    assert [c.value for c in team[1]][:2] == ["Person ID", "Name"]
    values = {c.value for row in book.worksheets for r in row.iter_rows(min_row=2) for c in r}
    assert {"Cluster Commission", "Yes", "x", True, "CDA", "2029-12-31", "1"} <= values
    formats = {c.number_format for r in team.iter_rows(min_row=2) for c in r}
    assert "0%" in formats


def test_fixtures_are_byte_reproducible(rebuilt: Path) -> None:
    # Not required for correctness, but committed files that churn on each rebuild are noise.
    for name in ALL:
        assert (rebuilt / name).read_bytes() == (FIXTURES / name).read_bytes(), name


def _rule_outcomes(path: Path) -> dict[str, str]:
    from clustercheck.config import Config
    from clustercheck.engine import check_project
    from clustercheck_unido import all_rules

    result = check_project(load(path).project, all_rules(), Config())
    return {r.rule: r.outcome.value for r in result.results}


def test_example_passes_every_rule() -> None:
    outcomes = _rule_outcomes(FIXTURES / build.EXAMPLE)
    assert outcomes, "the rule pack has no rules"
    assert {code: o for code, o in outcomes.items() if o != "pass"} == {}


def test_weak_design_fails_as_documented() -> None:
    outcomes = _rule_outcomes(FIXTURES / "weak-design.xlsx")
    for code, outcome in outcomes.items():
        if code in example.WEAK_DESIGN_FAILS:
            assert outcome == "fail", code
        elif code in example.WEAK_DESIGN_UNKNOWN:
            assert outcome == "unknown", code
        else:
            assert outcome == "pass", code


def test_revision_fixes_exactly_the_documented_rules() -> None:
    weak = _rule_outcomes(FIXTURES / "weak-design.xlsx")
    revised = _rule_outcomes(FIXTURES / "weak-design-revised.xlsx")
    fixed = {code for code in weak if weak[code] == "fail" and revised[code] == "pass"}
    assert fixed == set(example.FIXED_IN_REVISION) & set(weak)
    assert {c for c in weak if weak[c] != revised[c]} == fixed
