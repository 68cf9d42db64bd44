"""Cluster Commission rules (CC01-CC05): a local forum per cluster, then a formal structure.

Principle: "The wide participation of cluster stakeholders ... is encouraged by way of establishing
a Cluster Commission (or similar local forum) ... Towards the end of the project, a formal structure
should ideally be established" (UNIDO, Key actors).
"""

from __future__ import annotations

from collections.abc import Iterator

from clustercheck.findings import Finding, Severity
from clustercheck.model import (
    Body,
    BodyFunction,
    BodyStatus,
    BodyType,
    Category,
    Cluster,
    Organisation,
    Phase,
    Project,
    SizeClass,
    Stage,
)
from clustercheck.rule import Parameter, Params, Rule, rule

from .common import KEY_ACTORS, body_label, clusters_with_ids, named, sentence, share, unknown

_COMMISSION_PRINCIPLE = (
    "The wide participation of cluster stakeholders (firms, support institutions, business "
    "associations, local authorities and civil society representatives) is encouraged by way of "
    "establishing a Cluster Commission (or similar local forum for discussion and debate)."
)
#: Stages at which a body that is still only planned is late.
_LATE_STAGES = frozenset({Stage.MIDTERM, Stage.FINAL})
#: Categories that count as a support institution among a commission's members.
_SUPPORT = frozenset(
    {Category.SUPPORT_INSTITUTION, Category.ACADEMIC_RESEARCH, Category.FINANCIAL_INSTITUTION}
)
_ENDORSING = (
    BodyFunction.REVIEW_DIAGNOSTIC,
    BodyFunction.ENDORSE_ACTION_PLAN,
    BodyFunction.REVIEW_PROGRESS_REPORTS,
)


def commissions(project: Project, cluster_id: str) -> list[Body]:
    """A cluster's commissions: its ``cluster_commission`` bodies, else its ``other_forum`` ones.

    A cluster with both has its commission proper checked, not, say, a thematic forum beside it.
    """
    own = project.bodies_of(cluster_id, BodyType.CLUSTER_COMMISSION)
    return own or project.bodies_of(cluster_id, BodyType.OTHER_FORUM)


def still_planned(
    bodies: list[Body], what: str, stage: Stage, *, cluster: str | None = None
) -> Iterator[Finding]:
    """A warning when none of ``bodies`` is established and all are still planned at ``stage``;
    unknown when none is established and the status of some is blank."""
    if any(b.status is BodyStatus.ESTABLISHED for b in bodies):
        return
    blank = [b for b in bodies if b.status is None]
    if blank:
        for body in blank:
            yield unknown(f"Whether {what} is established", body, ["status"], cluster=cluster)
        return
    yield Finding(
        message=f"{sentence(what)} is still planned at the {stage.value} review: it should be "
        "established by now",
        location=bodies[0].at("status"),
        cluster=cluster,
        severity=Severity.WARNING,
    )


def _member_orgs(project: Project, body: Body) -> tuple[list[Organisation], list[Finding]]:
    """A body's member organisations, and unknown findings for members whose category is blank."""
    orgs: list[Organisation] = []
    blanks: list[Finding] = []
    what = f"The composition of {body_label(body)}"
    for member, org in project.member_orgs(body):
        if org is None:
            blanks.append(unknown(what, member, ["org_id"], cluster=body.cluster_id))
        elif org.category is None:
            blanks.append(unknown(what, org, ["category"], cluster=body.cluster_id))
        else:
            orgs.append(org)
    return orgs, blanks


@rule(
    code="CC01",
    name="commission-per-cluster",
    title="Every cluster has a Cluster Commission",
    severity="error",
    description=(
        "Every cluster needs a body of type `cluster_commission` (or `other_forum`) with its "
        "`cluster_id`: a cluster without one is an error at its Clusters row. At the midterm and "
        "final reviews, a commission that is still `planned` is a warning."
    ),
    principle=_COMMISSION_PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Add a Bodies row of type cluster_commission for the cluster, with its cluster_id, and "
        "its members in BodyMembers; by the midterm review, set its status to established."
    ),
)
def commission_per_cluster(project: Project, params: Params) -> Iterator[Finding]:
    """Every cluster has a commission, established by the midterm review."""
    for cluster, cid in clusters_with_ids(project):
        bodies = commissions(project, cid)
        if not bodies:
            yield Finding(
                message=f"Cluster {named(cluster)} has no Cluster Commission (or similar local "
                "forum) in Bodies",
                location=cluster.at("cluster_id"),
                cluster=cid,
            )
        elif project.stage is not None and project.stage in _LATE_STAGES:
            what = f"the Cluster Commission {body_label(bodies[0])} of {named(cluster)}"
            yield from still_planned(bodies, what, project.stage, cluster=cid)


@rule(
    code="CC02",
    name="stakeholder-categories",
    title="The Cluster Commission brings together every kind of stakeholder",
    severity="warning",
    description=(
        "The members of each cluster's commission must cover the `required_categories` of "
        "organisation. A commission without a firm is an error; each other missing category is a "
        "warning. Academic and research institutions and financial institutions count as support "
        "institutions. A member whose category is blank makes a missing category unknown."
    ),
    principle=_COMMISSION_PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Add BodyMembers rows to the commission for an organisation of each missing category "
        "(for civil society, e.g. a women's or community association of the cluster's area)."
    ),
    parameters={
        "required_categories": Parameter(
            default=[
                "firm",
                "support_institution",
                "business_association",
                "local_authority",
                "civil_society",
            ],
            description="Organisation categories every Cluster Commission must have among its "
            "members",
            item_choices=Category,
        )
    },
)
def stakeholder_categories(project: Project, params: Params) -> Iterator[Finding]:
    """Each commission has members of every required category."""
    required: list[str] = list(params["required_categories"])
    for cluster, cid in clusters_with_ids(project):
        for body in commissions(project, cid):
            orgs, blanks = _member_orgs(project, body)
            covered: set[str] = {o.category for o in orgs if o.category is not None}
            if covered & _SUPPORT:
                covered.add(Category.SUPPORT_INSTITUTION)
            missing = [c for c in required if c not in covered]
            if missing and blanks:
                # A member of blank category may be the one missing: insufficient evidence.
                yield from blanks
                continue
            for category in missing:
                yield Finding(
                    message=f"The Cluster Commission {body_label(body)} of {named(cluster)} has no "
                    f"{category.replace('_', ' ')} member",
                    location=body.at("body_id"),
                    cluster=cid,
                    severity=Severity.ERROR if category == Category.FIRM else None,
                )


@rule(
    code="CC03",
    name="firm-led",
    title="Firms, small ones among them, lead the Cluster Commission",
    severity="warning",
    description=(
        "A commission is a representative group of the cluster's firms, not a forum of "
        "institutions nor of a few large firms: firms must be at least `min_firm_share` of its "
        "members (every member counts, observers and secretariat included), at least one firm "
        "must be micro or small, and large firms at most `max_large_firm_share` of its firm "
        "members. Each condition not met is a warning; blank categories or size classes that "
        "decide the verdict make it unknown."
    ),
    principle="A representative group, not a few large firms.",
    source="UNIDO, Development Principles",
    fix=(
        "Add micro and small firms of the cluster as members of the commission, so that firms "
        "make up a large part of it and large firms do not dominate them."
    ),
    parameters={
        "min_firm_share": share(0.4, "Lowest share of a commission's members that are firms"),
        "max_large_firm_share": share(
            0.5, "Highest share of a commission's firm members that are large"
        ),
    },
)
def firm_led(project: Project, params: Params) -> Iterator[Finding]:
    """Firms make up each commission, small ones among them, large ones not dominant."""
    min_firms: float = params["min_firm_share"]
    max_large: float = params["max_large_firm_share"]
    for cluster, cid in clusters_with_ids(project):
        for body in commissions(project, cid):
            where = body.at("body_id")
            title = f"the Cluster Commission {body_label(body)} of {named(cluster)}"
            orgs, blanks = _member_orgs(project, body)
            total = len(orgs) + len(blanks)
            firms = [o for o in orgs if o.category is Category.FIRM]
            if total == 0:
                yield Finding(
                    message=f"{sentence(title)} has no members", location=where, cluster=cid
                )
                continue
            # A blank category may or may not be a firm: judge the best and the worst case.
            if (len(firms) + len(blanks)) / total < min_firms:
                yield Finding(
                    message=f"{sentence(title)} has {len(firms)} firms among {total} members "
                    f"({len(firms) / total:.0%}), fewer than {min_firms:.0%}",
                    location=where,
                    cluster=cid,
                )
            elif len(firms) / total < min_firms:
                yield from blanks

            sizes = [f.size_class for f in firms]
            if not any(s in (SizeClass.MICRO, SizeClass.SMALL) for s in sizes):
                if None in sizes:
                    what = f"Whether {title} has a micro or small firm"
                    yield from (
                        unknown(what, f, ["size_class"], cluster=cid)
                        for f in firms
                        if f.size_class is None
                    )
                else:
                    yield Finding(
                        message=f"{sentence(title)} has no micro or small firm among its members",
                        location=where,
                        cluster=cid,
                    )

            if firms:
                large = sizes.count(SizeClass.LARGE)
                if large / len(firms) > max_large:
                    yield Finding(
                        message=f"{sentence(title)} has {large} large firms among its "
                        f"{len(firms)} firm members ({large / len(firms):.0%}), more than "
                        f"{max_large:.0%}",
                        location=where,
                        cluster=cid,
                    )
                elif (large + sizes.count(None)) / len(firms) > max_large:
                    what = f"The share of large firms in {title}"
                    yield from (
                        unknown(what, f, ["size_class"], cluster=cid)
                        for f in firms
                        if f.size_class is None
                    )


@rule(
    code="CC04",
    name="commission-endorses",
    title="The Cluster Commission reviews and endorses the diagnostic, action plan and reports",
    severity="warning",
    description=(
        "Each commission's `functions` must hold `review_diagnostic`, `endorse_action_plan` and "
        "`review_progress_reports`: each missing one is a warning. A diagnostic or action-plan "
        "activity of the cluster whose `endorsed_by` is another body than the cluster's "
        "commission, or is blank, is an info finding."
    ),
    principle=(
        "The Cluster Commission will be responsible for reviewing and endorsing cluster "
        "diagnostics, draft action plans and progress reports."
    ),
    source=KEY_ACTORS,
    fix=(
        "List review_diagnostic, endorse_action_plan and review_progress_reports in the "
        "commission's functions, and name the commission in endorsed_by of the cluster's "
        "diagnostic and action-plan activities."
    ),
)
def commission_endorses(project: Project, params: Params) -> Iterator[Finding]:
    """Each commission has the endorsing functions, and endorses its cluster's key outputs."""
    for cluster, cid in clusters_with_ids(project):
        bodies = commissions(project, cid)
        if not bodies:
            continue  # CC01 reports the missing commission
        for body in bodies:
            held = body.functions or ()
            for function in _ENDORSING:
                if function not in held:
                    yield Finding(
                        message=f"The Cluster Commission {body_label(body)} of {named(cluster)} does "
                        f"not have the function {function.value}",
                        location=body.at("functions"),
                        cluster=cid,
                    )
        own = {b.body_id for b in bodies}
        for activity in project.activities_by_cluster.get(cid, []):
            if activity.phase not in (Phase.DIAGNOSTIC, Phase.ACTION_PLAN):
                continue
            if activity.endorsed_by is None:
                problem = "is endorsed by no body"
            elif activity.endorsed_by not in own:
                problem = f"is endorsed by {activity.endorsed_by}, not by the Cluster Commission"
            else:
                continue
            yield Finding(
                message=f"The {activity.phase.value.replace('_', ' ')} activity "
                f"{activity.activity_id} of {named(cluster)} {problem}",
                location=activity.at("endorsed_by"),
                cluster=cid,
                severity=Severity.INFO,
            )


@rule(
    code="CC05",
    name="formal-structure",
    title="A formal cluster governance structure with written rules is set up by the project end",
    severity="error",
    description=(
        "Every cluster needs a body of type `cluster_governance_structure` (its own, or one "
        "project-wide body of that type): none is an error. One established after the project "
        "end, or without written rules (`has_written_rules` no), is a warning; at the final "
        "review, one still `planned` is a warning too."
    ),
    principle=(
        "Towards the end of the project, a formal structure should ideally be established with "
        "clear rules for operation and management of the cluster and related development "
        "initiatives."
    ),
    source=KEY_ACTORS,
    fix=(
        "Add a Bodies row of type cluster_governance_structure for the cluster (e.g. a cluster "
        "association), established before the project end, with written statutes or rules "
        "(has_written_rules yes)."
    ),
)
def formal_structure(project: Project, params: Params) -> Iterator[Finding]:
    """Every cluster has a formal governance structure with written rules by the project end."""
    shared = project.bodies_of(None, BodyType.CLUSTER_GOVERNANCE_STRUCTURE)
    checked: list[tuple[Body, Cluster | None]] = []
    for cluster, cid in clusters_with_ids(project):
        own = project.bodies_of(cid, BodyType.CLUSTER_GOVERNANCE_STRUCTURE)
        if own:
            checked.extend((b, cluster) for b in own)
        elif not shared:
            yield Finding(
                message=f"Cluster {named(cluster)} has no formal governance structure "
                "(cluster_governance_structure) in Bodies",
                location=cluster.at("cluster_id"),
                cluster=cid,
            )
    # A project-wide structure serves every cluster: judged once, not once per cluster.
    checked.extend((b, None) for b in shared)
    end = project.info.end_date
    if end is None and checked:
        what = "Whether the formal structures are established by the project end"
        yield unknown(what, project.info, ["end_date"])
    for body, owner in checked:
        owner_id = owner.cluster_id if owner else None
        what = f"the formal structure {body_label(body)}" + (f" of {named(owner)}" if owner else "")
        if body.established_date is None:
            when = f"Whether {what} is established by the project end"
            yield unknown(when, body, ["established_date"], cluster=owner_id)
        elif end is not None and body.established_date > end:
            yield Finding(
                message=f"{sentence(what)} is to be established on {body.established_date}, "
                f"after the project end ({end})",
                location=body.at("established_date"),
                cluster=owner_id,
                severity=Severity.WARNING,
            )
        if body.has_written_rules is None:
            rules = f"Whether {what} has written rules"
            yield unknown(rules, body, ["has_written_rules"], cluster=owner_id)
        elif not body.has_written_rules:
            yield Finding(
                message=f"{sentence(what)} has no written rules for the operation and "
                "management of the cluster",
                location=body.at("has_written_rules"),
                cluster=owner_id,
                severity=Severity.WARNING,
            )
        if project.stage is Stage.FINAL:
            yield from still_planned([body], what, project.stage, cluster=owner_id)


RULES: list[Rule] = [
    commission_per_cluster,
    stakeholder_categories,
    firm_led,
    commission_endorses,
    formal_structure,
]
