"""The JUnit report: one test case per rule per project, with the rule's outcome."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import attrs

from clustercheck.api import Checker
from clustercheck.config import Config
from clustercheck.engine import Run
from clustercheck.findings import Outcome, Waiver
from clustercheck.plugins import Plugins
from clustercheck.report.junit import render


def _state(case: ET.Element) -> str:
    for tag in ("failure", "error", "skipped"):
        if case.find(tag) is not None:
            return tag
    return "pass"


def test_one_case_per_rule_per_project(
    weak_workbook: Path, clustercheck_plugins: Plugins, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    run = Checker(plugins=clustercheck_plugins, config=Config(ignore=("CAP",))).check(
        [weak_workbook, broken]
    )
    root = ET.fromstring(render(run))
    suites = root.findall("testsuite")
    assert len(suites) == 2
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(run.rules) * len(run.projects)
    assert int(root.get("tests", "0")) == len(cases)

    weak = {c.get("name", "").split()[0]: c for c in suites[0].findall("testcase")}
    outcomes = {r.rule: r.outcome for r in run.projects[0].results}
    for code, case in weak.items():
        expected = {
            Outcome.PASS: "pass",
            Outcome.FAIL: "failure",
            Outcome.UNKNOWN: "skipped",
            Outcome.SKIPPED: "skipped",
            Outcome.ERROR: "error",
        }[outcomes[code]]
        assert _state(case) == expected, code
        assert case.get("classname") == run.projects[0].project_id
    assert weak["CAP02"].find("skipped").get("message") == "not selected"  # type: ignore[union-attr]
    failure = weak["TEAM02"].find("failure")
    assert failure is not None
    assert "Clusters!A3" in (failure.text or "")
    assert int(suites[0].get("failures", "0")) == sum(o is Outcome.FAIL for o in outcomes.values())
    assert {_state(c) for c in suites[1].findall("testcase")} == {"error"}
    assert suites[1].get("errors") == str(len(run.rules))


def test_a_crash_is_an_error_and_waived_findings_pass(crash_run: Run) -> None:
    project = crash_run.projects[0]
    team02 = [f for f in project.findings if f.rule == "TEAM02"]
    waiver = Waiver(rule="TEAM02", reason="the board covers it", approved_by="Team lead")
    waived = tuple(
        attrs.evolve(f, waiver=waiver) if f.rule == "TEAM02" else f for f in project.findings
    )
    assert team02
    run = attrs.evolve(crash_run, projects=(attrs.evolve(project, findings=waived),))
    root = ET.fromstring(render(run))
    cases = {c.get("name", "").split()[0]: c for c in root.iter("testcase")}
    error = cases["ZZ01"].find("error")
    assert error is not None
    assert "the rule broke <here>" in error.get("message", "")
    assert _state(cases["TEAM02"]) == "pass"
    assert "waived: the board covers it" in (cases["TEAM02"].findtext("system-out") or "")
