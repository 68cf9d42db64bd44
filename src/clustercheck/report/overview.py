"""The portfolio view: many projects by rule families, with counts and a verdict per project.

A donor screening a folder of proposals reads one row per proposal. The text and JSON reports show
it when a run has more than one project; ``report/portfolio.py`` writes it as a sortable sheet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from clustercheck.rule import family_title

if TYPE_CHECKING:
    from clustercheck.engine import ProjectResult, Run

LEVELS = ("error", "warning", "info")


@attrs.frozen(kw_only=True)
class Row:
    """One project of the portfolio."""

    file: str
    project_id: str | None
    title: str | None
    status: str
    #: counted findings by family, in the order of :attr:`Portfolio.families`
    families: tuple[int, ...]
    error: int
    warning: int
    info: int
    unknown: int
    waived: int
    problem: str | None = None  # why the file could not be read

    @property
    def gaps(self) -> int:
        """Counted findings of every severity."""
        return self.error + self.warning + self.info


@attrs.frozen(kw_only=True)
class Portfolio:
    """Every project of a run, one row each, in the run's order."""

    families: tuple[str, ...]
    rows: tuple[Row, ...]

    def to_dict(self) -> dict[str, object]:
        """The ``portfolio`` section of the JSON report."""
        return {
            "families": [{"code": f, "title": family_title(f)} for f in self.families],
            "projects": [
                {
                    "file": r.file,
                    "project_id": r.project_id,
                    "title": r.title,
                    "verdict": r.status,
                    "families": dict(zip(self.families, r.families, strict=True)),
                    "error": r.error,
                    "warning": r.warning,
                    "info": r.info,
                    "unknown": r.unknown,
                    "waived": r.waived,
                }
                for r in self.rows
            ],
            "verdicts": {
                status: sum(1 for r in self.rows if r.status == status)
                for status in ("pass", "fail", "incomplete", "unreadable")
            },
        }


def _row(result: ProjectResult, families: tuple[str, ...]) -> Row:
    by_family = dict.fromkeys(families, 0)
    for finding in result.findings:
        family = finding.rule.rstrip("0123456789")
        if finding.counts and family in by_family:
            by_family[family] += 1
    summary = result.summary()
    return Row(
        file=result.file,
        project_id=result.project_id,
        title=result.title,
        status=result.status,
        families=tuple(by_family.values()),
        error=summary["error"],
        warning=summary["warning"],
        info=summary["info"],
        unknown=summary["unknown"],
        waived=summary["waived"],
        problem=result.error,
    )


def portfolio(run: Run) -> Portfolio:
    """The portfolio of a run: one column per family of the rules loaded, in rule order."""
    families = tuple(dict.fromkeys(r.family for r in run.rules))
    return Portfolio(families=families, rows=tuple(_row(p, families) for p in run.projects))


def render_text(folio: Portfolio) -> list[str]:
    """The portfolio as an aligned table, a line per project (``-`` for a zero count)."""
    names = [r.project_id or "?" for r in folio.rows]
    width = max(len("project"), *(len(n) for n in names))
    header = f"{'project':<{width}}  {'verdict':<10}" + "".join(f" {f:>5}" for f in folio.families)
    header += "  errors warnings info unknown waived  file"
    lines = [header]
    for name, row in zip(names, folio.rows, strict=True):
        cells = "".join(f" {n or '-':>5}" for n in row.families)
        counts = f"  {row.error:>6} {row.warning:>8} {row.info:>4} {row.unknown:>7} {row.waived:>6}"
        lines.append(f"{name:<{width}}  {row.status:<10}{cells}{counts}  {row.file}")
    return lines
