"""Running rules on one loaded project: select them, resolve their parameters, isolate crashes.

The engine takes everything as plain values (rules, the workbook schema, the configuration) and
knows nothing of plugins or front ends. A file that cannot be read becomes an ``unreadable``
result; a rule that raises becomes an ``error`` outcome; neither stops a run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import attrs

from clustercheck.config import Config, resolve_params
from clustercheck.engine.results import ProjectResult
from clustercheck.errors import ClustercheckError
from clustercheck.findings import Finding, Outcome, RuleResult, Severity
from clustercheck.model import Project
from clustercheck.rule import Params, Rule
from clustercheck.workbook.schema import Schema


def _complete(rule: Rule, finding: Finding, severity: Severity | None) -> Finding:
    if not isinstance(finding, Finding):
        raise TypeError(f"the check yielded {finding!r}, which is not a Finding")
    return attrs.evolve(
        finding,
        rule=rule.code,
        name=rule.name,
        severity=severity or finding.severity or rule.severity,
    )


def run_rule(
    rule: Rule, project: Project, params: Params | None = None, config: Config | None = None
) -> tuple[RuleResult, list[Finding]]:
    """Run one rule on one project: its outcome and its completed findings. Never raises."""
    config = config or Config()
    settings = config.rules.get(rule.code)
    severity = settings.severity if settings else None
    resolved = resolve_params(rule, config) if params is None else {**rule.defaults, **params}
    try:
        findings = [_complete(rule, f, severity) for f in rule.check(project, resolved) or ()]
    except Exception as exc:  # noqa: BLE001  # a crashing rule is an outcome, not a stopped run
        message = f"{type(exc).__name__}: {exc}"
        return RuleResult(rule=rule.code, outcome=Outcome.ERROR, message=message), []
    if any(not f.unknown for f in findings):
        outcome = Outcome.FAIL
    elif findings:
        outcome = Outcome.UNKNOWN
    else:
        outcome = Outcome.PASS
    return RuleResult(rule=rule.code, outcome=outcome), findings


def check_project(project: Project, rules: Sequence[Rule], config: Config) -> ProjectResult:
    """Run the selected rules that apply at the project's review stage."""
    stage = config.stage or project.info.review_stage
    project = attrs.evolve(project, stage=stage)
    results: list[RuleResult] = []
    findings: list[Finding] = []
    for rule in rules:
        if not config.selected(rule.code):
            results.append(
                RuleResult(rule=rule.code, outcome=Outcome.SKIPPED, message="not selected")
            )
            continue
        if stage is not None and stage not in rule.stages:
            results.append(
                RuleResult(
                    rule=rule.code, outcome=Outcome.SKIPPED, message=f"not applied at {stage}"
                )
            )
            continue
        result, found = run_rule(rule, project, config=config)
        results.append(result)
        findings.extend(found)
    if any(r.outcome is Outcome.ERROR for r in results):
        status = "incomplete"
    elif any(f.counts and config.fails(f.severity) for f in findings):
        status = "fail"
    else:
        status = "pass"
    return ProjectResult(
        file=project.file,
        project=project,
        stage=stage.value if stage else None,
        status=status,
        results=tuple(results),
        findings=tuple(findings),
    )


def sha256_of(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def check_file(
    path: Path,
    rules: Sequence[Rule],
    schema: Schema,
    config: Config,
    *,
    whole_project: bool = True,
) -> ProjectResult:
    """Load and check one workbook; an unreadable one becomes an ``unreadable`` result.

    ``whole_project=False`` keeps only the project's form and team in the result
    (:meth:`~clustercheck.model.Project.form_and_team`): all the built-in reports read.
    """
    from clustercheck.workbook.reader import load  # the reader's imports, only when reading

    sha = sha256_of(path)
    try:
        loaded = load(path, schema)
    except ClustercheckError as exc:
        return ProjectResult(file=str(path), sha256=sha, status="unreadable", error=str(exc))
    result = check_project(loaded.project, rules, config)
    project = loaded.project if whole_project else loaded.project.form_and_team()
    return attrs.evolve(result, sha256=sha, project=project)
