"""Project Steering Committee rules (SC01-SC04): political support and a body that decides.

Principle: "a Project Steering Committee, in which UNIDO, the national or regional government,
relevant business associations and donors would usually participate (as appropriate) and deliberate
and decide on critical project-related issues" (UNIDO, Key actors).
"""

from __future__ import annotations

from collections.abc import Iterator

from clustercheck.findings import Finding, Location, Severity
from clustercheck.model import (
    Body,
    BodyFunction,
    BodyType,
    Category,
    Project,
    Stage,
)
from clustercheck.rule import Parameter, Params, Rule, rule

from .commission import still_planned
from .common import KEY_ACTORS, body_label, sentence, unknown

_STEERING_PRINCIPLE = (
    "A Project Steering Committee, in which UNIDO, the national or regional government, relevant "
    "business associations and donors would usually participate (as appropriate) and deliberate "
    "and decide on critical project-related issues."
)
_LATE_STAGES = frozenset({Stage.MIDTERM, Stage.FINAL})
_NATIONAL_OR_REGIONAL = frozenset({Category.NATIONAL_GOVERNMENT, Category.REGIONAL_GOVERNMENT})


def _committees(project: Project) -> list[Body]:
    return project.bodies_of_type(BodyType.PROJECT_STEERING_COMMITTEE)


def _named(body: Body) -> str:
    return f"the Steering Committee {body_label(body)}"


@rule(
    code="SC01",
    name="steering-committee-exists",
    title="A Project Steering Committee is set up",
    severity="error",
    description=(
        "The project needs a body of type `project_steering_committee`: none is an error. At the "
        "midterm and final reviews, a Steering Committee that is still `planned` is a warning."
    ),
    principle=_STEERING_PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Add a Bodies row of type project_steering_committee (project-wide: no cluster_id), with "
        "its members in BodyMembers; by the midterm review, set its status to established."
    ),
)
def steering_committee_exists(project: Project, params: Params) -> Iterator[Finding]:
    """The project has a Steering Committee, established by the midterm review."""
    committees = _committees(project)
    if not committees:
        yield Finding(
            message="The project has no Project Steering Committee in Bodies",
            location=Location(sheet="Bodies"),
        )
    elif project.stage is not None and project.stage in _LATE_STAGES:
        yield from still_planned(committees, _named(committees[0]), project.stage)


@rule(
    code="SC02",
    name="steering-composition",
    title="UNIDO, government, business associations and donors sit on the Steering Committee",
    severity="error",
    description=(
        "The Steering Committee's members must include UNIDO (else an error), a national or "
        "regional government (else an error), a business association (else a warning) and, when "
        "`donor_required`, a donor (else a warning). A member whose category is blank makes a "
        "missing one unknown."
    ),
    principle=_STEERING_PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Add BodyMembers rows to the Steering Committee for UNIDO, the national or regional "
        "government (the ministry in charge), a business association and the donor."
    ),
    parameters={
        "donor_required": (True, "Whether a donor must sit on the Steering Committee"),
    },
)
def steering_composition(project: Project, params: Params) -> Iterator[Finding]:
    """The Steering Committee has UNIDO, government, business associations and donors."""
    wanted: list[tuple[str, frozenset[Category], Severity]] = [
        ("UNIDO", frozenset({Category.UNIDO}), Severity.ERROR),
        ("national or regional government", _NATIONAL_OR_REGIONAL, Severity.ERROR),
        ("business association", frozenset({Category.BUSINESS_ASSOCIATION}), Severity.WARNING),
    ]
    if params["donor_required"]:
        wanted.append(("donor", frozenset({Category.DONOR}), Severity.WARNING))
    for body in _committees(project):
        blanks: list[Finding] = []
        categories: set[Category] = set()
        what = f"The composition of {_named(body)}"
        for member, org in project.member_orgs(body):
            if org is None:
                blanks.append(unknown(what, member, ["org_id"]))
            elif org.category is None:
                blanks.append(unknown(what, org, ["category"]))
            else:
                categories.add(org.category)
        missing = [(label, severity) for label, cats, severity in wanted if not cats & categories]
        if missing and blanks:
            # A member of blank category may be the one missing: insufficient evidence.
            yield from blanks
            continue
        for label, severity in missing:
            yield Finding(
                message=f"{sentence(_named(body))} has no {label} among its members",
                location=body.at("body_id"),
                severity=severity,
            )


@rule(
    code="SC03",
    name="steering-decides",
    title="The Steering Committee decides critical issues and meets regularly",
    severity="warning",
    description=(
        "The Steering Committee's `functions` must hold `decide_critical_issues`, and its "
        "`meetings_per_year` must be at least `min_meetings_per_year`; each gap is a warning. A "
        "blank number of meetings is unknown."
    ),
    principle=_STEERING_PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Give the Steering Committee the function decide_critical_issues and plan at least "
        "the minimum number of meetings a year."
    ),
    parameters={
        "min_meetings_per_year": Parameter(
            default=2, description="Fewest Steering Committee meetings a year", minimum=0
        ),
    },
)
def steering_decides(project: Project, params: Params) -> Iterator[Finding]:
    """The Steering Committee decides critical issues and meets often enough."""
    least: int = params["min_meetings_per_year"]
    for body in _committees(project):
        if BodyFunction.DECIDE_CRITICAL_ISSUES not in (body.functions or ()):
            yield Finding(
                message=f"{sentence(_named(body))} does not have the function "
                "decide_critical_issues",
                location=body.at("functions"),
            )
        if body.meetings_per_year is None:
            yield unknown(f"How often {_named(body)} meets", body, ["meetings_per_year"])
        elif body.meetings_per_year < least:
            yield Finding(
                message=f"{sentence(_named(body))} meets {body.meetings_per_year} times a year, "
                f"fewer than {least}",
                location=body.at("meetings_per_year"),
            )


@rule(
    code="SC04",
    name="political-commitment",
    title="Government or counterparts commit to the project, in line with national policy",
    severity="warning",
    description=(
        "A Commitments row (any type, `planned` or `signed`) must come from a government or "
        "counterpart organisation: none is a warning (unknown when the only candidates have a "
        "blank status or category). A blank `national_policy_refs` on the Project form is an "
        "info finding."
    ),
    principle=(
        "The launching of a cluster development initiative requires wide political support and "
        "the building of institutional commitment to promote an environment conducive to its "
        "success."
    ),
    source=KEY_ACTORS,
    fix=(
        "Record the commitment of the ministry, governorate or counterpart (an MoU, "
        "co-financing, a staff secondment or a policy endorsement) in Commitments, and name the "
        "national strategies the project is aligned with in national_policy_refs."
    ),
)
def political_commitment(project: Project, params: Params) -> Iterator[Finding]:
    """Government or counterparts commit, and the project names the national policy it follows."""
    blanks: list[Finding] = []
    committed = False
    for commitment in project.commitments:
        org = project.org(commitment.org_id)
        if org is None:
            continue  # a dangling or blank org_id is an input error, reported as such
        if not org.is_government and not org.is_counterpart:
            if org.category is None:
                blanks.append(unknown("Whether a government commits", org, ["category"]))
            continue
        if commitment.status is None:
            blanks.append(unknown("Whether a government commits", commitment, ["status"]))
        else:  # planned or signed: either shows the commitment
            committed = True
            break
    if not committed:
        if blanks:
            yield from blanks
        else:
            yield Finding(
                message="No government or counterpart organisation has a commitment (MoU, "
                "co-financing, secondment or policy endorsement) in Commitments",
                location=Location(sheet="Commitments"),
            )
    if not (project.info.national_policy_refs or "").strip():
        yield Finding(
            message="The Project form names no national policy the project is aligned with "
            "(national_policy_refs)",
            location=project.info.at("national_policy_refs"),
            severity=Severity.INFO,
        )


RULES: list[Rule] = [
    steering_committee_exists,
    steering_composition,
    steering_decides,
    political_commitment,
]
