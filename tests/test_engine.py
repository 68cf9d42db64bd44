"""The engine: outcomes, crashes isolated, stages, severities from configuration."""

from __future__ import annotations

import attrs
import pytest

from clustercheck.config import Config, RuleConfig
from clustercheck.engine import check_project, run_rule
from clustercheck.findings import Finding, Outcome, Severity
from clustercheck.model import Origin, Project, ProjectInfo, Stage
from clustercheck.rule import rule


def _project(stage: Stage | None = Stage.DESIGN) -> Project:
    info = ProjectInfo(
        origin=Origin("Project", cells={"title": "B3"}), review_stage=stage, title=None
    )
    return Project(file="p.xlsx", info=info)


@rule(code="TST01", name="always-gap", title="Always a gap", severity="warning")
def always_gap(project, params):
    yield Finding(message="a gap", location=project.info.at("title"))


@rule(code="TST02", name="blank-evidence", title="Unknown", severity="error")
def blank_evidence(project, params):
    yield Finding(message="title is blank", unknown=True)


@rule(code="TST03", name="crashes", title="Crashes", severity="error")
def crashes(project, params):
    raise KeyError("boom")
    yield  # pragma: no cover


@rule(code="TST04", name="final-only", title="Final only", severity="error", stages=["final"])
def final_only(project, params):
    yield Finding(message="late")


@rule(
    code="TST05",
    name="threshold",
    title="Threshold",
    severity="info",
    parameters={"limit": (2, "How many")},
)
def threshold(project, params):
    if params["limit"] > 1:
        yield Finding(message=f"limit {params['limit']}")


def test_findings_are_completed_with_rule_name_and_severity() -> None:
    result, findings = run_rule(always_gap, _project())
    assert result.outcome is Outcome.FAIL
    assert [(f.rule, f.name, f.severity, f.location.cell) for f in findings] == [
        ("TST01", "always-gap", Severity.WARNING, "B3")
    ]


def test_unknown_evidence_gives_the_unknown_outcome() -> None:
    result, findings = run_rule(blank_evidence, _project())
    assert result.outcome is Outcome.UNKNOWN
    assert not findings[0].counts


def test_a_crashing_rule_is_an_error_outcome_and_the_run_goes_on() -> None:
    result = check_project(_project(), [crashes, always_gap], Config())
    assert [(r.rule, r.outcome) for r in result.results] == [
        ("TST03", Outcome.ERROR),
        ("TST01", Outcome.FAIL),
    ]
    assert result.results[0].message == "KeyError: 'boom'"
    assert result.status == "incomplete"
    assert [f.rule for f in result.findings] == ["TST01"]


def test_rules_not_for_this_stage_are_skipped() -> None:
    assert (
        check_project(_project(Stage.DESIGN), [final_only], Config()).results[0].outcome
        is Outcome.SKIPPED
    )
    assert (
        check_project(_project(Stage.FINAL), [final_only], Config()).results[0].outcome
        is Outcome.FAIL
    )
    forced = check_project(_project(Stage.DESIGN), [final_only], Config(stage=Stage.FINAL))
    assert forced.results[0].outcome is Outcome.FAIL
    assert forced.stage == "final"


def test_configured_severity_and_parameters_apply() -> None:
    config = Config(rules={"TST05": RuleConfig(severity=Severity.ERROR, params={"limit": 1})})
    assert check_project(_project(), [threshold], config).findings == ()
    config = Config(rules={"TST05": RuleConfig(severity=Severity.ERROR)})
    (finding,) = check_project(_project(), [threshold], config).findings
    assert finding.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("fail_on", "status"),
    [("error", "pass"), ("warning", "fail"), ("info", "fail"), ("never", "pass")],
)
def test_status_follows_fail_on(fail_on: str, status: str) -> None:
    assert check_project(_project(), [always_gap], Config(fail_on=fail_on)).status == status


def test_a_waived_finding_does_not_count() -> None:
    from clustercheck.findings import Waiver

    finding = attrs.evolve(
        Finding(message="x", severity=Severity.ERROR),
        waiver=Waiver(rule="TST01", reason="agreed", approved_by="lead"),
    )
    assert not finding.counts
