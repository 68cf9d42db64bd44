"""The JUnit XML report, for CI dashboards: one test suite per project, one test case per rule.

A rule that passed is a passing case; one with counted findings a ``failure`` listing them; one not
selected, not applied at the review stage, or left undecided for missing evidence (``unknown``) a
``skipped`` case saying why; one that crashed, or every rule of a workbook that could not be read,
an ``error``. Findings that are all waived leave a passing case that lists them in ``system-out``.
So a report always has one case for each rule in each project.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from clustercheck.engine import ProjectResult, Run
from clustercheck.findings import Finding, Outcome, RuleResult
from clustercheck.report.html import clean
from clustercheck.rule import Rule


def _line(finding: Finding) -> str:
    where = f" at {finding.location}" if finding.location else ""
    cluster = f" [{finding.cluster}]" if finding.cluster else ""
    line = f"{finding.level}{where}{cluster}: {finding.message}"
    if finding.waiver is not None:
        line += f" (waived: {finding.waiver.reason}; approved by {finding.waiver.approved_by})"
    return clean(line)


def _case(
    suite: ET.Element,
    classname: str,
    rule: Rule,
    outcome: RuleResult | None,
    project: ProjectResult,
) -> str:
    """Add the test case of ``rule``; returns its state: passed, failure, skipped or error."""
    case = ET.SubElement(
        suite, "testcase", classname=clean(classname), name=f"{rule.code} {rule.name}"
    )
    case.set("file", clean(project.file))
    findings = [f for f in project.findings if f.rule == rule.code]
    counted = [f for f in findings if f.counts]
    if project.error is not None:
        ET.SubElement(
            case, "error", message=clean(f"the workbook could not be read: {project.error}")
        )
        return "error"
    if outcome is None:
        ET.SubElement(case, "skipped", message="not run")
        return "skipped"
    if outcome.outcome is Outcome.ERROR:
        message = clean(outcome.message or "the rule failed")
        ET.SubElement(case, "error", message=message, type="RuleError").text = message
        return "error"
    if outcome.outcome is Outcome.SKIPPED:
        ET.SubElement(case, "skipped", message=clean(outcome.message or "skipped"))
        return "skipped"
    if counted:
        worst = max(counted, key=lambda f: f.severity.rank if f.severity else 0)
        failure = ET.SubElement(
            case,
            "failure",
            message=clean(
                f"{len(counted)} finding{'s' if len(counted) != 1 else ''}: {counted[0].message}"
            ),
            type=worst.level,
        )
        failure.text = "\n".join(_line(f) for f in findings)
        return "failure"
    if outcome.outcome is Outcome.UNKNOWN or any(f.unknown for f in findings):
        unknown = [f for f in findings if f.unknown]
        skipped = ET.SubElement(
            case, "skipped", message="unknown: the data this rule needs is blank"
        )
        skipped.text = "\n".join(_line(f) for f in unknown)
        return "skipped"
    if findings:  # all waived
        ET.SubElement(case, "system-out").text = "\n".join(_line(f) for f in findings)
    return "passed"


def to_xml(run: Run) -> ET.Element:
    """The run as a ``testsuites`` element."""
    root = ET.Element("testsuites", name="clustercheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for project in run.projects:
        classname = project.project_id or project.file
        suite = ET.SubElement(root, "testsuite", name=clean(classname))
        properties = ET.SubElement(suite, "properties")
        for name, value in (
            ("file", project.file),
            ("sha256", project.sha256),
            ("stage", project.stage),
            ("status", project.status),
            ("clustercheck", run.version),
        ):
            if value is not None:
                ET.SubElement(properties, "property", name=name, value=clean(value))
        outcomes = {r.rule: r for r in project.results}
        counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for rule in run.rules:
            state = _case(suite, classname, rule, outcomes.get(rule.code), project)
            counts["tests"] += 1
            key = {"failure": "failures", "error": "errors", "skipped": "skipped"}.get(state)
            if key:
                counts[key] += 1
        for key, count in counts.items():
            suite.set(key, str(count))
            totals[key] += count
    for key, total in totals.items():
        root.set(key, str(total))
    return root


def render(run: Run) -> str:
    """The run as JUnit XML text."""
    root = to_xml(run)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
