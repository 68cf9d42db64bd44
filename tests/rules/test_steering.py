"""The Steering Committee rules, SC01-SC04, on the example project and variants of it."""

from __future__ import annotations

import pytest

CODES = ["SC01", "SC02", "SC03", "SC04"]


@pytest.mark.parametrize("code", CODES)
def test_example_passes(code, make_project, check_rule):
    result = check_rule(code, make_project())
    assert (result.outcome, result.findings) == ("pass", [])


# -- SC01 steering-committee-exists ----------------------------------------------------------------


def test_sc01_no_steering_committee(project_rows, make_project, check_rule):
    project_rows.remove("Bodies", body_id="B-PSC")
    project_rows.remove("BodyMembers", body_id="B-PSC")
    for activity in project_rows.find("Activities", endorsed_by="B-PSC"):
        activity["endorsed_by"] = None
    result = check_rule("SC01", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("SC01", "Bodies", None)]
    assert [(f.severity, f.cluster) for f in result.findings] == [("error", None)]


@pytest.mark.parametrize(
    ("stage", "status", "where"),
    [
        ("inception", "planned", []),
        ("midterm", "planned", [("SC01", "Bodies", "E2")]),
        ("final", "planned", [("SC01", "Bodies", "E2")]),
        ("final", "established", []),
    ],
)
def test_sc01_still_planned_late(stage, status, where, project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-PSC"}, status=status)
    result = check_rule("SC01", make_project(project_rows, stage=stage))
    assert result.where == where
    assert all(f.severity == "warning" for f in result.findings)


def test_sc01_blank_status_at_midterm_is_unknown(project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-PSC"}, status=None)
    result = check_rule("SC01", make_project(project_rows, stage="midterm"))
    assert result.outcome == "unknown"
    assert result.where == [("SC01", "Bodies", "E2")]


# -- SC02 steering-composition ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("removed", "severity", "missing"),
    [
        (["ORG-UNIDO"], "error", "UNIDO"),
        (["ORG-MIN", "ORG-GSF", "ORG-GNB"], "error", "national or regional government"),
        (["ORG-UTICA"], "warning", "business association"),
        (["ORG-SECO"], "warning", "donor"),
    ],
)
def test_sc02_missing_member(removed, severity, missing, project_rows, make_project, check_rule):
    for org in removed:
        project_rows.remove("BodyMembers", body_id="B-PSC", org_id=org)
    result = check_rule("SC02", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("SC02", "Bodies", "A2")]
    [finding] = result.findings
    assert (finding.severity, finding.cluster) == (severity, None)
    assert f"no {missing} among" in finding.message


def test_sc02_local_authority_is_not_national_or_regional(project_rows, make_project, check_rule):
    for org in ("ORG-MIN", "ORG-GSF", "ORG-GNB"):
        project_rows.remove("BodyMembers", body_id="B-PSC", org_id=org)
    project_rows.add("BodyMembers", body_id="B-PSC", org_id="ORG-MSF", member_role="member")
    result = check_rule("SC02", make_project(project_rows))
    assert [f.severity for f in result.findings] == ["error"]


def test_sc02_donor_required_parameter(project_rows, make_project, check_rule):
    project_rows.remove("BodyMembers", body_id="B-PSC", org_id="ORG-SECO")
    project = make_project(project_rows)
    assert check_rule("SC02", project).outcome == "fail"
    assert check_rule("SC02", project, donor_required=False).outcome == "pass"


def test_sc02_blank_category_is_unknown(project_rows, make_project, check_rule):
    project_rows.remove("BodyMembers", body_id="B-PSC", org_id="ORG-SECO")
    project_rows.set("Organisations", {"org_id": "ORG-APII"}, category=None)
    result = check_rule("SC02", make_project(project_rows))
    row = project_rows.excel_row("Organisations", org_id="ORG-APII")
    assert result.outcome == "unknown"
    assert result.where == [("SC02", "Organisations", f"C{row}")]


# -- SC03 steering-decides -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "cell"),
    [
        ({"functions": ("approve_workplan", "review_progress_reports")}, "G2"),
        ({"functions": None}, "G2"),
        ({"meetings_per_year": 1}, "H2"),
    ],
)
def test_sc03_fails(change, cell, project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-PSC"}, **change)
    result = check_rule("SC03", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("SC03", "Bodies", cell)]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", None)]


def test_sc03_blank_meetings_is_unknown(project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-PSC"}, meetings_per_year=None)
    result = check_rule("SC03", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("SC03", "Bodies", "H2")]
    assert "Bodies!H2" in result.findings[0].message


@pytest.mark.parametrize(("least", "outcome"), [(2, "pass"), (3, "fail")])
def test_sc03_min_meetings_parameter(least, outcome, make_project, check_rule):
    assert check_rule("SC03", make_project(), min_meetings_per_year=least).outcome == outcome


# -- SC04 political-commitment ---------------------------------------------------------------------


def test_sc04_no_government_or_counterpart_commitment(project_rows, make_project, check_rule):
    for commitment in ("COM-01", "COM-03", "COM-04", "COM-05"):
        project_rows.remove("Commitments", commitment_id=commitment)
    result = check_rule("SC04", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("SC04", "Commitments", None)]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", None)]


def test_sc04_no_commitments_sheet(project_rows, make_project, check_rule):
    project_rows.drop_sheet("Commitments")
    assert check_rule("SC04", make_project(project_rows)).where == [("SC04", "Commitments", None)]


def test_sc04_counterpart_commitment_is_enough(project_rows, make_project, check_rule):
    # Left: the donor's cash, and the planned commitments of the counterparts CNCC and CTAA.
    for commitment in ("COM-01", "COM-05"):
        project_rows.remove("Commitments", commitment_id=commitment)
    assert check_rule("SC04", make_project(project_rows)).outcome == "pass"


def test_sc04_blank_status_is_unknown(project_rows, make_project, check_rule):
    for commitment in ("COM-03", "COM-04", "COM-05"):
        project_rows.remove("Commitments", commitment_id=commitment)
    project_rows.set("Commitments", {"commitment_id": "COM-01"}, status=None)
    result = check_rule("SC04", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("SC04", "Commitments", "E2")]


def test_sc04_no_national_policy_is_info(project_rows, make_project, check_rule):
    project_rows.project["national_policy_refs"] = None
    result = check_rule("SC04", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("SC04", "Project", "B11")]
    assert [f.severity for f in result.findings] == ["info"]
