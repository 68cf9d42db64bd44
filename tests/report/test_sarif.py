"""The SARIF report validates against the SARIF 2.1.0 schema and places findings at their cells."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest

from clustercheck.engine import Run
from clustercheck.findings import Location
from clustercheck.report.sarif import artifact_uri, cell_name, column_number, render, to_sarif

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    return jsonschema.Draft7Validator(schema)


def _valid(validator: jsonschema.Draft7Validator, log: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert errors == []


def test_validates_against_the_schema(weak_run: Run, validator: jsonschema.Draft7Validator) -> None:
    log = json.loads(render(weak_run))
    _valid(validator, log)
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1


def test_the_schema_catches_a_broken_log(
    weak_run: Run, validator: jsonschema.Draft7Validator
) -> None:
    log = to_sarif(weak_run)
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert list(validator.iter_errors(log))


def test_rules_and_results(weak_run: Run) -> None:
    run = to_sarif(weak_run)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in weak_run.rules]
    team02 = rules[[r["id"] for r in rules].index("TEAM02")]
    assert team02["name"] == "one-cda-per-cluster"
    assert team02["defaultConfiguration"] == {"level": "error"}
    assert team02["shortDescription"]["text"]
    assert team02["fullDescription"]["text"]
    assert "How to fix" in team02["help"]["text"]
    findings = weak_run.projects[0].findings
    results = run["results"]
    assert [(r["ruleId"], r["message"]["text"]) for r in results] == [
        (f.rule, f.message) for f in findings
    ]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_locations_are_region_and_cell(weak_run: Run) -> None:
    results = to_sarif(weak_run)["runs"][0]["results"]
    where = {}
    for finding, result in zip(weak_run.projects[0].findings, results, strict=True):
        location = result["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == artifact_uri(
            weak_run.projects[0].file
        )
        region = location["physicalLocation"]["region"]
        logical = location["logicalLocations"][0]
        where[logical["fullyQualifiedName"]] = (region["startLine"], region["startColumn"])
        assert logical["kind"] == "element"
        assert finding.location is not None
        assert logical["fullyQualifiedName"] == f"{finding.location.sheet}!{finding.location.cell}"
    assert where["Clusters!A3"] == (3, 1)
    assert where["Activities!M33"] == (33, 13)


def test_levels_unknown_and_waived(waived_run: Run, validator: jsonschema.Draft7Validator) -> None:
    log = to_sarif(waived_run)
    _valid(validator, log)
    results = log["runs"][0]["results"]
    findings = waived_run.projects[0].findings
    for finding, result in zip(findings, results, strict=True):
        if finding.unknown:
            assert (result["kind"], result["level"]) == ("open", "none")
        else:
            expected = {"error": "error", "warning": "warning", "info": "note"}
            assert result["level"] == expected[finding.severity.value]  # type: ignore[union-attr]
    suppressed = [r for r in results if "suppressions" in r]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"][0]["kind"] == "external"
    assert suppressed[0]["suppressions"][0]["justification"].startswith("Covered by")
    assert suppressed[0]["suppressions"][0]["properties"]["approvedBy"] == "Evaluation team lead"


def test_crashes_are_notifications(crash_run: Run, validator: jsonschema.Draft7Validator) -> None:
    log = to_sarif(crash_run)
    _valid(validator, log)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert [n["associatedRule"]["id"] for n in notes] == ["ZZ01"]
    assert "the rule broke <here>" in notes[0]["message"]["text"]


def test_helpers() -> None:
    assert column_number("A1") == 1
    assert column_number("$AA$10") == 27
    assert column_number("x") is None
    assert cell_name(Location(sheet="My sheet", cell="B2")) == "'My sheet'!B2"
    assert cell_name(Location(sheet="Team", cell="B2")) == "Team!B2"
    assert artifact_uri("in put/a b.xlsx") == "in%20put/a%20b.xlsx"
    assert artifact_uri("/tmp/a.xlsx") == "file:///tmp/a.xlsx"


def test_an_unreadable_workbook_and_a_finding_without_a_cell(
    weak_workbook: Path, tmp_path: Path, validator: jsonschema.Draft7Validator
) -> None:
    from clustercheck.api import Checker
    from clustercheck.config import Config
    from clustercheck.plugins import get_plugins

    broken = tmp_path / "broken file.xlsx"
    broken.write_bytes(b"not a workbook")
    run = Checker(plugins=get_plugins(), config=Config()).check([weak_workbook, broken])
    project = run.projects[0]
    absent = attrs.evolve(project.findings[0], location=None, message="Something is absent")
    run = attrs.evolve(run, projects=(attrs.evolve(project, findings=(absent,)), run.projects[1]))
    log = to_sarif(run)
    _valid(validator, log)
    sarif_run = log["runs"][0]
    assert sarif_run["results"][0]["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(project.file), "index": 0}}}
    ]
    assert [a["location"]["uri"] for a in sarif_run["artifacts"]][1].endswith("broken%20file.xlsx")
    notes = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert len(notes) == 1
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 1
