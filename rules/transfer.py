"""Responsibility transfer (RT): cluster functions are handed over to local institutions, gradually."""

from __future__ import annotations

from collections.abc import Iterator

from clustercheck.findings import Finding, Location
from clustercheck.model import Activity, ActivityType, HandoverFunction, Project
from clustercheck.rule import Parameter, Params, rule

from .common import KEY_ACTORS, cluster_label, fraction_of, org_label, share, unknown

PRINCIPLE = (
    "Over time, responsibilities will have to be transferred to local institutions, the "
    "governance structure of which will have to be developed and gradually strengthened over "
    "the project duration"
)


def handovers(project: Project) -> list[Activity]:
    """The activities of type handover, in sheet order."""
    return [a for a in project.activities if a.type is ActivityType.HANDOVER]


@rule(
    code="RT01",
    name="handover-planned",
    title="Each cluster's facilitation is handed over",
    severity="error",
    description=(
        "Checks that every cluster has a handover activity (type handover) whose "
        "handover_function is cluster_facilitation: the CDA's role must pass to a local "
        "institution before the project ends. A cluster without one is an error at its Clusters "
        "row. A handover activity of the cluster with a blank handover_function makes the outcome "
        "unknown."
    ),
    principle=PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Add an Activities row for each cluster with type handover, handover_function "
        "cluster_facilitation and the local institution that takes facilitation over."
    ),
)
def handover_planned(project: Project, params: Params) -> Iterator[Finding]:
    facilitated: set[str] = set()
    undecided: dict[str, list[Activity]] = {}
    for activity in handovers(project):
        if activity.cluster_id is None:
            continue
        if activity.handover_function is HandoverFunction.CLUSTER_FACILITATION:
            facilitated.add(activity.cluster_id)
        elif activity.handover_function is None:
            undecided.setdefault(activity.cluster_id, []).append(activity)
    for cluster in project.clusters:
        cid = cluster.cluster_id
        if cid is None or cid in facilitated:
            continue
        if cid in undecided:
            for activity in undecided[cid]:
                yield unknown(
                    f"Whether handover {activity.activity_id} hands over the facilitation of "
                    f"{cluster_label(cluster)}",
                    activity,
                    ["handover_function"],
                    cluster=cid,
                )
            continue
        yield Finding(
            message=f"{cluster_label(cluster)} has no handover of cluster facilitation: no "
            f"activity of type handover for {cid} has handover_function cluster_facilitation",
            location=cluster.at("cluster_id"),
            cluster=cid,
        )


@rule(
    code="RT02",
    name="handover-to-local",
    title="Handovers go to local institutions",
    severity="error",
    description=(
        "Checks that every handover activity names a receiving_org and that this organisation is "
        "local (is_local yes). A handover with no receiving organisation, or to one that is not "
        "local, is an error at the activity's row. A receiving organisation with a blank "
        "is_local makes the outcome unknown."
    ),
    principle=PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Give each handover activity a receiving_org that is a local institution (a technical "
        "centre, a business association, an agency) able to carry the function on."
    ),
)
def handover_to_local(project: Project, params: Params) -> Iterator[Finding]:
    for activity in handovers(project):
        cid = activity.cluster_id
        cluster = project.cluster_by_id.get(cid) if cid else None
        where = f" of {cluster_label(cluster)}" if cluster else ""
        receiver = project.org(activity.receiving_org)
        if receiver is None:
            named = activity.receiving_org
            yield Finding(
                message=f"Handover {activity.activity_id}{where} names no receiving organisation"
                + (f": {named} is not in Organisations" if named else ": receiving_org is blank")
                + ", so no known local institution takes the function over",
                location=activity.at("receiving_org"),
                cluster=cid,
            )
        elif receiver.is_local is None:
            yield unknown(
                f"Whether {org_label(receiver)}, which receives handover {activity.activity_id}, "
                "is local",
                receiver,
                ["is_local"],
                cluster=cid,
            )
        elif not receiver.is_local:
            yield Finding(
                message=f"Handover {activity.activity_id}{where} goes to {org_label(receiver)}, "
                "which is not a local institution (is_local no)",
                location=activity.at("receiving_org"),
                cluster=cid,
            )


@rule(
    code="RT03",
    name="gradual-handover",
    title="Responsibilities are handed over gradually, not all at the end",
    severity="warning",
    description=(
        "Checks that the transfer is gradual: at least min_handover_steps handover activities "
        "(type handover, across the project) start on different dates, and the first of them "
        "starts before late_fraction of the project duration has passed. Either gap is a "
        "warning. Blank start dates that could change the verdict, or a blank project start or "
        "end, make the outcome unknown."
    ),
    principle=PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Stage the handover: transfer functions one by one (commission secretariat, services, "
        "then facilitation), starting well before the last quarter of the project."
    ),
    parameters={
        "min_handover_steps": Parameter(
            default=2, description="The least number of handover start dates", minimum=0
        ),
        "late_fraction": share(
            0.75,
            "The share of the project duration before which the first handover must start",
        ),
    },
)
def gradual_handover(project: Project, params: Params) -> Iterator[Finding]:
    steps, late = params["min_handover_steps"], params["late_fraction"]
    activities = handovers(project)
    dated = sorted((a.start_date, i, a) for i, a in enumerate(activities) if a.start_date)
    undated = [a for a in activities if a.start_date is None]
    dates = {day for day, _, _ in dated}
    if len(dates) < steps:
        if len(dates) + len(undated) >= steps:
            for activity in undated:
                yield unknown(
                    f"Whether handover {activity.activity_id} is a step of its own",
                    activity,
                    ["start_date"],
                    cluster=activity.cluster_id,
                )
        else:
            days = ", ".join(sorted(d.isoformat() for d in dates))
            yield Finding(
                message=f"The handover is not gradual: the {len(activities)} handover "
                f"activities start on {len(dates)} distinct date(s) ({days}); at least {steps} "
                "handover steps on different dates expected"
                if activities
                else f"The project plans no handover activity; at least {steps} handover steps "
                "on different dates expected",
                location=dated[0][2].at("start_date")
                if dated
                else Location(sheet="Activities", column="type"),
            )
    if not activities:
        return
    info = project.info
    if info.start_date is None or info.end_date is None:
        yield unknown(
            "When the first handover starts in the project", info, ["start_date", "end_date"]
        )
        return
    if dated:
        day, _, first = dated[0]
        position = fraction_of(info.start_date, info.end_date, day)
        if position < late:
            return
    # An undated handover might start early enough: the timing is then unknown, not late.
    for activity in undated:
        yield unknown(
            f"Whether handover {activity.activity_id} starts early enough",
            activity,
            ["start_date"],
            cluster=activity.cluster_id,
        )
    if dated and not undated:
        yield Finding(
            message=f"The handover starts late: the first handover, {first.activity_id}, starts "
            f"on {day.isoformat()}, {position:.0%} into the project; it should start before "
            f"{late:.0%}",
            location=first.at("start_date"),
        )


RULES = [handover_planned, handover_to_local, gradual_handover]
