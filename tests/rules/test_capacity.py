"""CAP01-CAP03: the local capacity rules, each on the example and on a workbook that fails it."""

from __future__ import annotations

import pytest

from clustercheck.engine import run_rule
from clustercheck_unido import capacity

CODES = ["CAP01", "CAP02", "CAP03"]
COUNTERPARTS = ("ORG-MIN", "ORG-CNCC", "ORG-CTAA")


def at(rows, sheet, column, **match):
    """The A1 cell of ``column`` in the one row of ``sheet`` matching ``match``."""
    return f"{column}{rows.excel_row(sheet, **match)}"


def test_metadata_follows_the_catalogue():
    phases = ("selection", "diagnostic", "action_plan", "implementation", "monitoring_evaluation")
    assert [(r.code, r.name, r.severity, r.defaults) for r in capacity.RULES] == [
        ("CAP01", "counterpart-identified", "error", {}),
        ("CAP02", "counterparts-trained", "error", {}),
        ("CAP03", "involved-every-step", "warning", {"required_phases": phases}),
    ]


@pytest.mark.parametrize("code", CODES)
def test_example_passes(code, make_project, check_rule):
    result = check_rule(code, make_project())
    assert (result.outcome, result.findings) == ("pass", [])


# CAP01 counterpart-identified


@pytest.mark.parametrize(
    "change", [{"roles": ("partner",)}, {"is_local": False}], ids=["no-counterpart", "not-local"]
)
def test_cap01_no_local_counterpart_is_an_error(change, project_rows, make_project, check_rule):
    for org in COUNTERPARTS:
        project_rows.set("Organisations", {"org_id": org}, **change)
    result = check_rule("CAP01", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("CAP01", "Organisations", None)]
    assert [(f.severity, f.cluster) for f in result.findings] == [("error", None)]


def test_cap01_foreign_counterpart_does_not_count(project_rows, make_project, check_rule):
    for org in COUNTERPARTS:
        project_rows.set("Organisations", {"org_id": org}, roles=("partner",))
    project_rows.set("Organisations", {"org_id": "ORG-UNIDO"}, roles=("counterpart",))
    result = check_rule("CAP01", make_project(project_rows))
    assert result.where == [("CAP01", "Organisations", None)]
    assert "ORG-UNIDO" in result.findings[0].message


def test_cap01_blank_is_local_is_unknown(project_rows, make_project, check_rule):
    for org in COUNTERPARTS:
        project_rows.set("Organisations", {"org_id": org}, is_local=None)
    result = check_rule("CAP01", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [
        ("CAP01", "Organisations", at(project_rows, "Organisations", "E", org_id=org))
        for org in COUNTERPARTS
    ]


# CAP02 counterparts-trained


def untrain_cncc(rows):
    """Leave CNCC out of every training of counterpart staff (A02 and A14)."""
    rows.remove("Activities", activity_id="A14")
    rows.set(
        "Activities", {"activity_id": "A02"}, involved_orgs=("ORG-UNIDO", "ORG-MIN", "ORG-CTAA")
    )


def test_cap02_untrained_counterpart_is_an_error(project_rows, make_project, check_rule):
    untrain_cncc(project_rows)
    result = check_rule("CAP02", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [
        ("CAP02", "Organisations", at(project_rows, "Organisations", "A", org_id="ORG-CNCC"))
    ]
    assert [(f.severity, f.cluster) for f in result.findings] == [("error", None)]


def test_cap02_training_for_other_targets_does_not_count(project_rows, make_project, check_rule):
    project_rows.set("Activities", {"activity_id": "A14"}, target_roles=("firms",))
    project_rows.set("Activities", {"activity_id": "A02"}, target_roles=("cda", "project_staff"))
    result = check_rule("CAP02", make_project(project_rows))
    # MIN is still trained by A04, CTAA by A34.
    assert result.where == [
        ("CAP02", "Organisations", at(project_rows, "Organisations", "A", org_id="ORG-CNCC"))
    ]


def test_cap02_foreign_counterpart_need_not_be_trained(project_rows, make_project, check_rule):
    project_rows.set("Organisations", {"org_id": "ORG-SECO"}, roles=("funding", "counterpart"))
    assert check_rule("CAP02", make_project(project_rows)).outcome == "pass"


def test_cap02_no_training_of_the_team_is_a_warning(project_rows, make_project, check_rule):
    project_rows.set("Activities", {"activity_id": "A02"}, target_roles=("counterpart_staff",))
    result = check_rule("CAP02", make_project(project_rows))
    assert result.outcome == "fail"
    assert result.where == [("CAP02", "Activities", None)]
    assert [f.severity for f in result.findings] == ["warning"]


def test_cap02_blank_target_roles_is_unknown(project_rows, make_project, check_rule):
    untrain_cncc(project_rows)
    project_rows.set("Activities", {"activity_id": "A02"}, involved_orgs=("ORG-UNIDO", "ORG-CNCC"))
    project_rows.set("Activities", {"activity_id": "A02"}, target_roles=None)
    result = check_rule("CAP02", make_project(project_rows))
    assert result.outcome == "unknown"
    cell = at(project_rows, "Activities", "J", activity_id="A02")
    # Whether A02 trains CNCC's staff, and whether any training trains the team.
    assert result.where == [("CAP02", "Activities", cell), ("CAP02", "Activities", cell)]


def test_cap02_blank_is_local_of_untrained_counterpart_is_unknown(
    project_rows, make_project, check_rule
):
    untrain_cncc(project_rows)
    project_rows.set("Organisations", {"org_id": "ORG-CNCC"}, is_local=None)
    result = check_rule("CAP02", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [
        ("CAP02", "Organisations", at(project_rows, "Organisations", "E", org_id="ORG-CNCC"))
    ]


# CAP03 involved-every-step


def test_cap03_phase_without_counterpart_is_a_warning(project_rows, make_project, check_rule):
    project_rows.set(
        "Activities",
        {"activity_id": "A01"},
        lead_org="ORG-UNIDO",
        involved_orgs=("ORG-UNIDO", "ORG-UTICA"),
    )
    project_rows.set("Activities", {"activity_id": "A02"}, involved_orgs=("ORG-UNIDO",))
    project = make_project(project_rows)
    result = check_rule("CAP03", project)
    assert result.outcome == "fail"
    assert result.where == [
        ("CAP03", "Activities", at(project_rows, "Activities", "I", activity_id="A01"))
    ]
    assert [(f.severity, f.cluster) for f in result.findings] == [("warning", None)]
    assert "selection" in result.findings[0].message
    assert check_rule("CAP03", project, required_phases=["diagnostic"]).outcome == "pass"


def test_cap03_lead_org_counts(project_rows, make_project, check_rule):
    # A01 stays led by the ministry, a counterpart, but involves no counterpart.
    project_rows.set("Activities", {"activity_id": "A01"}, involved_orgs=("ORG-UNIDO",))
    project_rows.set("Activities", {"activity_id": "A02"}, involved_orgs=("ORG-UNIDO",))
    assert check_rule("CAP03", make_project(project_rows)).outcome == "pass"


def test_cap03_phase_without_activities_is_a_warning(project_rows, make_project, check_rule):
    project_rows.remove("Activities", phase="selection")
    project = make_project(project_rows)
    result = check_rule("CAP03", project)
    assert result.where == [("CAP03", "Activities", None)]
    assert [f.severity for f in result.findings] == ["warning"]
    phases = ["diagnostic", "action_plan", "implementation", "monitoring_evaluation"]
    assert check_rule("CAP03", project, required_phases=phases).outcome == "pass"


def test_cap03_blank_phase_is_unknown(project_rows, make_project, check_rule):
    project_rows.set("Activities", {"activity_id": "A01"}, phase=None)
    project_rows.set("Activities", {"activity_id": "A02"}, phase="trust_building")
    result = check_rule("CAP03", make_project(project_rows))
    assert result.outcome == "unknown"
    assert result.where == [
        ("CAP03", "Activities", at(project_rows, "Activities", "C", activity_id="A01"))
    ]


def test_cap03_unknown_phase_parameter_is_a_rule_error(make_project, clustercheck_plugins):
    rule = clustercheck_plugins.rule("CAP03")
    result, findings = run_rule(rule, make_project(), params={"required_phases": ("design",)})
    assert (result.outcome, findings) == ("error", [])
    assert "'design' is not a phase" in (result.message or "")
