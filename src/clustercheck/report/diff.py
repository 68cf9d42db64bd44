"""The revision diff in text, JSON (``clustercheck-diff/1``), Markdown and HTML."""

from __future__ import annotations

import html
import json
from collections.abc import Callable

from clustercheck.findings import Finding
from clustercheck.revisions import Diff, ProjectDiff

SECTIONS = (("fixed", "Fixed"), ("new", "New"), ("remaining", "Remaining"))


def _findings(project: ProjectDiff, section: str) -> tuple[Finding, ...]:
    return {"fixed": project.fixed, "new": project.added, "remaining": project.remaining}[section]


def _where(finding: Finding) -> str:
    return str(finding.location) if finding.location else "-"


def _title(project: ProjectDiff) -> str:
    name = project.project_id or "?"
    return f"{name}: {project.old.file} \u2192 {project.new.file}"


def _counts(project: ProjectDiff) -> str:
    return (
        f"{len(project.fixed)} fixed, {len(project.added)} new, {len(project.remaining)} remaining"
    )


def _unmatched(diff: Diff) -> list[str]:
    lines = []
    for side, results in (("OLD", diff.only_old), ("NEW", diff.only_new)):
        for result in results:
            why = result.error or f"no project {result.project_id} on the other side"
            lines.append(f"only in {side}: {result.file} ({why})")
    return lines


def render_text(diff: Diff) -> str:
    """For the terminal: per project, the fixed, new and remaining findings."""
    lines: list[str] = []
    for project in diff.projects:
        if lines:
            lines.append("")
        lines.append(f"{_title(project)}  ({_counts(project)})")
        for section, heading in SECTIONS:
            findings = _findings(project, section)
            if not findings:
                continue
            lines.append(f"  {heading}:")
            for f in findings:
                waived = " (waived)" if f.waiver else ""
                lines.append(
                    f"    {f.level:<8} {f.rule:<7} {_where(f):<18} "
                    + (f"[{f.cluster}] " if f.cluster else "")
                    + f.message
                    + waived
                )
    extra = _unmatched(diff)
    if extra:
        lines += ["", *extra]
    if not lines:
        lines.append("no projects to compare")
    return "\n".join(lines) + "\n"


def render_json(diff: Diff) -> str:
    """The diff as JSON, schema ``clustercheck-diff/1``."""
    return json.dumps(diff.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _md(text: str) -> str:
    # Table cells: pipes would end the cell, newlines the row.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: Diff) -> str:
    """For a pull request or an e-mail: a table per section."""
    lines = ["# Revision diff", ""]
    for project in diff.projects:
        lines += [f"## {_md(_title(project))}", "", _counts(project) + ".", ""]
        for section, heading in SECTIONS:
            findings = _findings(project, section)
            if not findings:
                continue
            lines += [f"### {heading}", "", "| severity | rule | cell | cluster | message |"]
            lines.append("|---|---|---|---|---|")
            for f in findings:
                lines.append(
                    f"| {f.level} | {f.rule} | {_md(_where(f))} | {_md(f.cluster or '')} "
                    f"| {_md(f.message)}{' (waived)' if f.waiver else ''} |"
                )
            lines.append("")
    extra = _unmatched(diff)
    if extra:
        lines += ["## Not compared", "", *(f"- {_md(e)}" for e in extra), ""]
    return "\n".join(lines)


_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;max-width:72em}
table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#eef2f7}.fixed h3{color:#1a7f37}.new h3{color:#b42318}.remaining h3{color:#6e6e6e}
.error{color:#b42318;font-weight:bold}.warning{color:#9a6700}"""


def render_html(diff: Diff) -> str:
    """A self-contained page (no scripts, nothing fetched)."""
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><title>clustercheck revision diff</title>',
        f"<style>{_STYLE}</style></head><body><h1>Revision diff</h1>",
    ]
    for project in diff.projects:
        parts.append(f"<h2>{e(_title(project))}</h2><p>{e(_counts(project))}.</p>")
        for section, heading in SECTIONS:
            findings = _findings(project, section)
            if not findings:
                continue
            parts.append(f'<section class="{section}"><h3>{heading}</h3><table>')
            parts.append(
                "<tr><th>severity</th><th>rule</th><th>cell</th><th>cluster</th><th>message</th></tr>"
            )
            for f in findings:
                level = f.level
                waived = " <em>(waived)</em>" if f.waiver else ""
                parts.append(
                    f'<tr><td class="{level}">{level}</td><td>{e(f.rule)}</td>'
                    f"<td>{e(_where(f))}</td><td>{e(f.cluster or '')}</td>"
                    f"<td>{e(f.message)}{waived}</td></tr>"
                )
            parts.append("</table></section>")
    extra = _unmatched(diff)
    if extra:
        parts.append("<h2>Not compared</h2><ul>")
        parts += [f"<li>{e(x)}</li>" for x in extra]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


RENDERERS: dict[str, Callable[[Diff], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}
