"""The GEN rules: a gender marker of 2a or 2b, and women-led members in every Cluster Commission.

Plugin columns live in each record's ``extra`` mapping, typed: ``project.info.get("gender_marker")``
is a string from :data:`MARKERS`, ``organisation.get("women_led")`` a bool (None when blank).
"""

from __future__ import annotations

from collections.abc import Iterator

from clustercheck.findings import Finding
from clustercheck.model import BodyType, Project
from clustercheck.rule import Params, rule

MARKERS = ("0", "1", "2a", "2b")
SOURCE = (
    "UNIDO Policy on Gender Equality and the Empowerment of Women (2019) and its gender marker "
    "guidance; UNIDO, 'Guide on gender mainstreaming: Business, investment and technology services' "
    "(2015)"
)


@rule(
    code="GEN01",
    name="gender-marker-set",
    title="The gender marker is set and is 2a or 2b",
    severity="warning",
    principle="UNIDO projects are expected to contribute significantly to gender equality "
    "(marker 2a) or to have it as their principal objective (2b).",
    source=SOURCE,
    fix="Assess the design against the gender marker guidance, set gender_marker on the Project "
    "sheet, and add gender-responsive activities until it reaches 2a.",
    parameters={"accepted": (["2a", "2b"], "Gender markers that pass.")},
)
def gender_marker_set(project: Project, params: Params) -> Iterator[Finding]:
    """The Project form's gender_marker is one of ``accepted``."""
    marker = project.info.get("gender_marker")
    if marker is None:
        yield Finding(
            message="The gender marker is not set", location=project.info.at("gender_marker")
        )
    elif marker not in params["accepted"]:
        yield Finding(
            message=f"The gender marker is {marker}; expected {' or '.join(params['accepted'])}",
            location=project.info.at("gender_marker"),
        )


@rule(
    code="GEN02",
    name="commission-women-represented",
    title="Each Cluster Commission includes a women-led firm or a women's business association",
    severity="warning",
    principle="Women entrepreneurs take part in deciding their cluster's action plan, through a "
    "firm they lead or an association that represents them.",
    source=SOURCE,
    fix="Invite a women-led firm, or a women entrepreneurs' association, to the Cluster "
    "Commission (a BodyMembers row), and mark it women_led on Organisations.",
    parameters={
        "categories": (
            ["firm", "business_association"],
            "Organisation categories that count when women_led is yes.",
        )
    },
)
def commission_women_represented(project: Project, params: Params) -> Iterator[Finding]:
    """Each cluster commission has a member whose category is in ``categories`` and is women-led.

    A women's business association is an organisation of category business_association marked
    women_led. When no member qualifies but some eligible member's women_led is blank, the finding
    is unknown (missing evidence) rather than a gap.
    """
    for body in project.bodies:
        if body.type is not BodyType.CLUSTER_COMMISSION or body.body_id is None:
            continue
        eligible = [
            org
            for member in project.members_by_body.get(body.body_id, ())
            if member.org_id is not None
            and (org := project.org_by_id.get(member.org_id)) is not None
            and org.category in params["categories"]
        ]
        if any(org.get("women_led") is True for org in eligible):
            continue
        blank = [org.org_id for org in eligible if org.get("women_led") is None]
        if blank:
            message = (
                f"Cluster Commission {body.body_id} has no member known to be women-led; "
                f"women_led is blank for {', '.join(str(b) for b in blank)}"
            )
        else:
            message = f"Cluster Commission {body.body_id} has no women-led firm or women's business association"
        yield Finding(
            message=message,
            location=body.at("body_id"),
            cluster=body.cluster_id,
            unknown=bool(blank),
        )


RULES = (gender_marker_set, commission_women_represented)
