"""Each ME rule passes on a valid chain and fails at the cell that shows the gap."""

from __future__ import annotations

import datetime as dt

import pytest

from clustercheck.testing import Rows, load_project, write_rows

CODES = ["ME01", "ME02", "ME03", "ME04", "ME05", "ME06", "ME07"]


def test_the_plugin_is_loaded(clustercheck_plugins):
    assert [r.code for r in clustercheck_plugins.rules if r.family == "ME"] == CODES
    assert clustercheck_plugins.owners["ME01"] == "mande"
    assert clustercheck_plugins.schema.sheet("Results") is not None


@pytest.mark.parametrize("code", CODES)
def test_passes_on_a_complete_chain(code, mande_rows, make_project, check_rule):
    result = check_rule(code, make_project(mande_rows))
    assert (result.outcome, result.where) == ("pass", [])


def test_an_absent_results_sheet_is_a_gap_not_an_input_error(
    project_rows, tmp_path, check_rule, clustercheck_plugins
):
    # Written without the plugin's sheets, as a workbook made before the plugin was installed.
    path = write_rows(project_rows, tmp_path / "no-results.xlsx")
    project = load_project(path, clustercheck_plugins)
    assert [p.rule for p in project.problems] == []
    assert check_rule("ME01", project).where == [("ME01", "Results", None)]
    assert check_rule("ME04", project).outcome == "pass"


def test_a_chain_without_impact_fails(mande_rows, make_project, check_rule):
    mande_rows.remove("Indicators", result_id="R1")
    mande_rows.remove("Results", result_id="R1")
    mande_rows.set("Results", {"result_id": "R2"}, parent_id=None)
    result = check_rule("ME01", make_project(mande_rows))
    assert result.where == [("ME01", "Results", None)]
    assert "no impact" in result.findings[0].message


def test_an_output_hanging_on_the_impact_is_an_orphan(mande_rows, make_project, check_rule):
    mande_rows.set("Results", {"result_id": "R3"}, parent_id="R1")
    row = mande_rows.excel_row("Results", result_id="R3")
    result = check_rule("ME02", make_project(mande_rows))
    assert result.where == [("ME02", "Results", f"C{row}")]
    assert "which is an impact, not an outcome" in result.findings[0].message


def test_an_output_without_parent_is_an_orphan(mande_rows, make_project, check_rule):
    mande_rows.set("Results", {"result_id": "R3"}, parent_id=None)
    result = check_rule("ME02", make_project(mande_rows))
    assert result.where == [("ME02", "Results", "C4")]


def test_blank_assumptions_are_reported_at_their_cell(mande_rows, make_project, check_rule):
    mande_rows.set("Results", {"result_id": "R2"}, assumptions=None)
    assert check_rule("ME03", make_project(mande_rows)).where == [("ME03", "Results", "F3")]


def test_assumptions_levels_are_a_parameter(mande_rows, make_project, check_rule):
    mande_rows.set("Results", {"result_id": "R2"}, assumptions=None)
    assert check_rule("ME03", make_project(mande_rows), levels=["output"]).where == []


def test_a_result_without_indicator_fails_at_its_id(mande_rows, make_project, check_rule):
    mande_rows.remove("Indicators", result_id="R2")
    assert check_rule("ME04", make_project(mande_rows)).where == [("ME04", "Results", "A3")]


@pytest.mark.parametrize(
    ("field", "column"),
    [
        ("baseline_value", "E"),
        ("target_value", "G"),
        ("target_date", "H"),
        ("means_of_verification", "I"),
        ("responsible_org", "K"),
    ],
)
def test_an_incomplete_indicator_fails_at_the_blank_cell(
    field, column, mande_rows, make_project, check_rule
):
    mande_rows.set("Indicators", {"indicator_id": "I2"}, **{field: None})
    assert check_rule("ME05", make_project(mande_rows)).where == [
        ("ME05", "Indicators", f"{column}3")
    ]


def test_a_target_after_the_project_fails(mande_rows, make_project, check_rule):
    mande_rows.set("Indicators", {"indicator_id": "I1"}, target_date=dt.date(2031, 12, 31))
    assert check_rule("ME06", make_project(mande_rows)).where == [("ME06", "Indicators", "H2")]


def test_no_m_and_e_activity_fails(mande_rows: Rows, make_project, check_rule):
    mande_rows.remove("Activities", type="m_and_e")
    assert check_rule("ME07", make_project(mande_rows)).where == [("ME07", "Activities", None)]


def test_unbudgeted_m_and_e_activities_fail_at_their_budget(mande_rows, make_project, check_rule):
    planned = mande_rows.find("Activities", type="m_and_e")
    for row in planned:
        row["budget"] = None
    result = check_rule("ME07", make_project(mande_rows))
    assert len(result.where) == len(planned)
    first = mande_rows.excel_row("Activities", activity_id=planned[0]["activity_id"])
    assert result.where[0][1:] == ("Activities", f"N{first}")


def test_a_broken_chain_fires_at_the_right_cells(mande_rows, make_workbook, clustercheck_plugins):
    """The whole check of a workbook whose chain is broken, as ``clustercheck check`` runs it."""
    from clustercheck.api import Checker
    from clustercheck.config import Config

    mande_rows.set("Results", {"result_id": "R3"}, parent_id="R1", assumptions=None)
    mande_rows.remove("Indicators", result_id="R2")
    run = Checker(plugins=clustercheck_plugins, config=Config(select=("ME",))).check(
        [make_workbook(mande_rows)]
    )
    where = [(f.rule, f.location.sheet, f.location.cell) for f in run.projects[0].findings]
    assert where == [
        ("ME02", "Results", "C4"),
        ("ME03", "Results", "F4"),
        ("ME04", "Results", "A3"),
    ]
