"""TEAM01-TEAM04: the project team rules, each on the example and on a workbook that fails it."""

from __future__ import annotations

import datetime as dt

import pytest

from clustercheck_unido import team

CODES = ["TEAM01", "TEAM02", "TEAM03", "TEAM04"]


def at(rows, sheet, column, **match):
    """The A1 cell of ``column`` in the one row of ``sheet`` matching ``match``."""
    return f"{column}{rows.excel_row(sheet, **match)}"


def test_metadata_follows_the_catalogue():
    assert [(r.code, r.name, r.severity, r.defaults) for r in team.RULES] == [
        ("TEAM01", "coordinator-designated", "error", {}),
        ("TEAM02", "one-cda-per-cluster", "error", {"max_clusters_per_cda": 1, "min_cda_fte": 0.5}),
        ("TEAM03", "cda-before-diagnostic", "warning", {"max_cda_delay_months": 3}),
        ("TEAM04", "local-staffing", "warning", {"min_local_share": 0.5}),
    ]


@pytest.mark.parametrize("code", CODES)
def test_example_passes(code, make_project, check_rule):
    result = check_rule(code, make_project())
    assert (result.outcome, result.findings) == ("pass", [])


# TEAM01 coordinator-designated


def test_team01_no_coordinator_is_an_error(project_rows, make_project, check_rule):
    project_rows.remove("Team", role="project_coordinator")
    result = check_rule("TEAM01", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("TEAM01", "Team", None)]
    assert [(f.severity, f.cluster) for f in result.findings] == [("error", None)]


def test_team01_two_coordinators_is_a_warning(project_rows, make_project, check_rule):
    project_rows.set("Team", {"person_id": "P06"}, role="project_coordinator")
    result = check_rule("TEAM01", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("TEAM01", "Team", at(project_rows, "Team", "C", person_id="P06"))]
    assert [f.severity for f in result.findings] == ["warning"]
    assert "P01" in result.findings[0].message
    assert "P06" in result.findings[0].message


def test_team01_blank_role_is_unknown(project_rows, make_project, check_rule):
    project_rows.remove("Team", role="project_coordinator")
    project_rows.set("Team", {"person_id": "P06"}, role=None)
    result = check_rule("TEAM01", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("TEAM01", "Team", at(project_rows, "Team", "C", person_id="P06"))]


# TEAM02 one-cda-per-cluster


def test_team02_cluster_without_cda_is_an_error(project_rows, make_project, check_rule):
    project_rows.remove("Team", person_id="P03")
    result = check_rule("TEAM02", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [
        ("TEAM02", "Clusters", at(project_rows, "Clusters", "A", cluster_id="CL2"))
    ]
    assert [(f.severity, f.cluster) for f in result.findings] == [("error", "CL2")]
    assert "CL2 (Cap Bon harissa" in result.findings[0].message


def test_team02_cda_on_two_clusters_is_a_warning(project_rows, make_project, check_rule):
    project_rows.set("Team", {"person_id": "P02"}, cluster_ids=("CL1", "CL2"))
    project = make_project(project_rows)
    result = check_rule("TEAM02", project)
    assert result.outcome == "fail"
    assert result.where == [("TEAM02", "Team", at(project_rows, "Team", "G", person_id="P02"))]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", None)]
    assert check_rule("TEAM02", project, max_clusters_per_cda=2).outcome == "pass"


def test_team02_part_time_cda_is_a_warning(project_rows, make_project, check_rule):
    project_rows.set("Team", {"person_id": "P03"}, fte=0.4)
    project = make_project(project_rows)
    result = check_rule("TEAM02", project)
    assert result.outcome == "fail"
    assert result.where == [("TEAM02", "Team", at(project_rows, "Team", "H", person_id="P03"))]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", "CL2")]
    assert check_rule("TEAM02", project, min_cda_fte=0.4).outcome == "pass"


@pytest.mark.parametrize(("field", "column"), [("fte", "H"), ("role", "C")])
def test_team02_blank_fte_or_role_is_unknown(field, column, project_rows, make_project, check_rule):
    project_rows.set("Team", {"person_id": "P03"}, **{field: None})
    result = check_rule("TEAM02", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("TEAM02", "Team", at(project_rows, "Team", column, person_id="P03"))]
    assert [f.cluster for f in result.findings] == ["CL2"]


# TEAM03 cda-before-diagnostic


def test_team03_cda_starting_after_the_diagnostic_is_a_warning(
    project_rows, make_project, check_rule
):
    project_rows.set("Activities", {"activity_id": "A31"}, start_date=dt.date(2026, 1, 15))
    result = check_rule("TEAM03", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("TEAM03", "Team", at(project_rows, "Team", "I", person_id="P03"))]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", "CL2")]
    assert "A31" in result.findings[0].message


def test_team03_cda_starting_late_in_the_project_is_a_warning(
    project_rows, make_project, check_rule
):
    project_rows.project["start_date"] = dt.date(2025, 10, 1)  # the CDAs start 4 months later
    project = make_project(project_rows)
    result = check_rule("TEAM03", project)
    assert result.outcome == "fail"
    assert result.where == [
        ("TEAM03", "Team", at(project_rows, "Team", "I", person_id="P02")),
        ("TEAM03", "Team", at(project_rows, "Team", "I", person_id="P03")),
    ]
    assert [(f.severity, f.cluster) for f in result.findings] == [
        ("warning", "CL1"),
        ("warning", "CL2"),
    ]
    assert check_rule("TEAM03", project, max_cda_delay_months=4).outcome == "pass"


def test_team03_cda_starting_with_the_diagnostic_passes(project_rows, make_project, check_rule):
    project_rows.set("Activities", {"activity_id": "A31"}, start_date=dt.date(2026, 2, 1))
    assert check_rule("TEAM03", make_project(project_rows)).outcome == "pass"


@pytest.mark.parametrize(
    ("sheet", "match", "column"),
    [
        ("Team", {"person_id": "P02"}, "I"),
        ("Activities", {"activity_id": "A11"}, "F"),  # the earliest diagnostic of CL1
    ],
)
def test_team03_blank_start_date_is_unknown(
    sheet, match, column, project_rows, make_project, check_rule
):
    project_rows.set(sheet, match, start_date=None)
    result = check_rule("TEAM03", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("TEAM03", sheet, at(project_rows, sheet, column, **match))]
    assert [f.cluster for f in result.findings] == ["CL1"]


def test_team03_blank_project_start_is_unknown(project_rows, make_project, check_rule):
    project_rows.project["start_date"] = None
    result = check_rule("TEAM03", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("TEAM03", "Project", "B6")]


# TEAM04 local-staffing


def test_team04_few_local_staff_is_a_warning(project_rows, make_project, check_rule):
    for person in ("P01", "P05", "P06"):  # 2 of 6 left: the CDAs, one of them seconded
        project_rows.set("Team", {"person_id": person}, is_national=False)
    project = make_project(project_rows)
    result = check_rule("TEAM04", project)
    assert result.outcome == "fail"
    assert result.where == [("TEAM04", "Team", None)]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", None)]
    assert check_rule("TEAM04", project, min_local_share=1 / 3).outcome == "pass"


def test_team04_seconded_staff_count_as_local(project_rows, make_project, check_rule):
    for person in ("P01", "P02", "P03", "P05"):
        project_rows.set("Team", {"person_id": person}, is_national=False)
    project_rows.set("Team", {"person_id": "P01"}, employer="counterpart")
    result = check_rule("TEAM04", make_project(project_rows), min_local_share=0.5)
    # P01 (employer counterpart), P03 (seconded) and P06 (national) make 50%: only the CDA gap.
    assert result.where == [("TEAM04", "Team", at(project_rows, "Team", "F", person_id="P02"))]


def test_team04_no_national_cda_is_a_warning(project_rows, make_project, check_rule):
    for person in ("P02", "P03"):
        project_rows.set("Team", {"person_id": person}, is_national=False)
    result = check_rule("TEAM04", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("TEAM04", "Team", at(project_rows, "Team", "F", person_id="P02"))]
    assert [f.severity for f in result.findings] == ["warning"]


def test_team04_blank_nationality_is_unknown(project_rows, make_project, check_rule):
    for person in ("P01", "P05", "P06"):
        project_rows.set("Team", {"person_id": person}, is_national=None)
    project_rows.set("Team", {"person_id": "P02"}, is_national=False)
    project_rows.set("Team", {"person_id": "P03"}, is_national=None)
    result = check_rule("TEAM04", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [
        ("TEAM04", "Team", at(project_rows, "Team", "F", person_id=p))
        for p in ("P01", "P05", "P06", "P03")
    ]
