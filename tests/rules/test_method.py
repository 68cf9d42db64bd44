"""The method rules, PR01-PR04, on the example project and variants of it."""

from __future__ import annotations

import datetime as dt

import pytest

CODES = ["PR01", "PR02", "PR03", "PR04"]
CL2_IMPLEMENTATION = ["A36", "A37", "A38", "A39", "A40", "A41", "A42"]


@pytest.mark.parametrize("code", CODES)
def test_example_passes(code, make_project, check_rule):
    result = check_rule(code, make_project())
    assert (result.outcome, result.findings) == ("pass", [])


# -- PR01 shared-selection -------------------------------------------------------------------------


def test_pr01_no_selection_criteria(project_rows, make_project, check_rule):
    project_rows.set("Clusters", {"cluster_id": "CL2"}, selection_criteria=None)
    result = check_rule("PR01", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("PR01", "Clusters", "F3")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", "CL2")]


@pytest.mark.parametrize(
    "selected_by",
    [("ORG-UNIDO",), ("ORG-UNIDO", "ORG-SECO"), None],
    ids=["unido", "foreign", "none"],
)
def test_pr01_not_selected_with_a_local_organisation(
    selected_by, project_rows, make_project, check_rule
):
    project_rows.set("Clusters", {"cluster_id": "CL1"}, selected_by=selected_by)
    result = check_rule("PR01", make_project(project_rows))
    assert result.where == [("PR01", "Clusters", "H2")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", "CL1")]


def test_pr01_unido_marked_local_does_not_count(project_rows, make_project, check_rule):
    project_rows.set("Organisations", {"org_id": "ORG-UNIDO"}, is_local=True)
    project_rows.set("Clusters", {"cluster_id": "CL1"}, selected_by=("ORG-UNIDO",))
    assert check_rule("PR01", make_project(project_rows)).where == [("PR01", "Clusters", "H2")]


def test_pr01_blank_is_local_is_unknown(project_rows, make_project, check_rule):
    project_rows.set("Clusters", {"cluster_id": "CL1"}, selected_by=("ORG-APII", "ORG-UNIDO"))
    project_rows.set("Organisations", {"org_id": "ORG-APII"}, is_local=None)
    result = check_rule("PR01", make_project(project_rows))
    row = project_rows.excel_row("Organisations", org_id="ORG-APII")
    assert result.outcome == "unknown"
    assert result.where == [("PR01", "Organisations", f"E{row}")]
    assert result.findings[0].cluster == "CL1"


# -- PR02 phases-in-order --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("removed", "phase"),
    [
        (["A31", "A32"], "diagnostic"),
        (["A35"], "action plan"),
        (CL2_IMPLEMENTATION, "implementation"),
    ],
)
def test_pr02_missing_phase(removed, phase, project_rows, make_project, check_rule):
    for activity in removed:
        project_rows.remove("Activities", activity_id=activity)
    result = check_rule("PR02", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("PR02", "Clusters", "A3")]
    [finding] = result.findings
    assert (finding.severity, finding.cluster) == ("error", "CL2")
    assert f"no activity in the {phase} phase" in finding.message


@pytest.mark.parametrize(
    ("activity", "start"),
    [
        ("A15", dt.date(2026, 8, 1)),  # the action plan before the diagnostic ends (A12)
        ("A20", dt.date(2026, 10, 1)),  # implementation before the action plan starts (A15)
    ],
)
def test_pr02_out_of_order(activity, start, project_rows, make_project, check_rule):
    project_rows.set("Activities", {"activity_id": activity}, start_date=start)
    result = check_rule("PR02", make_project(project_rows))
    row = project_rows.excel_row("Activities", activity_id=activity)
    assert result.outcome == "fail"
    assert result.where == [("PR02", "Activities", f"F{row}")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", "CL1")]


@pytest.mark.parametrize(
    ("activity", "field", "column"), [("A12", "end_date", "G"), ("A16", "start_date", "F")]
)
def test_pr02_blank_date_is_unknown(
    activity, field, column, project_rows, make_project, check_rule
):
    project_rows.set("Activities", {"activity_id": activity}, **{field: None})
    result = check_rule("PR02", make_project(project_rows))
    row = project_rows.excel_row("Activities", activity_id=activity)
    assert result.outcome == "unknown"
    assert result.where == [("PR02", "Activities", f"{column}{row}")]


def test_pr02_overlap_among_known_dates_is_certain(project_rows, make_project, check_rule):
    # The diagnostic's last end is blank, but the plan already starts before a known end (A11's).
    project_rows.set("Activities", {"activity_id": "A12"}, end_date=None)
    project_rows.set("Activities", {"activity_id": "A15"}, start_date=dt.date(2026, 8, 1))
    result = check_rule("PR02", make_project(project_rows))
    row = project_rows.excel_row("Activities", activity_id="A15")
    assert result.where == [("PR02", "Activities", f"F{row}")]
    assert result.outcome == "fail"


# -- PR03 realistic-duration -----------------------------------------------------------------------


def test_pr03_short_project(project_rows, make_project, check_rule):
    project_rows.project["end_date"] = dt.date(2028, 6, 30)
    result = check_rule("PR03", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("PR03", "Project", "B7")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", None)]


def test_pr03_end_date_is_inclusive(project_rows, make_project, check_rule):
    project_rows.project["end_date"] = dt.date(2028, 12, 31)  # three years to the day
    assert check_rule("PR03", make_project(project_rows)).outcome == "pass"
    assert check_rule("PR03", make_project(project_rows), min_duration_months=37).outcome == "fail"


@pytest.mark.parametrize(
    ("person", "change", "column", "cluster"),
    [
        ("P03", {"start_date": dt.date(2027, 1, 1)}, "I", "CL2"),
        ("P02", {"end_date": dt.date(2028, 12, 31)}, "J", "CL1"),
    ],
)
def test_pr03_cda_covers_too_little(
    person, change, column, cluster, project_rows, make_project, check_rule
):
    project_rows.set("Team", {"person_id": person}, **change)
    result = check_rule("PR03", make_project(project_rows))
    row = project_rows.excel_row("Team", person_id=person)
    assert result.where == [("PR03", "Team", f"{column}{row}")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", cluster)]


def test_pr03_blank_project_date_is_unknown(project_rows, make_project, check_rule):
    project_rows.project["start_date"] = None
    result = check_rule("PR03", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("PR03", "Project", "B6")]


def test_pr03_blank_cda_date_is_unknown(project_rows, make_project, check_rule):
    project_rows.set("Team", {"person_id": "P02"}, start_date=None)
    result = check_rule("PR03", make_project(project_rows))
    row = project_rows.excel_row("Team", person_id="P02")
    assert result.outcome == "unknown"
    assert result.where == [("PR03", "Team", f"I{row}")]
    assert result.findings[0].cluster == "CL1"


@pytest.mark.parametrize(
    ("params", "outcome"),
    [
        ({"min_duration_months": 48}, "pass"),  # 2026-01-01 to 2029-12-31 is 48 months, to a day
        ({"min_duration_months": 49}, "fail"),
        ({"min_cda_coverage": 0.95}, "pass"),  # the CDAs start a month late: 98%
        ({"min_cda_coverage": 0.99}, "fail"),
    ],
)
def test_pr03_parameters(params, outcome, make_project, check_rule):
    assert check_rule("PR03", make_project(), **params).outcome == outcome


# -- PR04 joint-action -----------------------------------------------------------------------------


def test_pr04_too_little_joint_action(project_rows, make_project, check_rule):
    for activity in ("A16", "A17"):
        project_rows.set("Activities", {"activity_id": activity}, type="training")
    result = check_rule("PR04", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("PR04", "Clusters", "A2")]
    [finding] = result.findings
    assert (finding.severity, finding.cluster) == ("warning", "CL1")
    assert "2 of 7 implementation activities" in finding.message


def test_pr04_no_institutional_support(project_rows, make_project, check_rule):
    for activity in ("A40", "A42"):
        project_rows.set("Activities", {"activity_id": activity}, type="training")
    result = check_rule("PR04", make_project(project_rows))
    assert result.where == [("PR04", "Clusters", "A3")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", "CL2")]
    assert "institutional_support" in result.findings[0].message


def test_pr04_no_implementation(project_rows, make_project, check_rule):
    for activity in CL2_IMPLEMENTATION:
        project_rows.remove("Activities", activity_id=activity)
    assert check_rule("PR04", make_project(project_rows)).where == [("PR04", "Clusters", "A3")]


def test_pr04_blank_type_that_decides_is_unknown(project_rows, make_project, check_rule):
    for activity in ("A16", "A17"):
        project_rows.set("Activities", {"activity_id": activity}, type=None)
    result = check_rule("PR04", make_project(project_rows))
    rows = [project_rows.excel_row("Activities", activity_id=a) for a in ("A16", "A17")]
    assert result.outcome == "unknown"
    assert result.where == [("PR04", "Activities", f"D{row}") for row in rows]


@pytest.mark.parametrize(("share", "outcome"), [(0.55, "pass"), (0.6, "fail")])
def test_pr04_min_joint_share_parameter(share, outcome, make_project, check_rule):
    # Each cluster has 4 joint actions or networks among 7 implementation activities: 57%.
    assert check_rule("PR04", make_project(), min_joint_share=share).outcome == outcome
