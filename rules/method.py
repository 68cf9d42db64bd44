"""Method rules (PR01-PR04): the UNIDO cluster development method, followed step by step.

Selection, diagnostic, trust building, action plan, implementation, monitoring and evaluation: each
cluster is selected with local partners on stated criteria, goes through the phases in order, has
the time it needs, and is implemented mainly through joint action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from clustercheck.findings import Finding, Severity
from clustercheck.model import Activity, ActivityType, Category, Cluster, Phase, Project
from clustercheck.rule import Parameter, Params, Rule, rule

from .common import METHOD, clusters_with_ids, months_between, named, share, unknown

#: The method in brief: the principle of the PR rules that have no quote of their own.
_SEQUENCE = (
    "Selection → diagnostic → trust building → action plan → implementation → monitoring and "
    "evaluation."
)
_DAY = dt.timedelta(days=1)
_JOINT = frozenset({ActivityType.JOINT_ACTION, ActivityType.NETWORK_FORMATION})


def _phase(project: Project, cluster_id: str, phase: Phase) -> list[Activity]:
    return [a for a in project.activities_by_cluster.get(cluster_id, []) if a.phase is phase]


@rule(
    code="PR01",
    name="shared-selection",
    title="Each cluster is selected with local partners, on stated criteria",
    severity="warning",
    description=(
        "Selection is participatory and based on clearly defined criteria: each cluster needs "
        "its `selection_criteria`, and `selected_by` must hold a local organisation that is not "
        "UNIDO. Each gap is a warning; a candidate organisation whose `is_local` is blank makes "
        "the second check unknown."
    ),
    principle='Cluster selection is "participatory ... based on clearly defined criteria".',
    source=METHOD,
    fix=(
        "Write the criteria the cluster was selected on in selection_criteria, and list in "
        "selected_by the local institutions (ministry, counterparts, business associations) that "
        "took part in the selection."
    ),
)
def shared_selection(project: Project, params: Params) -> Iterator[Finding]:
    """Each cluster has selection criteria and was selected with a local organisation."""
    for cluster, cid in clusters_with_ids(project):
        if not (cluster.selection_criteria or "").strip():
            yield Finding(
                message=f"Cluster {named(cluster)} gives no criteria it was selected on",
                location=cluster.at("selection_criteria"),
                cluster=cid,
            )
        local = False
        blanks: list[Finding] = []
        for org_id in cluster.selected_by or ():
            org = project.org(org_id)
            if org is None or org.category is Category.UNIDO:
                continue
            if org.is_local is None:
                what = f"Whether a local organisation selected cluster {named(cluster)}"
                blanks.append(unknown(what, org, ["is_local"], cluster=cid))
            elif org.is_local:
                local = True
                break
        if local:
            continue
        if blanks:
            yield from blanks
        else:
            yield Finding(
                message=f"Cluster {named(cluster)} was not selected with a local organisation "
                "(selected_by holds none besides UNIDO)",
                location=cluster.at("selected_by"),
                cluster=cid,
            )


def _earliest_start(activities: list[Activity]) -> Activity | None:
    dated = [a for a in activities if a.start_date is not None]
    return min(dated, key=lambda a: a.start_date or dt.date.max, default=None)


@rule(
    code="PR02",
    name="phases-in-order",
    title="Each cluster goes through diagnostic, action plan and implementation, in that order",
    severity="error",
    description=(
        "Each cluster needs activities in the phases diagnostic, action_plan and implementation: "
        "each missing phase is an error. The action plan must not start before the diagnostic "
        "ends (the first action-plan activity's start against the last diagnostic activity's "
        "end), nor implementation before the action plan starts; either is a warning. Blank "
        "dates that decide the order make it unknown."
    ),
    principle=_SEQUENCE,
    source=METHOD,
    fix=(
        "Add the missing phase's activities to the cluster, and date the action plan after the "
        "diagnostic is validated and implementation after the action plan is started."
    ),
)
def phases_in_order(project: Project, params: Params) -> Iterator[Finding]:
    """Each cluster has the three core phases, in order."""
    for cluster, cid in clusters_with_ids(project):
        diagnostic = _phase(project, cid, Phase.DIAGNOSTIC)
        plan = _phase(project, cid, Phase.ACTION_PLAN)
        implementation = _phase(project, cid, Phase.IMPLEMENTATION)
        for phase, found in (
            (Phase.DIAGNOSTIC, diagnostic),
            (Phase.ACTION_PLAN, plan),
            (Phase.IMPLEMENTATION, implementation),
        ):
            if not found:
                yield Finding(
                    message=f"Cluster {named(cluster)} has no activity in the "
                    f"{phase.value.replace('_', ' ')} phase",
                    location=cluster.at("cluster_id"),
                    cluster=cid,
                )
        if diagnostic and plan:
            yield from _plan_after_diagnostic(cluster, cid, diagnostic, plan)
        if plan and implementation:
            yield from _implementation_after_plan(cluster, cid, plan, implementation)


def _plan_after_diagnostic(
    cluster: Cluster, cid: str, diagnostic: list[Activity], plan: list[Activity]
) -> Iterator[Finding]:
    first = _earliest_start(plan)
    ends = [a for a in diagnostic if a.end_date is not None]
    last = max(ends, key=lambda a: a.end_date or dt.date.min, default=None)
    # Blank dates can only make the earliest start earlier or the latest end later: an overlap
    # seen among the known dates is certain.
    if first and last and first.start_date and last.end_date and first.start_date < last.end_date:
        yield Finding(
            message=f"In cluster {named(cluster)}, the action plan ({first.activity_id}) starts "
            f"on {first.start_date}, before the diagnostic ends ({last.activity_id}, "
            f"{last.end_date})",
            location=first.at("start_date"),
            cluster=cid,
            severity=Severity.WARNING,
        )
        return
    what = f"Whether the action plan of {named(cluster)} follows the diagnostic"
    yield from (unknown(what, a, ["start_date"], cluster=cid) for a in plan if not a.start_date)
    yield from (unknown(what, a, ["end_date"], cluster=cid) for a in diagnostic if not a.end_date)


def _implementation_after_plan(
    cluster: Cluster, cid: str, plan: list[Activity], implementation: list[Activity]
) -> Iterator[Finding]:
    first_plan = _earliest_start(plan)
    first = _earliest_start(implementation)
    blank_plan = [a for a in plan if a.start_date is None]
    blank_implementation = [a for a in implementation if a.start_date is None]
    early = bool(
        first
        and first_plan
        and first.start_date
        and first_plan.start_date
        and first.start_date < first_plan.start_date
    )
    if early and not blank_plan and first and first_plan:
        yield Finding(
            message=f"In cluster {named(cluster)}, implementation ({first.activity_id}) starts "
            f"on {first.start_date}, before the action plan starts ({first_plan.activity_id}, "
            f"{first_plan.start_date})",
            location=first.at("start_date"),
            cluster=cid,
            severity=Severity.WARNING,
        )
        return
    what = f"Whether implementation in {named(cluster)} follows the action plan"
    for activity in blank_plan + blank_implementation:
        yield unknown(what, activity, ["start_date"], cluster=cid)


@rule(
    code="PR03",
    name="realistic-duration",
    title="The project lasts long enough, and each CDA stays for most of it",
    severity="warning",
    description=(
        "Cluster development takes years: the project must last at least "
        "`min_duration_months`, and each CDA's time on the project (their start and end dates "
        "within the project's) must cover at least `min_cda_coverage` of it. End dates count as "
        "days of work (2026-01-01 to 2028-12-31 is 36 months). Each gap is a warning; blank "
        "dates make it unknown."
    ),
    principle=_SEQUENCE,
    source=METHOD,
    fix=(
        "Plan the project over at least the minimum duration, and contract each CDA from the "
        "start of the project to (close to) its end."
    ),
    parameters={
        "min_duration_months": Parameter(
            default=36, description="Shortest project duration, in months", minimum=1
        ),
        "min_cda_coverage": share(
            0.8, "Smallest share of the project's duration each CDA must cover"
        ),
    },
)
def realistic_duration(project: Project, params: Params) -> Iterator[Finding]:
    """The project lasts long enough, and each CDA covers most of it."""
    least_months: int = params["min_duration_months"]
    least_coverage: float = params["min_cda_coverage"]
    info = project.info
    start, end = info.start_date, info.end_date
    if start is None or end is None:
        yield unknown("The project's duration", info, ["start_date", "end_date"])
        return
    # End dates are inclusive: a project from 2026-01-01 to 2029-12-31 lasts 48 months.
    length = (end - start).days + 1
    if length <= 0:
        return  # an end before the start is an input error (WB008), reported as such
    months = months_between(start, end + _DAY)
    if months < least_months:
        yield Finding(
            message=f"The project lasts {months:.1f} months ({start} to {end}), less than "
            f"{least_months}",
            location=info.at("end_date"),
        )
    for cda in project.cdas:
        clusters = cda.cluster_ids or ()
        cid = clusters[0] if len(clusters) == 1 else None
        if cda.start_date is None or cda.end_date is None:
            what = f"CDA {cda.person_id}'s coverage of the project"
            yield unknown(what, cda, ["start_date", "end_date"], cluster=cid)
            continue
        covered = (min(end, cda.end_date) - max(start, cda.start_date)).days + 1
        coverage = max(covered, 0) / length
        if coverage < least_coverage:
            # Point at the date that loses the project more time.
            late = (cda.start_date - start).days >= (end - cda.end_date).days
            yield Finding(
                message=f"CDA {cda.person_id} is on the project from {cda.start_date} to "
                f"{cda.end_date}: {coverage:.0%} of its duration, less than {least_coverage:.0%}",
                location=cda.at("start_date" if late else "end_date"),
                cluster=cid,
            )


@rule(
    code="PR04",
    name="joint-action",
    title="Implementation is mainly joint action, and strengthens support institutions",
    severity="warning",
    description=(
        "In each cluster, at least `min_joint_share` of the implementation activities must be "
        "of type `joint_action` or `network_formation`, and at least one must be "
        "`institutional_support`. Each gap is a warning; a blank type that decides it makes it "
        "unknown."
    ),
    principle=(
        '"Joint actions to realize collective efficiency gains" and "targeted support to the '
        "cluster's institutional support structure\"."
    ),
    source=METHOD,
    fix=(
        "Plan implementation around joint actions and networks of the cluster's firms (joint "
        "marketing, purchasing, shared services), and add support to an institution that serves "
        "the cluster (e.g. upgrading a technical centre)."
    ),
    parameters={
        "min_joint_share": share(
            0.5,
            "Smallest share of a cluster's implementation activities that are joint action or "
            "network formation",
        ),
    },
)
def joint_action(project: Project, params: Params) -> Iterator[Finding]:
    """Each cluster's implementation is mostly joint action and includes institutional support."""
    least: float = params["min_joint_share"]
    for cluster, cid in clusters_with_ids(project):
        activities = _phase(project, cid, Phase.IMPLEMENTATION)
        if not activities:
            yield Finding(
                message=f"Cluster {named(cluster)} has no implementation activity, so no joint "
                "action nor institutional support",
                location=cluster.at("cluster_id"),
                cluster=cid,
            )
            continue
        joint = sum(1 for a in activities if a.type in _JOINT)
        blank = [a for a in activities if a.type is None]
        total = len(activities)
        undecided = False
        # A blank type may or may not be joint action: judge the best and the worst case.
        if (joint + len(blank)) / total < least:
            yield Finding(
                message=f"In cluster {named(cluster)}, {joint} of {total} implementation "
                f"activities ({joint / total:.0%}) are joint action or network formation, fewer "
                f"than {least:.0%}",
                location=cluster.at("cluster_id"),
                cluster=cid,
            )
        else:
            undecided = joint / total < least
        if not any(a.type is ActivityType.INSTITUTIONAL_SUPPORT for a in activities):
            if blank:
                undecided = True
            else:
                yield Finding(
                    message=f"Cluster {named(cluster)} has no institutional_support activity "
                    "among its implementation activities",
                    location=cluster.at("cluster_id"),
                    cluster=cid,
                )
        if undecided:
            what = f"The implementation activities of {named(cluster)}"
            yield from (unknown(what, a, ["type"], cluster=cid) for a in blank)


RULES: list[Rule] = [shared_selection, phases_in_order, realistic_duration, joint_action]
