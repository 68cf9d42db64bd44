"""RT01-RT03: the responsibility transfer rules, each on the example and on a workbook that fails it."""

from __future__ import annotations

import datetime as dt

import pytest

from clustercheck_unido import transfer

CODES = ["RT01", "RT02", "RT03"]
HANDOVERS = ("A24", "A25", "A26", "A44", "A45")


def at(rows, sheet, column, **match):
    """The A1 cell of ``column`` in the one row of ``sheet`` matching ``match``."""
    return f"{column}{rows.excel_row(sheet, **match)}"


def test_metadata_follows_the_catalogue():
    assert [(r.code, r.name, r.severity, r.defaults) for r in transfer.RULES] == [
        ("RT01", "handover-planned", "error", {}),
        ("RT02", "handover-to-local", "error", {}),
        ("RT03", "gradual-handover", "warning", {"min_handover_steps": 2, "late_fraction": 0.75}),
    ]


@pytest.mark.parametrize("code", CODES)
def test_example_passes(code, make_project, check_rule):
    result = check_rule(code, make_project())
    assert (result.outcome, result.findings) == ("pass", [])


# RT01 handover-planned


@pytest.mark.parametrize(
    "change",
    [
        {"handover_function": "monitoring"},
        {"type": "institutional_support", "phase": "implementation"},
    ],
    ids=["other-function", "not-a-handover"],
)
def test_rt01_cluster_without_facilitation_handover_is_an_error(
    change, project_rows, make_project, check_rule
):
    project_rows.set("Activities", {"activity_id": "A26"}, **change)
    result = check_rule("RT01", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [
        ("RT01", "Clusters", at(project_rows, "Clusters", "A", cluster_id="CL1"))
    ]
    assert [(f.severity, f.cluster) for f in result.findings] == [("error", "CL1")]


def test_rt01_blank_handover_function_is_unknown(project_rows, make_project, check_rule):
    project_rows.set("Activities", {"activity_id": "A26"}, handover_function=None)
    result = check_rule("RT01", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [
        ("RT01", "Activities", at(project_rows, "Activities", "L", activity_id="A26"))
    ]
    assert [f.cluster for f in result.findings] == ["CL1"]


# RT02 handover-to-local


@pytest.mark.parametrize("receiver", [None, "ORG-SECO"], ids=["none", "foreign"])
def test_rt02_handover_not_to_a_local_org_is_an_error(
    receiver, project_rows, make_project, check_rule
):
    project_rows.set("Activities", {"activity_id": "A25"}, receiving_org=receiver)
    result = check_rule("RT02", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [
        ("RT02", "Activities", at(project_rows, "Activities", "M", activity_id="A25"))
    ]
    assert [(f.severity, f.cluster) for f in result.findings] == [("error", "CL1")]


def test_rt02_blank_is_local_of_receiver_is_unknown(project_rows, make_project, check_rule):
    project_rows.set("Organisations", {"org_id": "ORG-FNCC"}, is_local=None)
    result = check_rule("RT02", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [
        ("RT02", "Organisations", at(project_rows, "Organisations", "E", org_id="ORG-FNCC"))
    ]
    assert [f.cluster for f in result.findings] == ["CL1"]


# RT03 gradual-handover


def test_rt03_handovers_on_one_date_is_a_warning(project_rows, make_project, check_rule):
    for activity in ("A24", "A25", "A44"):
        project_rows.remove("Activities", activity_id=activity)
    # A26 and A45 both start on 2028-07-01, 62% into the project: early enough, but one step.
    project = make_project(project_rows)
    result = check_rule("RT03", project)
    assert result.outcome == "fail"
    assert result.where == [
        ("RT03", "Activities", at(project_rows, "Activities", "F", activity_id="A26"))
    ]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", None)]
    assert check_rule("RT03", project, min_handover_steps=1).outcome == "pass"


def test_rt03_blank_start_that_could_be_a_step_is_unknown(project_rows, make_project, check_rule):
    for activity in ("A24", "A25", "A44"):
        project_rows.remove("Activities", activity_id=activity)
    project_rows.set("Activities", {"activity_id": "A45"}, start_date=None)
    result = check_rule("RT03", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [
        ("RT03", "Activities", at(project_rows, "Activities", "F", activity_id="A45"))
    ]
    assert [f.cluster for f in result.findings] == ["CL2"]


def test_rt03_no_handover_is_a_warning(project_rows, make_project, check_rule):
    project_rows.remove("Activities", type="handover")
    result = check_rule("RT03", make_project(project_rows))
    assert result.where == [("RT03", "Activities", None)]
    assert [f.severity for f in result.findings] == ["warning"]


def late(rows):
    """Move every handover into the last six months, on different dates (A24 first)."""
    for day, activity in enumerate(HANDOVERS, start=1):
        rows.set(
            "Activities",
            {"activity_id": activity},
            start_date=dt.date(2029, 7, day),
            end_date=dt.date(2029, 12, 31),
        )


def test_rt03_late_first_handover_is_a_warning(project_rows, make_project, check_rule):
    late(project_rows)
    project = make_project(project_rows)
    result = check_rule("RT03", project)
    assert result.outcome == "fail"
    assert result.where == [
        ("RT03", "Activities", at(project_rows, "Activities", "F", activity_id="A24"))
    ]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", None)]
    assert "87%" in result.findings[0].message
    assert check_rule("RT03", project, late_fraction=0.9).outcome == "pass"


def test_rt03_blank_handover_start_is_unknown(project_rows, make_project, check_rule):
    late(project_rows)
    project_rows.set("Activities", {"activity_id": "A24"}, start_date=None)
    result = check_rule("RT03", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [
        ("RT03", "Activities", at(project_rows, "Activities", "F", activity_id="A24"))
    ]
    assert [f.cluster for f in result.findings] == ["CL1"]


def test_rt03_blank_project_end_is_unknown(project_rows, make_project, check_rule):
    project_rows.project["end_date"] = None
    result = check_rule("RT03", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [("RT03", "Project", "B7")]
