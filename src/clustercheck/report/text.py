"""The terminal report: findings grouped by rule family, each with its cell, and a one-line summary.

Text is styled with click; ``click.echo`` drops the styles when the output is not a terminal, and the
CLI turns colour off altogether under ``NO_COLOR``.
"""

from __future__ import annotations

import click

from clustercheck.engine import ProjectResult, Run
from clustercheck.findings import Finding, Outcome
from clustercheck.rule import family_title

COLOURS = {"error": "red", "warning": "yellow", "info": "blue", "unknown": "magenta"}
VERDICTS = {"pass": "green", "fail": "red", "incomplete": "magenta", "unreadable": "red"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _finding_line(finding: Finding) -> str:
    level = finding.level
    where = str(finding.location) if finding.location else "-"
    parts = [
        "  " + click.style(f"{level:<8}", fg=COLOURS[level], bold=level == "error"),
        f"{finding.rule:<7}",
        click.style(f"{where:<18}", fg="cyan"),
    ]
    if finding.cluster:
        parts.append(f"[{finding.cluster}]")
    parts.append(finding.message)
    line = " ".join(parts)
    if finding.waiver is not None:
        line += click.style(
            f"  (waived by {finding.waiver.approved_by}: {finding.waiver.reason})", dim=True
        )
    return line


def render_project(result: ProjectResult) -> list[str]:
    """The lines for one project."""
    verdict = click.style(result.status.upper(), fg=VERDICTS[result.status], bold=True)
    title = f" {result.project_id}" if result.project_id else ""
    if result.title:
        title += f" \u201c{result.title}\u201d"
    stage = f" (stage {result.stage})" if result.stage else ""
    lines = [click.style(result.file, bold=True) + f"{title}{stage}: {verdict}"]
    if result.error:
        lines.append(f"  {result.error}")
        return lines
    by_family: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_family.setdefault(finding.rule.rstrip("0123456789"), []).append(finding)
    for family, findings in by_family.items():
        lines.append("")
        lines.append(click.style(f"{family}  {family_title(family)}", bold=True))
        lines.extend(_finding_line(f) for f in findings)
    crashed = [r for r in result.results if r.outcome is Outcome.ERROR]
    for crash in crashed:
        lines.append(
            "  "
            + click.style("crashed ", fg="magenta", bold=True)
            + f" {crash.rule:<7} {crash.message}"
        )
    summary = result.summary()
    counts = ", ".join(
        [
            _plural(summary["error"], "error"),
            _plural(summary["warning"], "warning"),
            f"{summary['info']} info",
            f"{summary['unknown']} unknown",
        ]
    )
    extra = f", {summary['waived']} waived" if summary["waived"] else ""
    lines.append("")
    lines.append(
        f"  {counts}{extra} \u00b7 {summary['rules']} rules run, {summary['passed']} passed"
        + (f", {len(crashed)} crashed" if crashed else "")
    )
    return lines


def render(run: Run) -> str:
    """The whole run as terminal text."""
    lines: list[str] = []
    for failure in (i for i in run.plugins if i.error):
        lines.append(
            click.style(f"plugin {failure.name} failed to load: {failure.error}", fg="magenta")
        )
    for index, result in enumerate(run.projects):
        if index or lines:
            lines.append("")
        lines.extend(render_project(result))
    if len(run.projects) > 1:
        from clustercheck.report.overview import portfolio, render_text

        lines.append("")
        lines.append(click.style("Portfolio", bold=True))
        lines.extend(render_text(portfolio(run)))
        statuses = [p.status for p in run.projects]
        lines.append("")
        lines.append(
            f"{_plural(len(statuses), 'workbook')} checked: "
            + ", ".join(f"{statuses.count(s)} {s}" for s in VERDICTS if s in statuses)
        )
    if run.waivers is not None and run.waivers.notes():
        lines.append("")
        lines.extend(click.style(note, fg="magenta") for note in run.waivers.notes())
    return "\n".join(lines) + "\n"
