"""The Cluster Commission rules, CC01-CC05, on the example project and variants of it."""

from __future__ import annotations

import datetime as dt

import pytest

CODES = ["CC01", "CC02", "CC03", "CC04", "CC05"]


@pytest.mark.parametrize("code", CODES)
def test_example_passes(code, make_project, check_rule):
    result = check_rule(code, make_project())
    assert (result.outcome, result.findings) == ("pass", [])


# -- CC01 commission-per-cluster -------------------------------------------------------------------


def test_cc01_cluster_without_commission(project_rows, make_project, check_rule):
    project_rows.remove("Bodies", body_id="B-CC2")
    project_rows.remove("BodyMembers", body_id="B-CC2")
    for activity in project_rows.find("Activities", endorsed_by="B-CC2"):
        activity["endorsed_by"] = None
    result = check_rule("CC01", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("CC01", "Clusters", "A3")]
    [finding] = result.findings
    assert (finding.severity, finding.cluster) == ("error", "CL2")
    assert "CL2 (Cap Bon harissa" in finding.message


def test_cc01_other_forum_counts(project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-CC2"}, type="other_forum")
    assert check_rule("CC01", make_project(project_rows)).outcome == "pass"


def test_cc01_technical_committee_does_not_count(project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-CC2"}, type="technical_committee")
    assert check_rule("CC01", make_project(project_rows)).where == [("CC01", "Clusters", "A3")]


@pytest.mark.parametrize(
    ("stage", "where"),
    [
        ("design", []),
        ("inception", []),
        ("midterm", [("CC01", "Bodies", "E3"), ("CC01", "Bodies", "E4")]),
        ("final", [("CC01", "Bodies", "E3"), ("CC01", "Bodies", "E4")]),
    ],
)
def test_cc01_still_planned_late(stage, where, make_project, check_rule):
    result = check_rule("CC01", make_project(stage=stage))
    assert result.where == where
    assert [(f.severity, f.cluster) for f in result.findings] == [
        ("warning", c) for c in ["CL1", "CL2"][: len(where)]
    ]


def test_cc01_established_at_midterm_passes(project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-CC1"}, status="established")
    result = check_rule("CC01", make_project(project_rows, stage="midterm"))
    assert result.where == [("CC01", "Bodies", "E4")]


def test_cc01_blank_status_at_midterm_is_unknown(project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-CC1"}, status="established")
    project_rows.set("Bodies", {"body_id": "B-CC2"}, status=None)
    result = check_rule("CC01", make_project(project_rows, stage="midterm"))
    assert result.outcome == "unknown"
    assert result.where == [("CC01", "Bodies", "E4")]
    assert result.findings[0].unknown
    assert "Bodies!E4" in result.findings[0].message


# -- CC02 stakeholder-categories -------------------------------------------------------------------


def test_cc02_missing_civil_society_is_a_warning(project_rows, make_project, check_rule):
    project_rows.remove("BodyMembers", body_id="B-CC1", org_id="ORG-WAS")
    result = check_rule("CC02", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("CC02", "Bodies", "A3")]
    [finding] = result.findings
    assert (finding.severity, finding.cluster) == ("warning", "CL1")
    assert "civil society" in finding.message


def test_cc02_no_firm_is_an_error(project_rows, make_project, check_rule):
    for firm in ("ORG-F06", "ORG-F07", "ORG-F08", "ORG-F09", "ORG-F10"):
        project_rows.remove("BodyMembers", body_id="B-CC2", org_id=firm)
    result = check_rule("CC02", make_project(project_rows))
    assert result.where == [("CC02", "Bodies", "A4")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("error", "CL2")]


@pytest.mark.parametrize(
    ("removed", "outcome"),
    [
        (["ORG-CNCC"], "pass"),  # the academic observer counts as a support institution
        (["ORG-CNCC", "ORG-ENIS"], "fail"),
    ],
)
def test_cc02_academic_counts_as_support(removed, outcome, project_rows, make_project, check_rule):
    for org in removed:
        project_rows.remove("BodyMembers", body_id="B-CC1", org_id=org)
    assert check_rule("CC02", make_project(project_rows)).outcome == outcome


def test_cc02_blank_category_is_unknown(project_rows, make_project, check_rule):
    project_rows.remove("BodyMembers", body_id="B-CC1", org_id="ORG-WAS")
    project_rows.set("Organisations", {"org_id": "ORG-MSF"}, category=None)
    result = check_rule("CC02", make_project(project_rows))
    row = project_rows.excel_row("Organisations", org_id="ORG-MSF")
    assert result.outcome == "unknown"
    assert result.where == [("CC02", "Organisations", f"C{row}")]


def test_cc02_required_categories_parameter(project_rows, make_project, check_rule):
    project_rows.remove("BodyMembers", body_id="B-CC1", org_id="ORG-WAS")
    project = make_project(project_rows)
    fewer = ["firm", "support_institution", "business_association", "local_authority"]
    assert check_rule("CC02", project).outcome == "fail"
    assert check_rule("CC02", project, required_categories=fewer).outcome == "pass"


# -- CC03 firm-led ---------------------------------------------------------------------------------


def test_cc03_too_few_firms(project_rows, make_project, check_rule):
    for firm in ("ORG-F01", "ORG-F02", "ORG-F03"):
        project_rows.remove("BodyMembers", body_id="B-CC1", org_id=firm)
    result = check_rule("CC03", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("CC03", "Bodies", "A3")]
    [finding] = result.findings
    assert (finding.severity, finding.cluster) == ("warning", "CL1")
    assert "2 firms among 8 members" in finding.message


def test_cc03_no_micro_or_small_firm(project_rows, make_project, check_rule):
    for firm in ("ORG-F06", "ORG-F07", "ORG-F08", "ORG-F09"):
        project_rows.set("Organisations", {"org_id": firm}, size_class="medium")
    result = check_rule("CC03", make_project(project_rows))
    assert result.where == [("CC03", "Bodies", "A4")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", "CL2")]
    assert "micro or small" in result.findings[0].message


def test_cc03_large_firms_dominate(project_rows, make_project, check_rule):
    for firm in ("ORG-F01", "ORG-F03"):
        project_rows.set("Organisations", {"org_id": firm}, size_class="large")
    result = check_rule("CC03", make_project(project_rows))
    assert result.where == [("CC03", "Bodies", "A3")]
    assert "3 large firms among its 5 firm members" in result.findings[0].message


def test_cc03_blank_size_that_decides_is_unknown(project_rows, make_project, check_rule):
    # 2 large firms of 5 pass; a third large one would not, and F01's size is blank.
    project_rows.set("Organisations", {"org_id": "ORG-F03"}, size_class="large")
    project_rows.set("Organisations", {"org_id": "ORG-F01"}, size_class=None)
    result = check_rule("CC03", make_project(project_rows))
    row = project_rows.excel_row("Organisations", org_id="ORG-F01")
    assert result.outcome == "unknown"
    assert result.where == [("CC03", "Organisations", f"D{row}")]
    assert result.findings[0].cluster == "CL1"


def test_cc03_blank_size_that_does_not_decide_passes(project_rows, make_project, check_rule):
    project_rows.set("Organisations", {"org_id": "ORG-F01"}, size_class=None)
    assert check_rule("CC03", make_project(project_rows)).outcome == "pass"


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({"min_firm_share": 0.5}, [("CC03", "Bodies", "A3"), ("CC03", "Bodies", "A4")]),
        ({"min_firm_share": 0.45}, []),  # 5 firms of 11 members
        ({"max_large_firm_share": 0.1}, [("CC03", "Bodies", "A3"), ("CC03", "Bodies", "A4")]),
        ({"max_large_firm_share": 0.2}, []),  # 1 large firm of 5
    ],
)
def test_cc03_parameters(params, where, make_project, check_rule):
    assert check_rule("CC03", make_project(), **params).where == where


# -- CC04 commission-endorses ----------------------------------------------------------------------


def test_cc04_missing_function(project_rows, make_project, check_rule):
    project_rows.set(
        "Bodies", {"body_id": "B-CC2"}, functions=("review_diagnostic", "review_progress_reports")
    )
    result = check_rule("CC04", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("CC04", "Bodies", "G4")]
    [finding] = result.findings
    assert (finding.severity, finding.cluster) == ("warning", "CL2")
    assert "endorse_action_plan" in finding.message


def test_cc04_no_functions_misses_all_three(project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-CC1"}, functions=None)
    result = check_rule("CC04", make_project(project_rows))
    assert result.where == [("CC04", "Bodies", "G3")] * 3


@pytest.mark.parametrize("endorser", ["B-PSC", None])
def test_cc04_activity_not_endorsed_by_commission(endorser, project_rows, make_project, check_rule):
    project_rows.set("Activities", {"activity_id": "A15"}, endorsed_by=endorser)
    result = check_rule("CC04", make_project(project_rows))
    row = project_rows.excel_row("Activities", activity_id="A15")
    assert result.outcome == "fail"
    assert result.where == [("CC04", "Activities", f"K{row}")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("info", "CL1")]


def test_cc04_other_phases_need_no_endorsement(project_rows, make_project, check_rule):
    project_rows.set("Activities", {"activity_id": "A16"}, endorsed_by=None)
    assert check_rule("CC04", make_project(project_rows)).outcome == "pass"


# -- CC05 formal-structure -------------------------------------------------------------------------


def test_cc05_cluster_without_structure(project_rows, make_project, check_rule):
    project_rows.remove("Bodies", body_id="B-GS2")
    result = check_rule("CC05", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("CC05", "Clusters", "A3")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("error", "CL2")]


def test_cc05_one_project_wide_structure_serves_every_cluster(
    project_rows, make_project, check_rule
):
    project_rows.remove("Bodies", body_id="B-GS2")
    project_rows.set("Bodies", {"body_id": "B-GS1"}, cluster_id=None)
    assert check_rule("CC05", make_project(project_rows)).outcome == "pass"


@pytest.mark.parametrize(
    ("change", "cell"),
    [
        ({"established_date": dt.date(2030, 3, 31)}, "F5"),
        ({"has_written_rules": False}, "I5"),
    ],
)
def test_cc05_late_or_without_rules_is_a_warning(
    change, cell, project_rows, make_project, check_rule
):
    project_rows.set("Bodies", {"body_id": "B-GS1"}, **change)
    result = check_rule("CC05", make_project(project_rows))
    assert result.where == [("CC05", "Bodies", cell)]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", "CL1")]


@pytest.mark.parametrize(
    ("field", "cell"), [("established_date", "F6"), ("has_written_rules", "I6")]
)
def test_cc05_blank_is_unknown(field, cell, project_rows, make_project, check_rule):
    project_rows.set("Bodies", {"body_id": "B-GS2"}, **{field: None})
    result = check_rule("CC05", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("CC05", "Bodies", cell)]
    assert result.findings[0].cluster == "CL2"


@pytest.mark.parametrize(
    ("stage", "where"),
    [("midterm", []), ("final", [("CC05", "Bodies", "E5"), ("CC05", "Bodies", "E6")])],
)
def test_cc05_still_planned_only_matters_at_final(stage, where, make_project, check_rule):
    result = check_rule("CC05", make_project(stage=stage))
    assert result.where == where
    assert all(f.severity == "warning" for f in result.findings)


def test_cc05_project_wide_structure_is_judged_once(project_rows, make_project, check_rule):
    project_rows.remove("Bodies", body_id="B-GS2")
    project_rows.set("Bodies", {"body_id": "B-GS1"}, cluster_id=None, has_written_rules=False)
    result = check_rule("CC05", make_project(project_rows))
    assert result.where == [("CC05", "Bodies", "I5")]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", None)]


def test_cc05_blank_project_end_is_unknown_once(project_rows, make_project, check_rule):
    project_rows.project["end_date"] = None
    result = check_rule("CC05", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("CC05", "Project", "B7")]
