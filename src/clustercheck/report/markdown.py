"""The Markdown report: a summary and a findings table to paste into an evaluation report.

Cells are escaped so that a message holding ``|`` or a line break cannot break the table, and text
from the workbook cannot open an HTML tag in renderers that allow raw HTML.
"""

from __future__ import annotations

from collections.abc import Iterable

from clustercheck.engine import ProjectResult, Run
from clustercheck.findings import Finding, Outcome
from clustercheck.report.html import clean, verdict
from clustercheck.rule import family_title


def cell(value: object) -> str:
    """``value`` made safe for one cell of a Markdown table."""
    text = clean("" if value is None else value)
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
    return "<br>".join(part.strip() for part in text.replace("\r\n", "\n").split("\n"))


def _row(values: Iterable[object]) -> str:
    return "| " + " | ".join(cell(v) for v in values) + " |"


def _severity(finding: Finding) -> str:
    shown = finding.level
    return f"{shown} (waived)" if finding.waiver is not None else shown


def _waiver(finding: Finding) -> str:
    waiver = finding.waiver
    if waiver is None:
        return ""
    until = f", until {waiver.expires}" if waiver.expires else ""
    return f"{waiver.reason} (approved by {waiver.approved_by}{until})"


def render_project(result: ProjectResult, heading: str) -> list[str]:
    """The lines for one project: facts, counts, and its findings table."""
    name = result.project_id or result.file
    title = f": {result.title}" if result.title else ""
    lines = [f"{heading} {cell(name)}{cell(title)}", ""]
    file = clean(result.file).replace("`", "'")
    lines.append(f"- Workbook: `{file}`")
    lines.append(f"- Review stage: {cell(result.stage or 'not given')}")
    lines.append(f"- Verdict: **{result.status.upper()}**")
    if result.error:
        lines += [f"- Error: {cell(result.error)}", ""]
        return lines
    summary = result.summary()
    counts = (
        f"{summary['error']} errors, {summary['warning']} warnings, {summary['info']} info, "
        f"{summary['unknown']} unknown"
    )
    if summary["waived"]:
        counts += f", {summary['waived']} waived"
    lines.append(f"- Findings: {counts}; {summary['passed']} of {summary['rules']} rules passed")
    crashed = [r for r in result.results if r.outcome is Outcome.ERROR]
    for crash in crashed:
        lines.append(f"- Rule {crash.rule} failed to run: {cell(crash.message)}")
    lines.append("")
    if not result.findings:
        return [*lines, "No findings.", ""]
    waived = any(f.waiver is not None for f in result.findings)
    header = ["Principle", "Rule", "Severity", "Cluster", "Cell", "Finding"]
    header += ["Waiver"] if waived else []
    lines += [_row(header), "|" + "---|" * len(header)]
    for finding in result.findings:
        values = [
            family_title(finding.rule.rstrip("0123456789")),
            finding.rule,
            _severity(finding),
            finding.cluster or "",
            str(finding.location) if finding.location else "",
            finding.message,
        ]
        values += [_waiver(finding)] if waived else []
        lines.append(_row(values))
    return [*lines, ""]


def render(run: Run) -> str:
    """The run as Markdown."""
    lines = ["# Project design review", ""]
    fail_on = run.config.fail_on
    rule = (
        "no finding fails a design (fail-on never)"
        if fail_on == "never"
        else f"findings of severity {fail_on} or higher fail a design"
    )
    lines.append(f"Verdict: **{verdict(run).upper()}**; {rule}.")
    lines.append("")
    if len(run.projects) > 1:
        lines += [_row(["Project", "Workbook", "Verdict"]), "|---|---|---|"]
        lines += [_row([p.project_id or "", p.file, p.status]) for p in run.projects]
        lines.append("")
    for result in run.projects:
        lines += render_project(result, "##")
    plugins = ", ".join(f"{i.name} {i.version or '?'}" for i in run.plugins if not i.builtin)
    lines.append(f"_clustercheck {run.version}; plugins: {cell(plugins or 'none')}._")
    return "\n".join(lines) + "\n"
