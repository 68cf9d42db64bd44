"""The SARIF 2.1.0 report, for code-scanning dashboards.

One run; ``tool.driver.rules`` holds every loaded rule. Each finding is a result whose physical
location is the workbook with the cell's row and column number as the region, and whose logical
location is the cell (``Team!I3``). Findings of missing evidence are results of kind ``open`` (the
tool could not decide); waived findings carry an external, accepted suppression. Rules that crashed
and workbooks that could not be read are tool execution notifications.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from clustercheck.engine import ProjectResult, Run
from clustercheck.findings import Finding, Location, Outcome, Severity
from clustercheck.report.html import clean
from clustercheck.rule import Rule
from clustercheck.workbook.cells import column_index

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]+)$")
_PLAIN_SHEET = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def column_number(cell: str) -> int | None:
    """The 1-based column number of a cell reference (``C7`` → 3), or None if it is not one."""
    match = _CELL.match(cell)
    if match is None:
        return None
    return column_index(match.group(1))


def cell_name(location: Location) -> str:
    """``Sheet!A1`` as Excel writes it, the sheet name quoted when it needs to be."""
    sheet = location.sheet
    if not _PLAIN_SHEET.match(sheet):
        sheet = "'" + sheet.replace("'", "''") + "'"
    return f"{sheet}!{location.cell}" if location.cell else sheet


def artifact_uri(file: str) -> str:
    """The file as a URI reference: relative paths stay relative, absolute ones become file URIs."""
    path = PurePath(file)
    if path.is_absolute():
        return Path(file).as_uri()
    return quote(path.as_posix())


def _text(value: object) -> dict[str, str]:
    return {"text": clean(value)}


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    """A rule as a SARIF reportingDescriptor."""
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": _text(rule.title),
        "fullDescription": _text(rule.description or rule.title),
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"family": rule.family, "tags": [rule.family]},
    }
    help_text = " ".join(
        p for p in (rule.description, f"How to fix: {rule.fix}" if rule.fix else "") if p
    )
    if help_text:
        descriptor["help"] = _text(help_text)
    if rule.principle:
        descriptor["properties"]["principle"] = clean(rule.principle)
    if rule.source:
        descriptor["properties"]["source"] = clean(rule.source)
    return descriptor


def _location(finding: Finding, uri: str, index: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri, "index": index}}
    location: dict[str, Any] = {"physicalLocation": physical}
    where = finding.location
    if where is None:
        return location
    column = column_number(where.cell) if where.cell else None
    if where.row is not None and where.row >= 1:
        region: dict[str, int] = {"startLine": where.row}
        if column is not None:
            region["startColumn"] = column
        physical["region"] = region
    location["logicalLocations"] = [
        {
            "name": where.cell or where.sheet,
            "fullyQualifiedName": clean(cell_name(where)),
            "kind": "element",
        }
    ]
    return location


def result(
    finding: Finding, project: ProjectResult, index: int, rules: dict[str, int]
) -> dict[str, Any]:
    """One finding as a SARIF result."""
    data: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in rules:
        data["ruleIndex"] = rules[finding.rule]
    if finding.unknown:
        # SARIF: a result that is not a failure has level "none"; "open" = could not be decided.
        data["kind"] = "open"
        data["level"] = "none"
    else:
        data["kind"] = "fail"
        data["level"] = LEVELS[finding.severity or Severity.INFO]
    data["message"] = _text(finding.message)
    data["locations"] = [_location(finding, artifact_uri(project.file), index)]
    properties: dict[str, Any] = {"unknown": finding.unknown}
    if finding.cluster:
        properties["cluster"] = clean(finding.cluster)
    if project.project_id:
        properties["project"] = clean(project.project_id)
    if finding.location is not None and finding.location.column:
        properties["column"] = finding.location.column
    data["properties"] = properties
    if finding.waiver is not None:
        waiver = finding.waiver
        suppression: dict[str, Any] = {
            "kind": "external",
            "status": "accepted",
            "justification": clean(waiver.reason),
            "properties": {"approvedBy": clean(waiver.approved_by), "expires": waiver.expires},
        }
        data["suppressions"] = [suppression]
    return data


def _notifications(run: Run) -> list[dict[str, Any]]:
    notes: list[dict[str, Any]] = []
    for index, project in enumerate(run.projects):
        where = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(project.file), "index": index}
                }
            }
        ]
        if project.error:
            notes.append({"level": "error", "message": _text(project.error), "locations": where})
        for crashed in (r for r in project.results if r.outcome is Outcome.ERROR):
            notes.append(
                {
                    "level": "error",
                    "message": _text(f"rule {crashed.rule} failed: {crashed.message}"),
                    "associatedRule": {"id": crashed.rule},
                    "locations": where,
                }
            )
    for plugin in (i for i in run.plugins if i.error):
        notes.append(
            {
                "level": "error",
                "message": _text(f"plugin {plugin.name} failed to load: {plugin.error}"),
            }
        )
    return notes


def to_sarif(run: Run) -> dict[str, Any]:
    """The run as a SARIF 2.1.0 log (a JSON-ready mapping)."""
    rule_index = {r.code: i for i, r in enumerate(run.rules)}
    artifacts = []
    for project in run.projects:
        artifact: dict[str, Any] = {
            "location": {"uri": artifact_uri(project.file)},
            "roles": ["analysisTarget"],
        }
        if project.sha256:
            artifact["hashes"] = {"sha-256": project.sha256}
        artifacts.append(artifact)
    results = [
        result(finding, project, index, rule_index)
        for index, project in enumerate(run.projects)
        for finding in project.findings
    ]
    notifications = _notifications(run)
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    invocation["properties"] = {"configuration": run.config.to_dict()}
    driver: dict[str, Any] = {
        "name": "clustercheck",
        "version": run.version,
        "semanticVersion": run.version,
        "rules": [rule_descriptor(r) for r in run.rules],
    }
    extensions = [
        {"name": i.name, "version": i.version} for i in run.plugins if not i.builtin and i.version
    ]
    tool: dict[str, Any] = {"driver": driver}
    if extensions:
        tool["extensions"] = extensions
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": tool,
                "invocations": [invocation],
                "artifacts": artifacts,
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def render(run: Run) -> str:
    """The run as SARIF JSON text."""
    return json.dumps(to_sarif(run), indent=2, ensure_ascii=False) + "\n"
