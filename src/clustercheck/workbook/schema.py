"""The workbook format as data: sheets, columns, their types, vocabularies and references.

The loader, the template and the docs all read this one description; plugins extend it through the
``clustercheck_workbook_schema`` hook (a sheet they name that exists already gains their columns).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping

import attrs

from clustercheck import model as m

#: The kinds of value a column holds; ``choice``/``choices`` need ``choices``, ``ref``/``refs`` need ``ref``.
KINDS = frozenset(
    {
        "id",
        "text",
        "date",
        "number",
        "integer",
        "share",
        "boolean",
        "choice",
        "choices",
        "ref",
        "refs",
    }
)


def _tuple_of_str(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _tuple_of_columns(values: Iterable[Column]) -> tuple[Column, ...]:
    return tuple(values)


def normalise(name: str) -> str:
    """A header or sheet name as compared: lower case, without spaces, underscores or hyphens."""
    return re.sub(r"[\s_\-]+", "", name).lower()


@attrs.frozen(kw_only=True)
class Column:
    """One column of a table (or one field of a form).

    ``kind`` is one of :data:`KINDS`; ``choices`` is the vocabulary of a ``choice``/``choices`` column;
    ``ref`` names the sheet whose ids a ``ref``/``refs`` column points at.
    """

    name: str
    kind: str = "text"
    required: bool = False
    choices: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    ref: str | None = None
    minimum: float | None = None
    description: str = ""
    #: The enum whose members a built-in ``choice``/``choices`` column's values become.
    vocabulary: type[enum.Enum] | None = attrs.field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name!r}: kind must be one of {sorted(KINDS)}")
        if self.kind in ("choice", "choices") and not self.choices:
            raise ValueError(f"column {self.name!r}: a {self.kind} column needs choices")
        if self.kind in ("ref", "refs") and not self.ref:
            raise ValueError(f"column {self.name!r}: a {self.kind} column needs ref (a sheet name)")

    @property
    def key(self) -> str:
        return normalise(self.name)


@attrs.frozen(kw_only=True)
class Sheet:
    """One sheet of the format. A ``form`` has field names in column A and values in column B."""

    name: str
    columns: tuple[Column, ...] = attrs.field(converter=_tuple_of_columns)
    form: bool = False
    required: bool = True
    description: str = ""
    #: Columns whose values together are unique (besides the id column, which always is).
    unique_together: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return normalise(self.name)

    @property
    def id_column(self) -> Column | None:
        return next((c for c in self.columns if c.kind == "id"), None)


def _choices(vocabulary: type[enum.Enum]) -> tuple[str, ...]:
    return tuple(member.value for member in vocabulary)


def _c(name: str, kind: str = "text", desc: str = "", **kw: object) -> Column:
    vocab = kw.pop("vocab", None)
    if isinstance(vocab, type) and issubclass(vocab, enum.Enum):
        kw["choices"] = _choices(vocab)
        kw["vocabulary"] = vocab
    return Column(name=name, kind=kind, description=desc, **kw)  # type: ignore[arg-type]  # kw mirrors Column


BUILTIN_SHEETS: tuple[Sheet, ...] = (
    Sheet(
        name="Project",
        form=True,
        description="One project: field names in column A, values in column B.",
        columns=(
            _c("project_id", "id", "The project's identifier, e.g. TUN-2025-01.", required=True),
            _c("title", "text", "The project's title.", required=True),
            _c(
                "country",
                "text",
                "ISO 3166 code or name of the beneficiary country.",
                required=True,
            ),
            _c("region", "text", "Region within the country, if the project is regional."),
            _c("start_date", "date", "Planned or actual start (a date).", required=True),
            _c("end_date", "date", "Planned end (a date after start_date).", required=True),
            _c("review_stage", "choice", "Stage of the review.", required=True, vocab=m.Stage),
            _c("total_budget", "number", "Total budget."),
            _c("currency", "text", "ISO 4217 currency code of the budget."),
            _c("national_policy_refs", "text", "National strategies the project is aligned with."),
        ),
    ),
    Sheet(
        name="Clusters",
        description="One row per cluster the project works with.",
        columns=(
            _c("cluster_id", "id", "The cluster's id, e.g. CL1.", required=True),
            _c("name", "text", "The cluster's name.", required=True),
            _c("sector", "text", "Its sector."),
            _c("location", "text", "Where it is."),
            _c("est_firms", "integer", "Estimated number of firms.", minimum=0),
            _c("selection_criteria", "text", "The criteria by which the cluster was selected."),
            _c("selection_method", "choice", "How it was selected.", vocab=m.SelectionMethod),
            _c(
                "selected_by",
                "refs",
                "Organisations that took part in selecting it.",
                ref="Organisations",
            ),
        ),
    ),
    Sheet(
        name="Organisations",
        description="Every organisation named anywhere in the workbook.",
        columns=(
            _c("org_id", "id", "The organisation's id.", required=True),
            _c("name", "text", "Its name.", required=True),
            _c(
                "category",
                "choice",
                "What kind of organisation it is.",
                required=True,
                vocab=m.Category,
            ),
            _c("size_class", "choice", "Size, for firms.", vocab=m.SizeClass),
            _c("is_local", "boolean", "Based in the beneficiary country or region?"),
            _c("roles", "choices", "Its roles in the project.", vocab=m.OrgRole),
        ),
    ),
    Sheet(
        name="Commitments",
        required=False,
        description="Commitments made by organisations (optional sheet).",
        columns=(
            _c("commitment_id", "id", "The commitment's id.", required=True),
            _c("org_id", "ref", "The committing organisation.", required=True, ref="Organisations"),
            _c("type", "choice", "Kind of commitment.", required=True, vocab=m.CommitmentType),
            _c("amount", "number", "Amount, for co-financing."),
            _c("status", "choice", "Planned or signed.", vocab=m.CommitmentStatus),
        ),
    ),
    Sheet(
        name="Team",
        description="The project team: coordinator, Cluster Development Agents, experts.",
        columns=(
            _c("person_id", "id", "The person's id.", required=True),
            _c("name", "text", "Name (may be a pseudonym)."),
            _c(
                "role",
                "choice",
                "Role; cda = Cluster Development Agent.",
                required=True,
                vocab=m.TeamRole,
            ),
            _c("employer", "choice", "Who employs the person.", vocab=m.Employer),
            _c(
                "seconded_from",
                "ref",
                "Organisation the person is seconded from.",
                ref="Organisations",
            ),
            _c("is_national", "boolean", "A national of the beneficiary country?"),
            _c("cluster_ids", "refs", "Clusters the person is responsible for.", ref="Clusters"),
            _c("fte", "share", "Share of full time on the project (0 to 1; 50% = 0.5)."),
            _c("start_date", "date", "Start of the assignment."),
            _c("end_date", "date", "End of the assignment."),
        ),
    ),
    Sheet(
        name="Bodies",
        description="Governance bodies: steering committee, cluster commissions, formal structures.",
        columns=(
            _c("body_id", "id", "The body's id.", required=True),
            _c("type", "choice", "Kind of body.", required=True, vocab=m.BodyType),
            _c("name", "text", "Its name."),
            _c("cluster_id", "ref", "Its cluster; blank for project-wide bodies.", ref="Clusters"),
            _c("status", "choice", "Planned or established.", vocab=m.BodyStatus),
            _c("established_date", "date", "Date established (planned or actual)."),
            _c("functions", "choices", "What the body does.", vocab=m.BodyFunction),
            _c("meetings_per_year", "integer", "Meetings a year.", minimum=0),
            _c("has_written_rules", "boolean", "Terms of reference or statutes in writing?"),
        ),
    ),
    Sheet(
        name="BodyMembers",
        description="Who sits on each body: one row per body and organisation.",
        unique_together=("body_id", "org_id"),
        columns=(
            _c("body_id", "ref", "The body.", required=True, ref="Bodies"),
            _c("org_id", "ref", "The member organisation.", required=True, ref="Organisations"),
            _c("member_role", "choice", "The member's role.", vocab=m.MemberRole),
            _c("voting", "boolean", "A voting member?"),
        ),
    ),
    Sheet(
        name="Activities",
        description="The work plan: one row per activity.",
        columns=(
            _c("activity_id", "id", "The activity's id.", required=True),
            _c("cluster_id", "ref", "Its cluster; blank for project-wide.", ref="Clusters"),
            _c("phase", "choice", "Phase of the method.", required=True, vocab=m.Phase),
            _c("type", "choice", "Kind of activity.", required=True, vocab=m.ActivityType),
            _c("title", "text", "What it is."),
            _c("start_date", "date", "Start."),
            _c("end_date", "date", "End."),
            _c("lead_org", "ref", "Organisation that leads it.", ref="Organisations"),
            _c("involved_orgs", "refs", "Organisations involved.", ref="Organisations"),
            _c("target_roles", "choices", "Who is trained or served.", vocab=m.TargetRole),
            _c("endorsed_by", "ref", "Body that endorses its output.", ref="Bodies"),
            _c(
                "handover_function",
                "choice",
                "For handovers: the function handed over.",
                vocab=m.HandoverFunction,
            ),
            _c(
                "receiving_org",
                "ref",
                "For handovers: who takes the function over.",
                ref="Organisations",
            ),
            _c("budget", "number", "Budget."),
        ),
    ),
)

#: The model class that each built-in sheet's rows become (plugin sheets become plain Records).
RECORD_TYPES: Mapping[str, type[m.Record]] = {
    "project": m.ProjectInfo,
    "clusters": m.Cluster,
    "organisations": m.Organisation,
    "commitments": m.Commitment,
    "team": m.TeamMember,
    "bodies": m.Body,
    "bodymembers": m.BodyMember,
    "activities": m.Activity,
}


@attrs.frozen
class Schema:
    """The whole format: built-in sheets merged with what plugins contribute."""

    sheets: tuple[Sheet, ...]

    def sheet(self, name: str) -> Sheet | None:
        key = normalise(name)
        return next((s for s in self.sheets if s.key == key), None)


def build_schema(contributions: Iterable[Sheet] = ()) -> Schema:
    """The built-in sheets, extended: a contributed sheet with a known name adds its columns."""
    sheets = {s.key: s for s in BUILTIN_SHEETS}
    for extra in contributions:
        existing = sheets.get(extra.key)
        if existing is None:
            sheets[extra.key] = extra
            continue
        known = {c.key for c in existing.columns}
        clash = [c.name for c in extra.columns if c.key in known]
        if clash:
            raise ValueError(f"sheet {existing.name!r} already has column(s) {', '.join(clash)}")
        sheets[extra.key] = attrs.evolve(existing, columns=existing.columns + extra.columns)
    return Schema(tuple(sheets.values()))
