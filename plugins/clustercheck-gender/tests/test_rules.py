"""Each GEN rule passes on a valid project and fails at the cell that shows the gap."""

from __future__ import annotations

import pytest


def marker_cell(plugins) -> str:
    """The Project form writes one field a row, in schema order under a header, values in B."""
    names = [c.name for c in plugins.schema.sheet("Project").columns]
    return f"B{names.index('gender_marker') + 2}"


def test_the_plugin_adds_its_columns_and_rules(clustercheck_plugins):
    schema = clustercheck_plugins.schema
    assert schema.sheet("Project").columns[-1].name == "gender_marker"
    assert schema.sheet("Organisations").columns[-1].name == "women_led"
    assert [r.code for r in clustercheck_plugins.rules if r.family == "GEN"] == ["GEN01", "GEN02"]


@pytest.mark.parametrize("code", ["GEN01", "GEN02"])
def test_passes_on_a_gender_responsive_design(code, gender_rows, make_project, check_rule):
    result = check_rule(code, make_project(gender_rows))
    assert (result.outcome, result.where) == ("pass", [])


def test_the_columns_land_typed_in_extra(gender_rows, make_project):
    project = make_project(gender_rows)
    assert project.info.extra["gender_marker"] == "2a"
    assert project.org_by_id["ORG-F09"].extra["women_led"] is True
    assert project.org_by_id["ORG-F01"].get("women_led") is False


@pytest.mark.parametrize("marker", [None, "0", "1"])
def test_a_missing_or_low_marker_fails_at_its_cell(
    marker, gender_rows, make_project, check_rule, clustercheck_plugins
):
    gender_rows.project["gender_marker"] = marker
    result = check_rule("GEN01", make_project(gender_rows))
    assert result.where == [("GEN01", "Project", marker_cell(clustercheck_plugins))]
    assert result.outcome == "fail"


def test_accepted_markers_are_a_parameter(gender_rows, make_project, check_rule):
    gender_rows.project["gender_marker"] = "1"
    assert check_rule("GEN01", make_project(gender_rows), accepted=["1", "2a", "2b"]).where == []


def test_a_commission_without_women_led_members_fails_at_its_id(
    gender_rows, make_project, check_rule
):
    gender_rows.set("Organisations", {"org_id": "ORG-F04"}, women_led=False)
    row = gender_rows.excel_row("Bodies", body_id="B-CC1")
    result = check_rule("GEN02", make_project(gender_rows))
    assert result.where == [("GEN02", "Bodies", f"A{row}")]
    assert (result.outcome, result.findings[0].cluster) == ("fail", "CL1")


def test_a_womens_business_association_counts(gender_rows, make_project, check_rule):
    gender_rows.set("Organisations", {"org_id": "ORG-F04"}, women_led=False)
    gender_rows.set("Organisations", {"org_id": "ORG-FNCC"}, women_led=True)
    assert check_rule("GEN02", make_project(gender_rows)).where == []


def test_a_womens_civil_society_association_counts_only_when_configured(
    gender_rows, make_project, check_rule
):
    gender_rows.set("Organisations", {"org_id": "ORG-F04"}, women_led=False)
    gender_rows.set("Organisations", {"org_id": "ORG-WAS"}, women_led=True)
    project = make_project(gender_rows)
    assert len(check_rule("GEN02", project).where) == 1
    categories = ["firm", "business_association", "civil_society"]
    assert check_rule("GEN02", project, categories=categories).where == []


def test_blank_women_led_is_missing_evidence_not_a_gap(gender_rows, make_project, check_rule):
    for org in gender_rows.sheet("Organisations"):
        org["women_led"] = None
    result = check_rule("GEN02", make_project(gender_rows))
    assert result.outcome == "unknown"
    assert [f.unknown for f in result.findings] == [True, True]
    assert "ORG-F01" in result.findings[0].message
