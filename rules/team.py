"""Project team (TEAM): a coordinator, one Cluster Development Agent per cluster, local staff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from clustercheck.findings import Finding, Location, Severity
from clustercheck.model import Activity, Employer, Phase, Project, TeamMember, TeamRole
from clustercheck.rule import Parameter, Params, rule

from .common import KEY_ACTORS, cluster_label, months_between, person_label, share, unknown

PRINCIPLE = (
    "a project team is established including a Project Coordinator … and one or a team of "
    "Cluster Development Agents (CDA) and specialist consultants responsible for one cluster each"
)
#: Employers that make a team member local staff even when not a national.
LOCAL_EMPLOYERS = frozenset({Employer.SECONDED, Employer.COUNTERPART})


def _cluster(project: Project, cluster_id: str) -> str:
    cluster = project.cluster_by_id.get(cluster_id)
    return cluster_label(cluster) if cluster else f"cluster {cluster_id}"


@rule(
    code="TEAM01",
    name="coordinator-designated",
    title="Exactly one Project Coordinator is designated",
    severity="error",
    description=(
        "Checks that exactly one Team row has the role project_coordinator. No coordinator is an "
        "error: nobody leads the project team. More than one is a warning: the lead is unclear. "
        "When no row is a coordinator but some rows have a blank role, the outcome is unknown."
    ),
    principle=PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Add one Team row with role project_coordinator (the project leader or technical "
        "advisor); if several rows have that role, keep it on one and give the others their role."
    ),
)
def coordinator_designated(project: Project, params: Params) -> Iterator[Finding]:
    coordinators = [p for p in project.team if p.role is TeamRole.PROJECT_COORDINATOR]
    if len(coordinators) > 1:
        names = ", ".join(person_label(p) for p in coordinators)
        yield Finding(
            message=f"The project has {len(coordinators)} Project Coordinators ({names}); "
            "exactly one is expected",
            location=coordinators[1].at("role"),
            severity=Severity.WARNING,
        )
    elif not coordinators:
        blank = [p for p in project.team if p.role is None]
        if blank:
            for person in blank:
                yield unknown(
                    f"Whether {person_label(person)} is the Project Coordinator", person, ["role"]
                )
            return
        yield Finding(
            message="The project has no Project Coordinator: no Team row has role "
            "project_coordinator",
            location=Location(sheet="Team", column="role"),
        )


@rule(
    code="TEAM02",
    name="one-cda-per-cluster",
    title="Every cluster has its own Cluster Development Agent",
    severity="error",
    description=(
        "Checks that every cluster has a Cluster Development Agent: a Team row with role cda "
        "whose cluster_ids hold the cluster. A cluster without one is an error at its Clusters "
        "row. A CDA responsible for more than max_clusters_per_cda clusters, or working less "
        "than min_cda_fte of their time on the project, is a warning at the CDA's row."
    ),
    principle=PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Give each cluster a CDA: a Team row with role cda and the cluster's id in cluster_ids. "
        "Recruit or second further CDAs so that each works on one cluster, with enough of their "
        "time on the project."
    ),
    parameters={
        "max_clusters_per_cda": Parameter(
            default=1, description="The most clusters one CDA may be responsible for", minimum=1
        ),
        "min_cda_fte": share(0.5, "The least share of full time a CDA works on the project"),
    },
)
def one_cda_per_cluster(project: Project, params: Params) -> Iterator[Finding]:
    # Rows with a blank role may be the missing CDA: their clusters are unknown, not gaps.
    unsure: dict[str, list[TeamMember]] = {}
    for person in project.team:
        if person.role is None:
            for cluster_id in person.cluster_ids or ():
                unsure.setdefault(cluster_id, []).append(person)
    for cluster in project.clusters:
        cid = cluster.cluster_id
        if cid is None or cid in project.cdas_by_cluster:
            continue
        if cid in unsure:
            for person in unsure[cid]:
                yield unknown(
                    f"Whether {person_label(person)} is the CDA of {cluster_label(cluster)}",
                    person,
                    ["role"],
                    cluster=cid,
                )
            continue
        yield Finding(
            message=f"{cluster_label(cluster)} has no Cluster Development Agent: no Team row "
            f"with role cda lists {cid} in cluster_ids",
            location=cluster.at("cluster_id"),
            cluster=cid,
        )
    most, least = params["max_clusters_per_cda"], params["min_cda_fte"]
    for cda in project.cdas:
        clusters = sorted(set(cda.cluster_ids or ()))
        if len(clusters) > most:
            yield Finding(
                message=f"CDA {person_label(cda)} is responsible for {len(clusters)} clusters "
                f"({', '.join(clusters)}); at most {most} expected, one CDA per cluster",
                location=cda.at("cluster_ids"),
                severity=Severity.WARNING,
            )
        only = clusters[0] if len(clusters) == 1 else None
        if cda.fte is None:
            yield unknown(
                f"The time CDA {person_label(cda)} works on the project", cda, ["fte"], cluster=only
            )
        elif cda.fte < least:
            yield Finding(
                message=f"CDA {person_label(cda)} works {cda.fte:.0%} of full time on the "
                f"project; at least {least:.0%} expected",
                location=cda.at("fte"),
                cluster=only,
                severity=Severity.WARNING,
            )


def _diagnostics(project: Project) -> dict[str, tuple[tuple[dt.date, str] | None, list[Activity]]]:
    """Per cluster: the start and id of its earliest dated diagnostic activity, and the undated."""
    found: dict[str, tuple[tuple[dt.date, str] | None, list[Activity]]] = {}
    for cid, activities in project.activities_by_cluster.items():
        diagnostics = [a for a in activities if a.phase is Phase.DIAGNOSTIC]
        dated = [(a.start_date, a.activity_id or "") for a in diagnostics if a.start_date]
        found[cid] = (min(dated, default=None), [a for a in diagnostics if a.start_date is None])
    return found


@rule(
    code="TEAM03",
    name="cda-before-diagnostic",
    title="Each CDA is appointed at the start, before the diagnostic",
    severity="warning",
    description=(
        "Checks that each Cluster Development Agent starts in time to carry out the diagnostic "
        "of their cluster: a CDA whose start_date is after the start of a diagnostic activity of "
        "one of their clusters, or more than max_cda_delay_months after the project start, is a "
        "warning. A blank start date makes the outcome unknown."
    ),
    principle="a CDA is appointed at the start, to carry out the diagnostic",
    source="UNIDO, Development Principles",
    fix=(
        "Plan the recruitment of each CDA for the first months of the project, before the "
        "diagnostic of their cluster starts, or move the diagnostic after the CDA's start."
    ),
    parameters={
        "max_cda_delay_months": Parameter(
            default=3,
            description="The most months after the project start a CDA may start",
            minimum=0,
        ),
    },
)
def cda_before_diagnostic(project: Project, params: Params) -> Iterator[Finding]:
    if not project.cdas:
        return  # TEAM02 reports clusters without a CDA
    diagnostics = _diagnostics(project)
    delay = params["max_cda_delay_months"]
    begin = project.info.start_date
    if begin is None:
        yield unknown(
            "How long after the project start each CDA starts", project.info, ["start_date"]
        )
    for cda in project.cdas:
        clusters = list(dict.fromkeys(cda.cluster_ids or ()))
        only = clusters[0] if len(clusters) == 1 else None
        start = cda.start_date
        if start is None:
            yield unknown(f"When CDA {person_label(cda)} starts", cda, ["start_date"], cluster=only)
            continue
        for cid in clusters:
            first, undated = diagnostics.get(cid, (None, []))
            if first is not None and first[0] < start:
                yield Finding(
                    message=f"CDA {person_label(cda)} starts on {start.isoformat()}, after the "
                    f"diagnostic of {_cluster(project, cid)} starts ({first[1]}, "
                    f"{first[0].isoformat()}): the CDA should carry it out",
                    location=cda.at("start_date"),
                    cluster=cid,
                )
            else:
                for activity in undated:
                    yield unknown(
                        f"Whether CDA {person_label(cda)} starts before diagnostic "
                        f"{activity.activity_id}",
                        activity,
                        ["start_date"],
                        cluster=cid,
                    )
        if begin is not None and months_between(begin, start) > delay:
            yield Finding(
                message=f"CDA {person_label(cda)} starts on {start.isoformat()}, "
                f"{months_between(begin, start):.1f} months after the project start "
                f"({begin.isoformat()}); at most {delay} months expected",
                location=cda.at("start_date"),
                cluster=only,
            )


def _is_local_staff(person: TeamMember) -> bool | None:
    """True if national or seconded, False if neither, None when a blank cell decides it."""
    if person.is_national or person.employer in LOCAL_EMPLOYERS:
        return True
    if person.is_national is None or person.employer is None:
        return None
    return False


@rule(
    code="TEAM04",
    name="local-staffing",
    title="Project staff are largely local, and at least one CDA is national",
    severity="warning",
    description=(
        "Checks that at least min_local_share of the team members are national or seconded "
        "(is_national yes, or employer seconded or counterpart), and that at least one Cluster "
        "Development Agent is a national. Either gap is a warning. Blank is_national or employer "
        "cells that could change the verdict make the outcome unknown."
    ),
    principle=(
        "project staff (which can be drawn from or seconded by local public or private sector "
        "institutions); the creation of local capacities is paramount"
    ),
    source=KEY_ACTORS,
    fix=(
        "Draw more of the project staff from the country, or have them seconded by local "
        "public or private institutions; recruit at least one national CDA."
    ),
    parameters={
        "min_local_share": share(
            0.5, "The least share of team members who are national or seconded"
        ),
    },
)
def local_staffing(project: Project, params: Params) -> Iterator[Finding]:
    if project.team:
        verdicts = [(p, _is_local_staff(p)) for p in project.team]
        local = sum(1 for _, v in verdicts if v)
        undecided = [p for p, v in verdicts if v is None]
        total, least = len(verdicts), params["min_local_share"]
        if local / total < least:
            if (local + len(undecided)) / total >= least:
                for person in undecided:
                    yield unknown(
                        f"Whether team member {person_label(person)} is national or seconded",
                        person,
                        ["is_national", "employer"],
                    )
            else:
                yield Finding(
                    message=f"{local} of {total} team members ({local / total:.0%}) are "
                    f"national or seconded by a local institution; at least {least:.0%} expected",
                    location=Location(sheet="Team", column="is_national"),
                )
    if project.cdas and not any(c.is_national for c in project.cdas):
        blank = [c for c in project.cdas if c.is_national is None]
        for cda in blank:
            yield unknown(f"Whether CDA {person_label(cda)} is a national", cda, ["is_national"])
        if not blank:
            names = ", ".join(person_label(c) for c in project.cdas)
            yield Finding(
                message=f"No Cluster Development Agent is a national of the country ({names} "
                "have is_national no)",
                location=project.cdas[0].at("is_national"),
            )


RULES = [coordinator_designated, one_cda_per_cluster, cda_before_diagnostic, local_staffing]
