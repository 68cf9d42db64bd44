"""The revision diff in text, JSON (``clustercheck-diff/1``), Markdown and HTML."""

from __future__ import annotations

import json
from collections.abc import Callable

from clustercheck.engine.revisions import Diff, ProjectDiff
from clustercheck.findings import Finding

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


def render_html(diff: Diff) -> str:
    """A self-contained page in the HTML report's style (no scripts, nothing fetched)."""
    from clustercheck.report.html import environment
    from clustercheck.version import __version__

    projects = [
        {
            "title": _title(project),
            "counts": _counts(project),
            "sections": [
                (section, heading, _findings(project, section)) for section, heading in SECTIONS
            ],
        }
        for project in diff.projects
    ]
    page = environment().get_template("diff.html.j2")
    return page.render(version=__version__, projects=projects, unmatched=_unmatched(diff))


RENDERERS: dict[str, Callable[[Diff], str]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": render_html,
}
