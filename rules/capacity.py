"""Local capacity (CAP): local counterparts are identified, trained, and involved at every step."""

from __future__ import annotations

from collections.abc import Iterator

from clustercheck.findings import Finding, Location, Severity
from clustercheck.model import Activity, ActivityType, Phase, Project, TargetRole
from clustercheck.rule import Parameter, Params, rule

from .common import KEY_ACTORS, org_label, unknown

PRINCIPLE = (
    "UNIDO identifies and trains institutional counterparts in a beneficiary country or region "
    "as well as project staff … the creation of local capacities is paramount"
)
PHASES = (
    "selection",
    "diagnostic",
    "action_plan",
    "implementation",
    "monitoring_evaluation",
)


@rule(
    code="CAP01",
    name="counterpart-identified",
    title="A local institutional counterpart is identified",
    severity="error",
    description=(
        "Checks that at least one organisation is a local counterpart: is_local yes and "
        "counterpart among its roles. None is an error. When no counterpart is known to be "
        "local but some have a blank is_local, the outcome is unknown."
    ),
    principle=PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Identify the local institution(s) that will own the project with UNIDO (a ministry, "
        "an agency, a technical centre) and give them the role counterpart in Organisations."
    ),
)
def counterpart_identified(project: Project, params: Params) -> Iterator[Finding]:
    counterparts = project.counterparts
    if any(o.is_local for o in counterparts):
        return
    blank = [o for o in counterparts if o.is_local is None]
    if blank:
        for org in blank:
            yield unknown(f"Whether counterpart {org_label(org)} is local", org, ["is_local"])
        return
    foreign = ", ".join(org_label(o) for o in counterparts)
    yield Finding(
        message="The project has no local counterpart organisation: no organisation with "
        "is_local yes has counterpart among its roles"
        + (f" (the counterparts {foreign} are not local)" if foreign else ""),
        location=Location(sheet="Organisations", column="roles"),
    )


def _trains(activity: Activity, *roles: TargetRole) -> bool:
    return activity.type is ActivityType.TRAINING and any(
        r in roles for r in activity.target_roles or ()
    )


@rule(
    code="CAP02",
    name="counterparts-trained",
    title="Local counterparts and project staff are trained",
    severity="error",
    description=(
        "Checks that every local counterpart organisation is among the involved_orgs of a "
        "training activity whose target_roles hold counterpart_staff; each one that is not is an "
        "error at its Organisations row. A design where no training activity targets cda or "
        "project_staff is a warning. Blank target_roles of a training activity, or a blank "
        "is_local of an untrained counterpart, make the outcome unknown."
    ),
    principle=PRINCIPLE,
    source=KEY_ACTORS,
    fix=(
        "Plan a training activity (type training, target_roles counterpart_staff) that lists "
        "each local counterpart in involved_orgs, and one that trains the CDAs and project "
        "staff (target_roles cda or project_staff) in the cluster development method."
    ),
)
def counterparts_trained(project: Project, params: Params) -> Iterator[Finding]:
    trainings = [a for a in project.activities if a.type is ActivityType.TRAINING]
    trained: set[str] = set()
    # A training with blank target roles might train its involved organisations' staff.
    maybe: dict[str, list[Activity]] = {}
    for activity in trainings:
        for org_id in activity.involved_orgs or ():
            if _trains(activity, TargetRole.COUNTERPART_STAFF):
                trained.add(org_id)
            elif activity.target_roles is None:
                maybe.setdefault(org_id, []).append(activity)
    for org in project.counterparts:
        if org.org_id is None or org.org_id in trained or org.is_local is False:
            continue
        if org.is_local is None:
            yield unknown(
                f"Whether counterpart {org_label(org)}, which no training targets, is local",
                org,
                ["is_local"],
            )
        elif org.org_id in maybe:
            for activity in maybe[org.org_id]:
                yield unknown(
                    f"Whether training {activity.activity_id} trains the staff of counterpart "
                    f"{org_label(org)}",
                    activity,
                    ["target_roles"],
                )
        else:
            yield Finding(
                message=f"Local counterpart {org_label(org)} is not trained: no training "
                f"activity whose target_roles hold counterpart_staff lists {org.org_id} in "
                "involved_orgs",
                location=org.at("org_id"),
            )
    if not any(_trains(a, TargetRole.CDA, TargetRole.PROJECT_STAFF) for a in trainings):
        blank = [a for a in trainings if a.target_roles is None]
        for activity in blank:
            yield unknown(
                f"Whether training {activity.activity_id} trains the CDAs or project staff",
                activity,
                ["target_roles"],
            )
        if not blank:
            yield Finding(
                message="No training activity trains the project team: none has cda or "
                "project_staff in target_roles",
                location=Location(sheet="Activities", column="target_roles"),
                severity=Severity.WARNING,
            )


def _phases(names: object) -> list[Phase]:
    """The configured phases, as Phase values; an unknown name is a configuration mistake."""
    if not isinstance(names, (list, tuple)):
        raise ValueError(f"required_phases must be a list of phases, got {names!r}")
    phases = []
    for name in names:
        try:
            phases.append(Phase(str(name).strip().lower()))
        except ValueError:
            allowed = ", ".join(p.value for p in Phase)
            raise ValueError(f"required_phases: {name!r} is not a phase ({allowed})") from None
    return phases


@rule(
    code="CAP03",
    name="involved-every-step",
    title="Counterparts are involved in every phase",
    severity="warning",
    description=(
        "Checks that for each phase in required_phases some activity of that phase has a "
        "counterpart organisation as lead_org or among involved_orgs. Each phase without one is "
        "a warning. An activity with a blank phase that involves a counterpart makes the outcome "
        "unknown for the phases it might belong to."
    ),
    principle=(
        "Institutional counterparts and project staff … will thus have to be carefully selected "
        "and involved in an integral way at every step"
    ),
    source=KEY_ACTORS,
    fix=(
        "Involve a counterpart organisation in each phase: make it lead_org of an activity of "
        "the phase, or add it to the involved_orgs of one."
    ),
    parameters={
        "required_phases": Parameter(
            default=PHASES,
            description="The phases in which a counterpart must take part",
            item_choices=Phase,
        ),
    },
)
def involved_every_step(project: Project, params: Params) -> Iterator[Finding]:
    counterparts = {o.org_id for o in project.counterparts if o.org_id is not None}
    covered: set[Phase] = set()
    first_of: dict[Phase, Activity] = {}
    undecided: list[Activity] = []
    for activity in project.activities:
        orgs = {activity.lead_org, *(activity.involved_orgs or ())}
        involves = not orgs.isdisjoint(counterparts)
        if activity.phase is None:
            if involves:
                undecided.append(activity)
            continue
        first_of.setdefault(activity.phase, activity)
        if involves:
            covered.add(activity.phase)
    for phase in _phases(params["required_phases"]):
        if phase in covered:
            continue
        if undecided:
            for activity in undecided:
                yield unknown(
                    f"Whether a counterpart takes part in the {phase.value} phase",
                    activity,
                    ["phase"],
                )
            continue
        first = first_of.get(phase)
        yield Finding(
            message=f"No counterpart organisation takes part in the {phase.value} phase: "
            + (
                "no activity of that phase has a counterpart as lead_org or in involved_orgs"
                if first
                else "the design has no activity of that phase"
            ),
            location=first.at("involved_orgs")
            if first
            else Location(sheet="Activities", column="phase"),
        )


RULES = [counterpart_identified, counterparts_trained, involved_every_step]
