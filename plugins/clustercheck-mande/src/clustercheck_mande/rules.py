"""The ME rules: a complete results chain, measurable results, and a budgeted M&E plan.

Each rule reads ``project.tables["Results"]`` and ``project.tables["Indicators"]`` (plain records:
``record.get(column)``), and points its findings at the cell that shows the gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from clustercheck.findings import Finding, Location
from clustercheck.model import ActivityType, Project, Record
from clustercheck.rule import Params, rule

SOURCE = (
    "UNIDO Evaluation Manual (2018) and the OECD-DAC results-based management terms; "
    "UNIDO, 'The UNIDO approach to cluster development' (2013), chapter on monitoring and evaluation"
)
INDICATOR_FIELDS = [
    "baseline_value",
    "target_value",
    "target_date",
    "means_of_verification",
    "responsible_org",
]


def results(project: Project) -> tuple[Record, ...]:
    """The rows of the Results sheet (none when the sheet is absent)."""
    return project.tables.get("Results", ())


def indicators(project: Project) -> tuple[Record, ...]:
    """The rows of the Indicators sheet (none when the sheet is absent)."""
    return project.tables.get("Indicators", ())


def _cluster(record: Record) -> str | None:
    value = record.get("cluster_id")
    return value if isinstance(value, str) else None


@rule(
    code="ME01",
    name="results-chain-complete",
    title="The results chain has an impact and at least one outcome",
    severity="error",
    principle="A project states the change it is for (impact) and the changes in its clusters "
    "that lead there (outcomes), not only what it delivers.",
    source=SOURCE,
    fix="Fill the Results sheet: one impact, the outcomes that contribute to it (parent_id), and "
    "the outputs of each outcome.",
)
def results_chain_complete(project: Project, params: Params) -> Iterator[Finding]:
    """The Results sheet holds at least one impact and one outcome."""
    rows = results(project)
    if not rows:
        yield Finding(
            message="The workbook has no results chain: the Results sheet is absent or empty",
            location=Location(sheet="Results"),
        )
        return
    levels = {r.get("level") for r in rows}
    for level in ("impact", "outcome"):
        if level not in levels:
            yield Finding(
                message=f"The results chain has no {level}", location=Location(sheet="Results")
            )


@rule(
    code="ME02",
    name="no-orphan-output",
    title="Every output contributes to an outcome",
    severity="error",
    principle="Each output is there to bring about an outcome; an output that leads nowhere is "
    "activity for its own sake.",
    source=SOURCE,
    fix="Set the output's parent_id to the id of the outcome it contributes to.",
)
def no_orphan_output(project: Project, params: Params) -> Iterator[Finding]:
    """Every output's parent_id names a result whose level is outcome."""
    by_id = {r.get("result_id"): r for r in results(project)}
    for row in results(project):
        if row.get("level") != "output":
            continue
        parent_id = row.get("parent_id")
        parent = by_id.get(parent_id) if parent_id is not None else None
        if parent is None:
            message = f"Output {row.get('result_id')} has no parent outcome"
        elif parent.get("level") != "outcome":
            message = (
                f"Output {row.get('result_id')} hangs on {parent_id}, "
                f"which is an {parent.get('level') or 'unknown level'}, not an outcome"
            )
        else:
            continue
        yield Finding(message=message, location=row.at("parent_id"), cluster=_cluster(row))


@rule(
    code="ME03",
    name="assumptions-stated",
    title="Outcomes and outputs state their assumptions",
    severity="warning",
    principle="The step from one level of the chain to the next rests on assumptions; stated, "
    "they can be monitored.",
    source=SOURCE,
    fix="Write in the assumptions cell what must hold for this result to lead to its parent.",
    parameters={"levels": (["outcome", "output"], "Levels whose assumptions must be stated.")},
)
def assumptions_stated(project: Project, params: Params) -> Iterator[Finding]:
    """Each result at one of ``levels`` has its assumptions filled in."""
    for row in results(project):
        if row.get("level") in params["levels"] and not row.get("assumptions"):
            yield Finding(
                message=f"{str(row.get('level')).capitalize()} {row.get('result_id')} states no assumptions",
                location=row.at("assumptions"),
                cluster=_cluster(row),
            )


@rule(
    code="ME04",
    name="results-measured",
    title="Every result has an indicator",
    severity="error",
    principle="What is not measured cannot be monitored or evaluated.",
    source=SOURCE,
    fix="Add a row to the Indicators sheet whose result_id is this result.",
    parameters={"levels": (["impact", "outcome", "output"], "Levels that need an indicator.")},
)
def results_measured(project: Project, params: Params) -> Iterator[Finding]:
    """Each result at one of ``levels`` is the result_id of at least one indicator."""
    measured = {i.get("result_id") for i in indicators(project)}
    for row in results(project):
        if row.get("level") in params["levels"] and row.get("result_id") not in measured:
            yield Finding(
                message=f"{str(row.get('level')).capitalize()} {row.get('result_id')} has no indicator",
                location=row.at("result_id"),
                cluster=_cluster(row),
            )


@rule(
    code="ME05",
    name="indicator-complete",
    title="Every indicator has a baseline, a target, a date, a means of verification and an owner",
    severity="warning",
    principle="An indicator is only usable with a baseline to start from, a target and date to "
    "reach, a source for its values and an organisation that measures it.",
    source=SOURCE,
    fix="Fill the blank cells of the indicator's row.",
    parameters={"fields": (INDICATOR_FIELDS, "Columns every indicator must fill.")},
)
def indicator_complete(project: Project, params: Params) -> Iterator[Finding]:
    """Each indicator fills every column named in ``fields``."""
    for row in indicators(project):
        for field in params["fields"]:
            if row.get(field) is None:
                yield Finding(
                    message=f"Indicator {row.get('indicator_id')} has no {field.replace('_', ' ')}",
                    location=row.at(field),
                )


@rule(
    code="ME06",
    name="target-within-project",
    title="Indicator targets fall within the project's duration",
    severity="error",
    principle="A target the project will not be there to see cannot be monitored by it.",
    source=SOURCE,
    fix="Move the target date between the project's start_date and end_date, or set an interim "
    "target that does.",
)
def target_within_project(project: Project, params: Params) -> Iterator[Finding]:
    """Each indicator's target_date lies between the project's start and end dates."""
    start, end = project.info.start_date, project.info.end_date
    if start is None or end is None:
        return  # the WB rules report the blank project dates
    for row in indicators(project):
        target = row.get("target_date")
        if isinstance(target, dt.date) and not start <= target <= end:
            yield Finding(
                message=f"Indicator {row.get('indicator_id')} targets {target}, outside the "
                f"project ({start} to {end})",
                location=row.at("target_date"),
            )


@rule(
    code="ME07",
    name="m-and-e-budgeted",
    title="The work plan has a budgeted M&E activity",
    severity="error",
    principle="Monitoring and evaluation are work: planned and paid for, or they do not happen.",
    source=SOURCE,
    fix="Add an activity of type m_and_e to the Activities sheet, with its budget.",
)
def m_and_e_budgeted(project: Project, params: Params) -> Iterator[Finding]:
    """At least one activity of type m_and_e has a budget above zero."""
    planned = [a for a in project.activities if a.type is ActivityType.M_AND_E]
    if not planned:
        yield Finding(
            message="The work plan has no monitoring and evaluation activity (type m_and_e)",
            location=Location(sheet="Activities"),
        )
        return
    if any((a.budget or 0) > 0 for a in planned):
        return
    for activity in planned:
        yield Finding(
            message=f"M&E activity {activity.activity_id} has no budget",
            location=activity.at("budget"),
            cluster=activity.cluster_id,
        )


RULES = (
    results_chain_complete,
    no_orphan_output,
    assumptions_stated,
    results_measured,
    indicator_complete,
    target_within_project,
    m_and_e_budgeted,
)
