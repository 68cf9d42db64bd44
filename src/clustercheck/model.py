"""The project setup as typed, immutable records, with the relations rules need indexed once.

Nothing here knows about Excel: the workbook package builds these records, rules read them. Every
record remembers where it came from (``source``), so a finding can point at the cell that shows a gap.
A blank or unreadable field is ``None``: unknown, never a guess.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping

import attrs

from clustercheck.findings import Finding, Location


class Vocabulary(str, enum.Enum):
    """Base of every vocabulary: members compare equal to their text value."""

    def __str__(self) -> str:
        return str(self.value)


class Stage(Vocabulary):
    DESIGN = "design"
    INCEPTION = "inception"
    MIDTERM = "midterm"
    FINAL = "final"


class SelectionMethod(Vocabulary):
    PARTICIPATORY_WORKSHOP = "participatory_workshop"
    STAKEHOLDER_CONSULTATION = "stakeholder_consultation"
    DESK_STUDY = "desk_study"
    GOVERNMENT_DESIGNATED = "government_designated"
    OTHER = "other"


class Category(Vocabulary):
    FIRM = "firm"
    BUSINESS_ASSOCIATION = "business_association"
    SUPPORT_INSTITUTION = "support_institution"
    ACADEMIC_RESEARCH = "academic_research"
    FINANCIAL_INSTITUTION = "financial_institution"
    LOCAL_AUTHORITY = "local_authority"
    REGIONAL_GOVERNMENT = "regional_government"
    NATIONAL_GOVERNMENT = "national_government"
    CIVIL_SOCIETY = "civil_society"
    DONOR = "donor"
    UNIDO = "unido"
    OTHER_INTERNATIONAL = "other_international"
    OTHER = "other"


GOVERNMENT = frozenset(
    {Category.NATIONAL_GOVERNMENT, Category.REGIONAL_GOVERNMENT, Category.LOCAL_AUTHORITY}
)


class SizeClass(Vocabulary):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class OrgRole(Vocabulary):
    COUNTERPART = "counterpart"
    FUNDING = "funding"
    IMPLEMENTING = "implementing"
    BENEFICIARY = "beneficiary"
    PARTNER = "partner"


class CommitmentType(Vocabulary):
    MOU = "mou"
    COFINANCING_CASH = "cofinancing_cash"
    COFINANCING_IN_KIND = "cofinancing_in_kind"
    STAFF_SECONDMENT = "staff_secondment"
    POLICY_ENDORSEMENT = "policy_endorsement"


class CommitmentStatus(Vocabulary):
    PLANNED = "planned"
    SIGNED = "signed"


class TeamRole(Vocabulary):
    PROJECT_COORDINATOR = "project_coordinator"
    CDA = "cda"
    SPECIALIST_CONSULTANT = "specialist_consultant"
    NATIONAL_EXPERT = "national_expert"
    ADMIN_SUPPORT = "admin_support"
    OTHER = "other"


class Employer(Vocabulary):
    UNIDO = "unido"
    SECONDED = "seconded"
    COUNTERPART = "counterpart"
    OTHER = "other"


class BodyType(Vocabulary):
    PROJECT_STEERING_COMMITTEE = "project_steering_committee"
    CLUSTER_COMMISSION = "cluster_commission"
    CLUSTER_GOVERNANCE_STRUCTURE = "cluster_governance_structure"
    TECHNICAL_COMMITTEE = "technical_committee"
    OTHER_FORUM = "other_forum"


class BodyStatus(Vocabulary):
    PLANNED = "planned"
    ESTABLISHED = "established"


class BodyFunction(Vocabulary):
    REVIEW_DIAGNOSTIC = "review_diagnostic"
    ENDORSE_ACTION_PLAN = "endorse_action_plan"
    REVIEW_PROGRESS_REPORTS = "review_progress_reports"
    APPROVE_WORKPLAN = "approve_workplan"
    DECIDE_CRITICAL_ISSUES = "decide_critical_issues"
    MANAGE_CLUSTER = "manage_cluster"


class MemberRole(Vocabulary):
    CHAIR = "chair"
    MEMBER = "member"
    OBSERVER = "observer"
    SECRETARIAT = "secretariat"


class Phase(Vocabulary):
    SELECTION = "selection"
    DIAGNOSTIC = "diagnostic"
    TRUST_BUILDING = "trust_building"
    ACTION_PLAN = "action_plan"
    IMPLEMENTATION = "implementation"
    MONITORING_EVALUATION = "monitoring_evaluation"
    HANDOVER = "handover"


class ActivityType(Vocabulary):
    STUDY = "study"
    WORKSHOP = "workshop"
    TRAINING = "training"
    STUDY_TOUR = "study_tour"
    JOINT_ACTION = "joint_action"
    NETWORK_FORMATION = "network_formation"
    INSTITUTIONAL_SUPPORT = "institutional_support"
    POLICY_DIALOGUE = "policy_dialogue"
    HANDOVER = "handover"
    M_AND_E = "m_and_e"
    OTHER = "other"


class TargetRole(Vocabulary):
    COUNTERPART_STAFF = "counterpart_staff"
    CDA = "cda"
    PROJECT_STAFF = "project_staff"
    FIRMS = "firms"
    SUPPORT_INSTITUTIONS = "support_institutions"
    POLICY_MAKERS = "policy_makers"


class HandoverFunction(Vocabulary):
    CLUSTER_FACILITATION = "cluster_facilitation"
    COMMISSION_SECRETARIAT = "commission_secretariat"
    MONITORING = "monitoring"
    SERVICE_DELIVERY = "service_delivery"
    OTHER = "other"


class _NoExtra(Mapping[str, object]):
    """The read-only, empty ``extra`` that every record without extra columns shares."""

    def __getitem__(self, key: str) -> object:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "NO_EXTRA"

    def __reduce__(self) -> str:
        return "NO_EXTRA"  # pickled by name: it unpickles as this one object, in any process


NO_EXTRA: Mapping[str, object] = _NoExtra()


@attrs.frozen
class Origin:
    """The sheet a table's records come from, and where each field stands: one shared by them all."""

    sheet: str
    #: field name -> column letter.
    columns: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False)
    #: field name -> A1 cell, for a form, whose fields stand on rows of their own.
    cells: Mapping[str, str] | None = attrs.field(default=None, repr=False, eq=False)


@attrs.frozen
class Source:
    """Where a record came from: its sheet, its row, and the column letter of each field."""

    sheet: str
    row: int
    #: field name -> column letter; one mapping shared by all the records of a sheet.
    columns: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False)
    #: field name -> A1 cell, for a form, whose fields stand on rows of their own.
    cells: Mapping[str, str] | None = attrs.field(default=None, repr=False, eq=False)

    def cell(self, field: str) -> str | None:
        """The A1 reference of ``field`` in this record, or None when the sheet has no such column."""
        if self.cells is not None:
            return self.cells.get(field)
        letter = self.columns.get(field)
        return f"{letter}{self.row}" if letter else None

    def row_of(self, field: str) -> int:
        """The row ``field`` stands on: the record's row, or the field's own row in a form."""
        cell = self.cell(field) if self.cells is not None else None
        return int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) if cell else self.row


@attrs.frozen(kw_only=True, weakref_slot=False)
class Record:
    """A row of any sheet: the base of every record, and the type of plugin-sheet rows.

    ``extra`` holds the columns no built-in field declares (plugin columns, typed; unknown ones, raw).
    A record keeps its row and its sheet's shared :class:`Origin` rather than a :class:`Source` of
    its own, and has no weak-reference slot: a large work plan has a hundred thousand records.
    ``source`` builds a :class:`Source` on demand.
    """

    origin: Origin = attrs.field(eq=False, repr=False)
    row: int = attrs.field(default=1, eq=False, repr=False)
    extra: Mapping[str, object] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def source(self) -> Source:
        """Where this record came from: its sheet, its row, and where each of its fields stands."""
        origin = self.origin
        return Source(origin.sheet, self.row, origin.columns, origin.cells)

    def at(self, field: str | None = None) -> Location:
        """The location of ``field`` in this record (its row, when ``field`` is None)."""
        src = self.source
        if field is None:
            return Location(sheet=src.sheet, row=src.row)
        value = getattr(self, field, None) if field not in self.extra else self.extra[field]
        if isinstance(value, tuple):
            value = "; ".join(str(v) for v in value)
        elif isinstance(value, enum.Enum):
            value = value.value
        return Location(
            sheet=src.sheet, row=src.row_of(field), column=field, cell=src.cell(field), value=value
        )

    def get(self, field: str) -> object:
        """A field's value by name, built-in or extra; None when blank or absent."""
        if field in self.extra:
            return self.extra[field]
        return getattr(self, field, None)


@attrs.frozen(kw_only=True, weakref_slot=False)
class ProjectInfo(Record):
    """The ``Project`` form."""

    project_id: str | None = None
    title: str | None = None
    country: str | None = None
    region: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    review_stage: Stage | None = None
    total_budget: float | None = None
    currency: str | None = None
    national_policy_refs: str | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class Cluster(Record):
    cluster_id: str | None = None
    name: str | None = None
    sector: str | None = None
    location: str | None = None
    est_firms: int | None = None
    selection_criteria: str | None = None
    selection_method: SelectionMethod | None = None
    selected_by: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class Organisation(Record):
    org_id: str | None = None
    name: str | None = None
    category: Category | None = None
    size_class: SizeClass | None = None
    is_local: bool | None = None
    roles: tuple[OrgRole, ...] | None = None

    @property
    def is_counterpart(self) -> bool:
        return OrgRole.COUNTERPART in (self.roles or ())

    @property
    def is_government(self) -> bool:
        return self.category in GOVERNMENT


@attrs.frozen(kw_only=True, weakref_slot=False)
class Commitment(Record):
    commitment_id: str | None = None
    org_id: str | None = None
    type: CommitmentType | None = None
    amount: float | None = None
    status: CommitmentStatus | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class TeamMember(Record):
    person_id: str | None = None
    name: str | None = None
    role: TeamRole | None = None
    employer: Employer | None = None
    seconded_from: str | None = None
    is_national: bool | None = None
    cluster_ids: tuple[str, ...] | None = None
    fte: float | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class Body(Record):
    body_id: str | None = None
    type: BodyType | None = None
    name: str | None = None
    cluster_id: str | None = None
    status: BodyStatus | None = None
    established_date: dt.date | None = None
    functions: tuple[BodyFunction, ...] | None = None
    meetings_per_year: int | None = None
    has_written_rules: bool | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class BodyMember(Record):
    body_id: str | None = None
    org_id: str | None = None
    member_role: MemberRole | None = None
    voting: bool | None = None


@attrs.frozen(kw_only=True, weakref_slot=False)
class Activity(Record):
    activity_id: str | None = None
    cluster_id: str | None = None
    phase: Phase | None = None
    type: ActivityType | None = None
    title: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    lead_org: str | None = None
    involved_orgs: tuple[str, ...] | None = None
    target_roles: tuple[TargetRole, ...] | None = None
    endorsed_by: str | None = None
    handover_function: HandoverFunction | None = None
    receiving_org: str | None = None
    budget: float | None = None


def _group(records: Iterable[Record], key: str) -> dict[str, list[Record]]:
    groups: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        value = getattr(record, key)
        if value is not None:
            groups[value].append(record)
    return dict(groups)


@attrs.frozen(kw_only=True)
class Project:
    """A whole project setup: the form, every table, and the indexes rules read.

    ``stage`` is the review stage in force (the ``--stage`` option, or the form's ``review_stage``).
    ``tables`` holds the rows of sheets that plugins add, by sheet name.
    """

    file: str
    info: ProjectInfo
    clusters: tuple[Cluster, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    team: tuple[TeamMember, ...] = ()
    bodies: tuple[Body, ...] = ()
    members: tuple[BodyMember, ...] = ()
    activities: tuple[Activity, ...] = ()
    tables: Mapping[str, tuple[Record, ...]] = attrs.field(factory=dict)
    stage: Stage | None = None
    #: The input findings (WB001-WB008) met while loading; the WB rules report them.
    problems: tuple[Finding, ...] = ()

    # The indexes: built on first use, once per project (attrs keeps cached_property on slots).

    @functools.cached_property
    def org_by_id(self) -> Mapping[str, Organisation]:
        return {o.org_id: o for o in self.organisations if o.org_id is not None}

    @functools.cached_property
    def cluster_by_id(self) -> Mapping[str, Cluster]:
        return {c.cluster_id: c for c in self.clusters if c.cluster_id is not None}

    @functools.cached_property
    def body_by_id(self) -> Mapping[str, Body]:
        return {b.body_id: b for b in self.bodies if b.body_id is not None}

    @functools.cached_property
    def activities_by_cluster(self) -> Mapping[str, list[Activity]]:
        """Activities by ``cluster_id`` (project-wide activities are under no key)."""
        return _group(self.activities, "cluster_id")  # type: ignore[return-value]  # grouped Activity records

    @functools.cached_property
    def bodies_by_cluster(self) -> Mapping[str, list[Body]]:
        """Bodies by ``cluster_id`` (project-wide bodies are under no key)."""
        return _group(self.bodies, "cluster_id")  # type: ignore[return-value]  # grouped Body records

    @functools.cached_property
    def members_by_body(self) -> Mapping[str, list[BodyMember]]:
        return _group(self.members, "body_id")  # type: ignore[return-value]  # grouped BodyMember records

    @functools.cached_property
    def commitments_by_org(self) -> Mapping[str, list[Commitment]]:
        return _group(self.commitments, "org_id")  # type: ignore[return-value]  # grouped Commitment records

    @functools.cached_property
    def cdas(self) -> tuple[TeamMember, ...]:
        return tuple(p for p in self.team if p.role is TeamRole.CDA)

    @functools.cached_property
    def cdas_by_cluster(self) -> Mapping[str, list[TeamMember]]:
        groups: dict[str, list[TeamMember]] = defaultdict(list)
        for person in self.cdas:
            for cluster_id in person.cluster_ids or ():
                groups[cluster_id].append(person)
        return dict(groups)

    @functools.cached_property
    def counterparts(self) -> tuple[Organisation, ...]:
        """Organisations whose roles hold ``counterpart``."""
        return tuple(o for o in self.organisations if o.is_counterpart)

    def form_and_team(self) -> Project:
        """This project with its form and its team only, every other table empty.

        That is all any built-in report reads of a project: a run that keeps no more holds far
        less for a large portfolio, and ``--jobs`` workers send far less back.
        """
        return attrs.evolve(
            self,
            clusters=(),
            organisations=(),
            commitments=(),
            bodies=(),
            members=(),
            activities=(),
            tables={},
        )

    def org(self, org_id: str | None) -> Organisation | None:
        """The organisation with this id, or None."""
        return self.org_by_id.get(org_id) if org_id is not None else None

    def member_orgs(self, body: Body) -> list[tuple[BodyMember, Organisation | None]]:
        """A body's members, each with its organisation (None for a dangling reference)."""
        if body.body_id is None:
            return []
        return [(m, self.org(m.org_id)) for m in self.members_by_body.get(body.body_id, [])]

    def bodies_of(self, cluster_id: str | None, *types: BodyType) -> list[Body]:
        """The bodies of a cluster (project-wide ones for None) of any of ``types``."""
        if cluster_id is None:
            pool: Iterable[Body] = (b for b in self.bodies if b.cluster_id is None)
        else:
            pool = self.bodies_by_cluster.get(cluster_id, [])
        return [b for b in pool if not types or b.type in types]

    def bodies_of_type(self, *types: BodyType) -> list[Body]:
        """Every body of any of ``types``, project-wide or not."""
        return [b for b in self.bodies if b.type in types]
