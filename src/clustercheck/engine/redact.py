"""Redaction: person names replaced by their ids, for reports shared beyond the review team.

Applied to a run before any reporter sees it, so every format is redacted alike: findings'
messages and location values, and the Team records themselves (for reporters that show them).
A person without a ``person_id`` is named by the Team row they stand on.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from clustercheck.findings import Finding
from clustercheck.model import Project

if TYPE_CHECKING:
    from clustercheck.engine import ProjectResult, Run


def names(project: Project) -> dict[str, str]:
    """Each team member's name, mapped to the id that replaces it."""
    found: dict[str, str] = {}
    for person in project.team:
        if person.name and person.name.strip():
            found[person.name.strip()] = (
                person.person_id or f"person on Team row {person.source.row}"
            )
    return found


def redact_text(text: str, replacements: Mapping[str, str]) -> str:
    """``text`` with every name of ``replacements`` replaced, longest names first."""
    if not replacements or not text:
        return text
    ordered = sorted(replacements, key=len, reverse=True)
    # Whole words only: a person called "Ali" leaves "Alignment" alone.
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)")
    return pattern.sub(lambda m: replacements[m.group(0)], text)


def redact_finding(finding: Finding, replacements: Mapping[str, str]) -> Finding:
    """A finding whose message and location value name no person."""
    location = finding.location
    if location is not None and isinstance(location.value, str):
        location = attrs.evolve(location, value=redact_text(location.value, replacements))
    return attrs.evolve(
        finding, message=redact_text(finding.message, replacements), location=location
    )


def redact_result(result: ProjectResult) -> ProjectResult:
    """One project's result with its team's names replaced by their ids."""
    if result.project is None:
        return result
    replacements = names(result.project)
    if not replacements:
        return result
    team = tuple(
        attrs.evolve(p, name=replacements.get((p.name or "").strip(), p.name))
        for p in result.project.team
    )
    return attrs.evolve(
        result,
        project=attrs.evolve(result.project, team=team),
        findings=tuple(redact_finding(f, replacements) for f in result.findings),
    )


def redact(run: Run) -> Run:
    """The run with every project's person names replaced by their ids."""
    return attrs.evolve(run, projects=tuple(redact_result(p) for p in run.projects), redacted=True)
