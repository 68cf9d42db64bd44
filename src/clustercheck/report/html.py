"""The HTML report: one self-contained page, an evaluation annex for one project or many.

Everything is inline (CSS, the SVG chart), so the page makes no request of any kind, prints cleanly
and reads on a phone. Python prepares plain view objects; the Jinja2 template
(``templates/report.html.j2``, autoescaped) only lays them out.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from clustercheck.engine import ProjectResult, Run
from clustercheck.findings import Finding, Outcome
from clustercheck.report.overview import portfolio

if TYPE_CHECKING:
    import jinja2
from clustercheck.rule import Rule, family_title

#: Outcomes in the order the chart stacks them, with the label the legend shows.
OUTCOMES = (
    (Outcome.PASS, "pass"),
    (Outcome.FAIL, "fail"),
    (Outcome.UNKNOWN, "unknown"),
    (Outcome.SKIPPED, "skipped"),
    (Outcome.ERROR, "error"),
)
VERDICT_TEXT = {
    "pass": "Passes: no finding at or above the failing severity",
    "fail": "Fails: findings at or above the failing severity",
    "incomplete": "Incomplete: a rule or plugin failed, the other findings are reported",
    "unreadable": "Unreadable: the workbook could not be checked",
}
#: Worst first: the run's verdict is the worst of its projects'.
VERDICT_ORDER = ("unreadable", "incomplete", "fail", "pass")
# Characters XML 1.0 cannot hold; a browser shows them as boxes at best.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Geometry of the chart, in SVG user units (the SVG scales to its container's width).
_LABEL_W, _BAR_W, _ROW_H, _BAR_H, _TOP = 190, 520, 30, 18, 34


def clean(text: object) -> str:
    """``text`` as a string without the control characters that XML and HTML cannot hold."""
    return _CONTROL.sub("", str(text))


@attrs.frozen
class Segment:
    """One outcome's part of a family's bar in the chart."""

    outcome: str
    count: int
    x: float
    width: float


@attrs.frozen
class FamilyBar:
    """One row of the chart: a rule family's outcome counts."""

    family: str
    title: str
    y: int
    total: int
    segments: tuple[Segment, ...]


@attrs.frozen
class RuleGroup:
    """One rule's findings, under its principle."""

    rule: Rule | None
    code: str
    findings: tuple[Finding, ...]
    #: False when the rule before it in the family quotes the same principle already.
    quote: bool = True


@attrs.frozen
class FamilyGroup:
    """The findings of one rule family (one principle of the approach)."""

    family: str
    title: str
    rules: tuple[RuleGroup, ...]


@attrs.frozen
class ProjectView:
    """What the template shows of one project."""

    result: ProjectResult
    anchor: str
    summary: Mapping[str, int]
    bars: tuple[FamilyBar, ...]
    chart_height: int
    families: tuple[FamilyGroup, ...]
    outcomes: tuple[tuple[Rule | None, str, str, str], ...]  # rule, code, outcome, message


def verdict(run: Run) -> str:
    """The run's verdict: the worst status of its projects (``pass`` for none)."""
    statuses = {p.status for p in run.projects}
    return next((s for s in VERDICT_ORDER if s in statuses), "pass")


def chart(result: ProjectResult) -> tuple[tuple[FamilyBar, ...], int]:
    """The bars of the outcomes-by-family chart and the chart's height."""
    counts: dict[str, dict[str, int]] = {}
    for rule_result in result.results:
        family = rule_result.rule.rstrip("0123456789")
        row = counts.setdefault(family, {o.value: 0 for o, _ in OUTCOMES})
        row[rule_result.outcome.value] += 1
    widest = max((sum(row.values()) for row in counts.values()), default=1) or 1
    bars = []
    for index, (family, row) in enumerate(counts.items()):
        x = float(_LABEL_W)
        segments = []
        for outcome, _ in OUTCOMES:
            count = row[outcome.value]
            if count:
                width = _BAR_W * count / widest
                segments.append(Segment(outcome.value, count, round(x, 1), round(width, 1)))
                x += width
        bars.append(
            FamilyBar(
                family=family,
                title=family_title(family),
                y=_TOP + index * _ROW_H,
                total=sum(row.values()),
                segments=tuple(segments),
            )
        )
    return tuple(bars), _TOP + len(bars) * _ROW_H + 6


def group_findings(result: ProjectResult, run: Run) -> tuple[FamilyGroup, ...]:
    """Findings by rule family, then by rule, in the order the rules run."""
    order = {r.code: i for i, r in enumerate(run.rules)}
    by_rule: dict[str, list[Finding]] = {}
    for finding in result.findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    families: dict[str, list[RuleGroup]] = {}
    for code in sorted(by_rule, key=lambda c: (order.get(c, len(order)), c)):
        rule = run.rule(code)
        groups = families.setdefault(code.rstrip("0123456789"), [])
        before = groups[-1].rule if groups else None
        quote = rule is not None and (before is None or before.principle != rule.principle)
        groups.append(RuleGroup(rule=rule, code=code, findings=tuple(by_rule[code]), quote=quote))
    return tuple(
        FamilyGroup(family=family, title=family_title(family), rules=tuple(groups))
        for family, groups in families.items()
    )


def project_view(result: ProjectResult, run: Run, index: int) -> ProjectView:
    """The view of one project."""
    bars, height = chart(result)
    return ProjectView(
        result=result,
        anchor=f"project-{index + 1}",
        summary=result.summary(),
        bars=bars,
        chart_height=height,
        families=group_findings(result, run),
        outcomes=tuple(
            (run.rule(r.rule), r.rule, r.outcome.value, r.message or "") for r in result.results
        ),
    )


def generated_at() -> str:
    """When the report was made (UTC), or ``SOURCE_DATE_EPOCH`` for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.timezone.utc)
    )
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def config_rows(run: Run) -> list[tuple[str, str]]:
    """The configuration in force as (key, value) rows; rule settings one row per rule."""
    rows: list[tuple[str, str]] = []
    for key, value in run.config.to_dict().items():
        if key == "rules":
            assert isinstance(value, Mapping)  # Config.to_dict gives a mapping of code to settings
            for code, settings in value.items():
                shown = ", ".join(f"{k} = {v}" for k, v in settings.items())
                rows.append((f"rules.{code}", shown or "(defaults)"))
        elif isinstance(value, list):
            empty = "(every rule)" if key == "select" else "(none)"
            rows.append((key, ", ".join(map(str, value)) if value else empty))
        else:
            rows.append((key, "-" if value is None else str(value)))
    return rows


def context(run: Run) -> dict[str, Any]:
    """Everything the template needs."""
    return {
        "run": run,
        "verdict": verdict(run),
        "verdict_text": VERDICT_TEXT,
        "projects": [project_view(p, run, i) for i, p in enumerate(run.projects)],
        "portfolio": portfolio(run),
        "plugins": [i for i in run.plugins if not i.builtin],
        "config": config_rows(run),
        "generated": generated_at(),
        "outcomes": [label for _, label in OUTCOMES],
        "geometry": {"label": _LABEL_W, "bar": _BAR_W, "bar_h": _BAR_H, "top": _TOP},
    }


def environment() -> jinja2.Environment:
    """The templates' environment: autoescaped, strict about undefined names, with ``clean``."""
    import jinja2

    made = jinja2.Environment(
        loader=jinja2.PackageLoader("clustercheck.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    made.filters["clean"] = clean
    return made


def render(run: Run) -> str:
    """The run as one self-contained HTML page."""
    return environment().get_template("report.html.j2").render(context(run))
