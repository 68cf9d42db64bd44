"""A realistic example project, and a weak variant of it, as rows for the template writer.

The example is a four-year UNIDO cluster development project in Tunisia with two clusters: leather
and footwear in Sfax, harissa and processed chilli in Cap Bon (Nabeul). Organisations are named after
the kinds of institutions such a project works with; the firms and people are invented. It is
designed to pass every rule of the built-in pack with its default parameters, without a finding.

:func:`weak_rows` is the same project as a believable weak design that fails the rules in
:data:`WEAK_DESIGN_FAILS`; :func:`fixed_rows` is a revision of it that fixes the gaps in
:data:`FIXED_IN_REVISION` and changes nothing else (the pair exercises ``clustercheck diff``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

Row = dict[str, object]


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _ids(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _table(columns: str, *rows: Sequence[object]) -> list[Row]:
    """Rows given as tuples in the order of ``columns`` (space-separated names)."""
    names = columns.split()
    return [dict(zip(names, row, strict=True)) for row in rows]


_ACTIVITY_COLUMNS = (
    "activity_id cluster_id phase type title start_date end_date lead_org involved_orgs "
    "target_roles endorsed_by handover_function receiving_org budget"
)


def _act(
    activity_id: str,
    cluster: str | None,
    phase: str,
    kind: str,
    title: str,
    start: str,
    end: str,
    lead: str,
    involved: str,
    targets: str = "",
    endorsed_by: str | None = None,
    handover: tuple[str, str] | None = None,
    budget: float | None = None,
) -> Row:
    """One Activities row; ``involved`` and ``targets`` are ';'-separated, ``handover`` a pair
    (function, receiving organisation)."""
    function, receiving = handover or (None, None)
    values = (
        activity_id, cluster, phase, kind, title, _d(start), _d(end), lead, _ids(involved),
        _ids(targets) or None, endorsed_by, function, receiving, budget,
    )  # fmt: skip
    return dict(zip(_ACTIVITY_COLUMNS.split(), values, strict=True))


# The data is kept in the layout of the sheets, one record per entry: more readable as a table
# than as the one-value-per-line form a formatter would give it.
# fmt: off
PROJECT: Row = {
    "project_id": "TUN-CLU-2026",
    "title": "Cluster development for competitive leather-footwear and harissa value chains in Tunisia",
    "country": "TN",
    "region": "Sfax and Nabeul governorates",
    "start_date": _d("2026-01-01"),
    "end_date": _d("2029-12-31"),
    "review_stage": "design",
    "total_budget": 3_450_000,
    "currency": "USD",
    "national_policy_refs": (
        "National Industry and Innovation Strategy 2035; "
        "Five-Year Development Plan 2023-2025 (regional development and SME competitiveness axes)"
    ),
}

CLUSTERS = _table(
    "cluster_id name sector location est_firms selection_criteria selection_method selected_by",
    ("CL1", "Sfax leather and footwear cluster", "Leather, footwear and leather goods",
     "Sfax governorate", 140,
     "Concentration of firms; export potential to EU markets; employment of women and youth; "
     "presence of a technical centre; willingness of firms and institutions to cooperate",
     "participatory_workshop", _ids("ORG-MIN; ORG-CNCC; ORG-FNCC; ORG-GSF; ORG-UNIDO")),
    ("CL2", "Cap Bon harissa and processed chilli cluster", "Agro-food: chilli, harissa, condiments",
     "Nabeul governorate (Cap Bon)", 65,
     "Concentration of processors and growers; typicity of the product and GI potential; "
     "role of women in processing; export demand; commitment of local institutions",
     "participatory_workshop", _ids("ORG-MIN; ORG-CTAA; ORG-HAR; ORG-GNB; ORG-UNIDO")),
)

ORGANISATIONS = _table(
    "org_id name category size_class is_local roles",
    ("ORG-MIN", "Ministry of Industry, Mines and Energy", "national_government", None, True,
     ("counterpart",)),
    ("ORG-APII", "Agency for the Promotion of Industry and Innovation (APII)", "support_institution",
     None, True, ("partner",)),
    ("ORG-GSF", "Governorate of Sfax, Regional Development Directorate", "regional_government", None,
     True, ("partner",)),
    ("ORG-GNB", "Governorate of Nabeul, Regional Development Directorate", "regional_government", None,
     True, ("partner",)),
    ("ORG-MSF", "Municipality of Sfax", "local_authority", None, True, ("partner",)),
    ("ORG-MNB", "Municipality of Nabeul", "local_authority", None, True, ("partner",)),
    ("ORG-CNCC", "National Leather and Footwear Centre (CNCC)", "support_institution", None, True,
     ("counterpart", "implementing")),
    ("ORG-CTAA", "Technical Centre for Agri-Food (CTAA)", "support_institution", None, True,
     ("counterpart", "implementing")),
    ("ORG-ENIS", "National Engineering School of Sfax", "academic_research", None, True, ("partner",)),
    ("ORG-BTS", "Tunisian Solidarity Bank, Sfax and Nabeul branches", "financial_institution", None,
     True, ("partner",)),
    ("ORG-UTICA", "Tunisian Union of Industry, Commerce and Handicrafts (UTICA)",
     "business_association", None, True, ("partner",)),
    ("ORG-FNCC", "National Federation of Leather and Footwear (FNCC)", "business_association", None,
     True, ("beneficiary", "partner")),
    ("ORG-CCISF", "Chamber of Commerce and Industry of Sfax", "business_association", None, True,
     ("partner",)),
    ("ORG-HAR", "Cap Bon Harissa Producers' Association", "business_association", None, True,
     ("beneficiary", "partner")),
    ("ORG-CCICB", "Chamber of Commerce and Industry of Cap Bon", "business_association", None, True,
     ("partner",)),
    ("ORG-WAS", "Association of Women Leather Artisans of Sfax", "civil_society", None, True,
     ("beneficiary",)),
    ("ORG-RWA", "Menzel Temime Rural Women's Development Association", "civil_society", None, True,
     ("beneficiary",)),
    ("ORG-F01", "Chaussures El Amen SARL", "firm", "small", True, ("beneficiary",)),
    ("ORG-F02", "Maroquinerie Kerkennah", "firm", "micro", True, ("beneficiary",)),
    ("ORG-F03", "Tannerie du Sud SA", "firm", "medium", True, ("beneficiary",)),
    ("ORG-F04", "Atelier Sabra Cuir", "firm", "micro", True, ("beneficiary",)),
    ("ORG-F05", "Sfax Shoes Industries SA", "firm", "large", True, ("beneficiary",)),
    ("ORG-F06", "Conserverie Dar Zitouna", "firm", "medium", True, ("beneficiary",)),
    ("ORG-F07", "Harissa Beya SUARL", "firm", "small", True, ("beneficiary",)),
    ("ORG-F08", "Les Délices du Cap Bon", "firm", "small", True, ("beneficiary",)),
    ("ORG-F09", "Filfel Menzel Bouzelfa (women's processing unit)", "firm", "micro", True,
     ("beneficiary",)),
    ("ORG-F10", "Société Conserves du Cap Bon SA", "firm", "large", True, ("beneficiary",)),
    ("ORG-SECO", "Swiss State Secretariat for Economic Affairs (SECO)", "donor", None, False,
     ("funding",)),
    ("ORG-UNIDO", "UNIDO", "unido", None, False, ("implementing",)),
)

COMMITMENTS = _table(
    "commitment_id org_id type amount status",
    ("COM-01", "ORG-MIN", "mou", None, "signed"),
    ("COM-02", "ORG-SECO", "cofinancing_cash", 3_000_000, "signed"),
    ("COM-03", "ORG-CNCC", "cofinancing_in_kind", 180_000, "planned"),
    ("COM-04", "ORG-CTAA", "staff_secondment", 120_000, "planned"),
    ("COM-05", "ORG-MIN", "policy_endorsement", None, "planned"),
)

TEAM = _table(
    "person_id name role employer seconded_from is_national cluster_ids fte start_date end_date",
    ("P01", "Nour Ben Salah", "project_coordinator", "unido", None, True, None, 1.0,
     _d("2026-01-01"), _d("2029-12-31")),
    ("P02", "Karim Trabelsi", "cda", "unido", None, True, ("CL1",), 1.0, _d("2026-02-01"),
     _d("2029-12-31")),
    ("P03", "Salma Gharbi", "cda", "seconded", "ORG-CTAA", True, ("CL2",), 1.0, _d("2026-02-01"),
     _d("2029-12-31")),
    ("P04", "Marco Bellini", "specialist_consultant", "unido", None, False, ("CL1",), 0.15,
     _d("2026-04-01"), _d("2028-12-31")),
    ("P05", "Amira Jlassi", "specialist_consultant", "unido", None, True, ("CL2",), 0.25,
     _d("2026-04-15"), _d("2028-12-31")),
    ("P06", "Hichem Mansouri", "admin_support", "unido", None, True, None, 1.0, _d("2026-01-01"),
     _d("2029-12-31")),
)

BODIES = _table(
    "body_id type name cluster_id status established_date functions meetings_per_year "
    "has_written_rules",
    ("B-PSC", "project_steering_committee", "Project Steering Committee", None, "planned",
     _d("2026-03-15"), ("approve_workplan", "review_progress_reports", "decide_critical_issues"), 2,
     True),
    ("B-CC1", "cluster_commission", "Sfax Leather and Footwear Cluster Commission", "CL1", "planned",
     _d("2026-05-15"), ("review_diagnostic", "endorse_action_plan", "review_progress_reports"), 4,
     True),
    ("B-CC2", "cluster_commission", "Cap Bon Harissa Cluster Commission", "CL2", "planned",
     _d("2026-05-29"), ("review_diagnostic", "endorse_action_plan", "review_progress_reports"), 4,
     True),
    ("B-GS1", "cluster_governance_structure", "Sfax Leather and Footwear Cluster Association", "CL1",
     "planned", _d("2029-06-30"), ("manage_cluster",), 4, True),
    ("B-GS2", "cluster_governance_structure", "Cap Bon Harissa Cluster Association", "CL2",
     "planned", _d("2029-06-30"), ("manage_cluster",), 4, True),
)

_PSC = (
    ("ORG-MIN", "chair", True), ("ORG-UNIDO", "secretariat", True), ("ORG-SECO", "member", True),
    ("ORG-UTICA", "member", True), ("ORG-GSF", "member", True), ("ORG-GNB", "member", True),
    ("ORG-CNCC", "member", True), ("ORG-CTAA", "member", True), ("ORG-APII", "observer", False),
)
_CC1 = (
    ("ORG-FNCC", "chair", True), ("ORG-F01", "member", True), ("ORG-F02", "member", True),
    ("ORG-F03", "member", True), ("ORG-F04", "member", True), ("ORG-F05", "member", True),
    ("ORG-CNCC", "secretariat", True), ("ORG-CCISF", "member", True), ("ORG-MSF", "member", True),
    ("ORG-WAS", "member", True), ("ORG-ENIS", "observer", False),
)
_CC2 = (
    ("ORG-HAR", "chair", True), ("ORG-F06", "member", True), ("ORG-F07", "member", True),
    ("ORG-F08", "member", True), ("ORG-F09", "member", True), ("ORG-F10", "member", True),
    ("ORG-CTAA", "secretariat", True), ("ORG-CCICB", "member", True), ("ORG-MNB", "member", True),
    ("ORG-RWA", "member", True), ("ORG-BTS", "observer", False),
)
BODY_MEMBERS = [
    {"body_id": body, "org_id": org, "member_role": role, "voting": voting}
    for body, members in (("B-PSC", _PSC), ("B-CC1", _CC1), ("B-CC2", _CC2))
    for org, role, voting in members
]

_CL1_FIRMS = "ORG-F01; ORG-F02; ORG-F03; ORG-F04; ORG-F05"
_CL2_FIRMS = "ORG-F06; ORG-F07; ORG-F08; ORG-F09; ORG-F10"

ACTIVITIES = [
    # Project-wide: selection, induction of the team and counterparts, M&E.
    _act("A01", None, "selection", "workshop", "National validation workshop on the selection of the "
         "two pilot clusters", "2026-01-20", "2026-01-20", "ORG-MIN",
         "ORG-MIN; ORG-CNCC; ORG-CTAA; ORG-UTICA; ORG-GSF; ORG-GNB; ORG-UNIDO",
         "policy_makers; support_institutions", budget=12_000),
    _act("A02", None, "selection", "training", "Induction training of CDAs, project staff and "
         "counterpart staff in the UNIDO cluster development methodology", "2026-02-09", "2026-02-20",
         "ORG-UNIDO", "ORG-UNIDO; ORG-MIN; ORG-CNCC; ORG-CTAA",
         "cda; project_staff; counterpart_staff", budget=45_000),
    _act("A03", None, "monitoring_evaluation", "m_and_e", "Baseline survey and results-based "
         "monitoring framework", "2026-03-01", "2026-06-30", "ORG-UNIDO", "ORG-UNIDO; ORG-MIN",
         endorsed_by="B-PSC", budget=40_000),
    _act("A04", None, "trust_building", "training", "Training of ministry and APII officers in "
         "cluster policy and the national cluster programme", "2027-03-01", "2027-03-12",
         "ORG-UNIDO", "ORG-MIN; ORG-APII; ORG-UNIDO", "counterpart_staff; policy_makers",
         budget=20_000),
    _act("A05", None, "monitoring_evaluation", "m_and_e", "Independent mid-term review",
         "2027-12-01", "2028-02-28", "ORG-UNIDO", "ORG-MIN; ORG-SECO; ORG-UNIDO",
         endorsed_by="B-PSC", budget=60_000),
    _act("A06", None, "monitoring_evaluation", "m_and_e", "Independent terminal evaluation",
         "2029-09-01", "2029-11-30", "ORG-UNIDO", "ORG-MIN; ORG-SECO; ORG-UNIDO",
         endorsed_by="B-PSC", budget=70_000),
    # CL1, Sfax leather and footwear.
    _act("A11", "CL1", "diagnostic", "study", "Participatory diagnostic of the Sfax leather and "
         "footwear cluster: firm survey, value-chain mapping, institutional assessment",
         "2026-04-01", "2026-08-31", "ORG-CNCC", "ORG-CNCC; ORG-FNCC; ORG-CCISF; ORG-UNIDO",
         "firms; support_institutions", "B-CC1", budget=55_000),
    _act("A12", "CL1", "diagnostic", "workshop", "Validation of the diagnostic by the Cluster "
         "Commission", "2026-09-15", "2026-09-15", "ORG-CNCC",
         f"ORG-CNCC; ORG-FNCC; ORG-CCISF; ORG-MSF; ORG-WAS; {_CL1_FIRMS}", "firms", "B-CC1",
         budget=6_000),
    _act("A13", "CL1", "trust_building", "joint_action", "Pilot joint action: collective stand of "
         "cluster firms at the Sfax International Fair", "2026-10-01", "2026-10-31", "ORG-FNCC",
         f"ORG-FNCC; {_CL1_FIRMS}", "firms", budget=18_000),
    _act("A14", "CL1", "trust_building", "training", "Train-the-trainer: CNCC advisers as cluster "
         "facilitators, working alongside the CDA", "2026-10-05", "2026-12-18", "ORG-UNIDO",
         "ORG-CNCC; ORG-UNIDO", "counterpart_staff", budget=25_000),
    _act("A15", "CL1", "action_plan", "workshop", "Participatory formulation of the cluster action "
         "plan 2027-2029", "2026-11-02", "2027-01-29", "ORG-CNCC",
         f"ORG-CNCC; ORG-FNCC; ORG-CCISF; ORG-GSF; ORG-MSF; ORG-WAS; {_CL1_FIRMS}",
         "firms; support_institutions; policy_makers", "B-CC1", budget=20_000),
    _act("A16", "CL1", "implementation", "joint_action", "Joint participation of cluster firms in "
         "the MIDEC Paris footwear fair", "2027-03-01", "2027-09-30", "ORG-FNCC",
         f"ORG-FNCC; ORG-CCISF; {_CL1_FIRMS}", "firms", budget=60_000),
    _act("A17", "CL1", "implementation", "joint_action", "Shared CAD/CAM pattern-design and "
         "cutting service at CNCC Sfax", "2027-04-01", "2028-12-31", "ORG-CNCC",
         f"ORG-CNCC; {_CL1_FIRMS}", "firms", budget=150_000),
    _act("A18", "CL1", "implementation", "network_formation", "Women-led leather goods export "
         "network of Sfax and Kerkennah artisans", "2027-03-01", "2028-06-30", "ORG-WAS",
         "ORG-WAS; ORG-F02; ORG-F04; ORG-BTS", "firms", budget=45_000),
    _act("A19", "CL1", "implementation", "joint_action", "Joint purchasing of finished leather and "
         "components", "2027-06-01", "2028-06-30", "ORG-FNCC",
         f"ORG-FNCC; {_CL1_FIRMS}", "firms", budget=30_000),
    _act("A20", "CL1", "implementation", "institutional_support", "Upgrading CNCC's testing "
         "laboratory to EU footwear standards (REACH, EN ISO 20344)", "2027-02-01", "2028-03-31",
         "ORG-CNCC", "ORG-CNCC; ORG-UNIDO", "support_institutions", budget=220_000),
    _act("A21", "CL1", "implementation", "training", "Lean production and quality management "
         "training for cluster firms", "2027-05-01", "2028-05-31", "ORG-CNCC",
         f"ORG-CNCC; ORG-ENIS; {_CL1_FIRMS}", "firms", budget=40_000),
    _act("A22", "CL1", "implementation", "institutional_support", "Founding of the Sfax Leather "
         "and Footwear Cluster Association, with statutes and internal rules", "2028-09-01",
         "2029-06-30", "ORG-FNCC", f"ORG-FNCC; ORG-CCISF; ORG-CNCC; {_CL1_FIRMS}",
         "firms; support_institutions", budget=25_000),
    _act("A23", "CL1", "monitoring_evaluation", "m_and_e", "Annual cluster progress reports, "
         "reviewed by the Cluster Commission", "2027-01-01", "2029-12-31", "ORG-CNCC",
         "ORG-CNCC; ORG-UNIDO", endorsed_by="B-CC1", budget=10_000),
    _act("A24", "CL1", "handover", "handover", "Transfer of the Cluster Commission secretariat "
         "from the CDA to CNCC", "2027-07-01", "2027-12-31", "ORG-UNIDO", "ORG-CNCC; ORG-UNIDO",
         handover=("commission_secretariat", "ORG-CNCC"), budget=5_000),
    _act("A25", "CL1", "handover", "handover", "Transfer of the joint fair programme to FNCC",
         "2028-01-15", "2028-06-30", "ORG-UNIDO", "ORG-FNCC; ORG-UNIDO",
         handover=("service_delivery", "ORG-FNCC"), budget=5_000),
    _act("A26", "CL1", "handover", "handover", "Gradual transfer of cluster facilitation to the "
         "CNCC cluster unit: co-facilitation, then lead", "2028-07-01", "2029-09-30", "ORG-UNIDO",
         "ORG-CNCC; ORG-UNIDO", handover=("cluster_facilitation", "ORG-CNCC"), budget=15_000),
    # CL2, Cap Bon harissa and processed chilli.
    _act("A31", "CL2", "diagnostic", "study", "Participatory diagnostic of the Cap Bon harissa "
         "cluster: processors, growers, institutions", "2026-04-15", "2026-09-15", "ORG-CTAA",
         "ORG-CTAA; ORG-HAR; ORG-CCICB; ORG-UNIDO", "firms; support_institutions", "B-CC2",
         budget=55_000),
    _act("A32", "CL2", "diagnostic", "workshop", "Validation of the diagnostic by the Cluster "
         "Commission", "2026-09-29", "2026-09-29", "ORG-CTAA",
         f"ORG-CTAA; ORG-HAR; ORG-CCICB; ORG-MNB; ORG-RWA; {_CL2_FIRMS}", "firms", "B-CC2",
         budget=6_000),
    _act("A33", "CL2", "trust_building", "joint_action", "Pilot joint action: shared stand at the "
         "Nabeul harissa festival", "2026-10-15", "2026-10-20", "ORG-HAR",
         f"ORG-HAR; {_CL2_FIRMS}", "firms", budget=12_000),
    _act("A34", "CL2", "trust_building", "training", "Train-the-trainer: CTAA engineers as cluster "
         "facilitators, working alongside the CDA", "2026-10-19", "2026-12-18", "ORG-UNIDO",
         "ORG-CTAA; ORG-UNIDO", "counterpart_staff", budget=25_000),
    _act("A35", "CL2", "action_plan", "workshop", "Participatory formulation of the cluster action "
         "plan 2027-2029", "2026-11-16", "2027-02-12", "ORG-CTAA",
         f"ORG-CTAA; ORG-HAR; ORG-CCICB; ORG-GNB; ORG-MNB; ORG-RWA; {_CL2_FIRMS}",
         "firms; support_institutions; policy_makers", "B-CC2", budget=20_000),
    _act("A36", "CL2", "implementation", "joint_action", "Joint sourcing contracts with chilli "
         "growers' groups", "2027-03-01", "2028-10-31", "ORG-HAR", f"ORG-HAR; {_CL2_FIRMS}",
         "firms", budget=35_000),
    _act("A37", "CL2", "implementation", "joint_action", "Collective application for a 'Harissa "
         "du Cap Bon' geographical indication and shared labelling", "2027-04-01", "2028-12-31",
         "ORG-HAR", f"ORG-HAR; ORG-CTAA; ORG-MIN; {_CL2_FIRMS}", "firms", budget=50_000),
    _act("A38", "CL2", "implementation", "network_formation", "Export consortium of harissa "
         "producers for EU and Gulf markets", "2027-06-01", "2029-03-31", "ORG-CCICB",
         "ORG-CCICB; ORG-F06; ORG-F07; ORG-F08; ORG-F10", "firms", budget=60_000),
    _act("A39", "CL2", "implementation", "joint_action", "Shared food-safety certification "
         "(HACCP, FSSC 22000) programme for cluster SMEs", "2027-09-01", "2029-03-31", "ORG-CTAA",
         f"ORG-CTAA; {_CL2_FIRMS}", "firms", budget=70_000),
    _act("A40", "CL2", "implementation", "institutional_support", "Upgrading CTAA's food-safety "
         "laboratory (aflatoxin and pesticide residue testing)", "2027-03-01", "2028-06-30",
         "ORG-CTAA", "ORG-CTAA; ORG-UNIDO", "support_institutions", budget=200_000),
    _act("A41", "CL2", "implementation", "training", "Hygienic drying and processing of chilli "
         "for women processors", "2027-04-15", "2027-11-30", "ORG-RWA",
         "ORG-RWA; ORG-CTAA; ORG-F09", "firms", budget=22_000),
    _act("A42", "CL2", "implementation", "institutional_support", "Founding of the Cap Bon Harissa "
         "Cluster Association, with statutes and internal rules", "2028-09-01", "2029-06-30",
         "ORG-HAR", f"ORG-HAR; ORG-CCICB; ORG-CTAA; {_CL2_FIRMS}", "firms; support_institutions",
         budget=25_000),
    _act("A43", "CL2", "monitoring_evaluation", "m_and_e", "Annual cluster progress reports, "
         "reviewed by the Cluster Commission", "2027-01-01", "2029-12-31", "ORG-CTAA",
         "ORG-CTAA; ORG-UNIDO", endorsed_by="B-CC2", budget=10_000),
    _act("A44", "CL2", "handover", "handover", "Transfer of the Cluster Commission secretariat "
         "from the CDA to the Harissa Producers' Association", "2027-09-01", "2028-02-29",
         "ORG-UNIDO", "ORG-HAR; ORG-UNIDO", handover=("commission_secretariat", "ORG-HAR"),
         budget=5_000),
    _act("A45", "CL2", "handover", "handover", "Gradual transfer of cluster facilitation to CTAA's "
         "cluster unit: co-facilitation, then lead", "2028-07-01", "2029-09-30", "ORG-UNIDO",
         "ORG-CTAA; ORG-UNIDO", handover=("cluster_facilitation", "ORG-CTAA"), budget=15_000),
]
# fmt: on


def example_rows() -> dict[str, list[Row]]:
    """The rows of the example project, by sheet: it passes every built-in rule."""
    tables: dict[str, Sequence[Row]] = {
        "Project": [PROJECT],
        "Clusters": CLUSTERS,
        "Organisations": ORGANISATIONS,
        "Commitments": COMMITMENTS,
        "Team": TEAM,
        "Bodies": BODIES,
        "BodyMembers": BODY_MEMBERS,
        "Activities": ACTIVITIES,
    }
    # Fresh copies: callers edit them to make variants.
    return {sheet: [dict(row) for row in rows] for sheet, rows in tables.items()}


# The weak design. Each gap is what design reviews of cluster projects commonly find.
WEAK_DESIGN_FAILS: tuple[str, ...] = (
    "TEAM02",  # the Cap Bon cluster has no CDA: one is "to be recruited later" (Team P03 removed)
    "CAP02",  # counterparts are not trained: the induction trains only the CDA and project staff,
    #           and the train-the-trainer courses for CNCC and CTAA (A14, A34) are dropped
    "RT02",  # Cap Bon facilitation is handed to an international consultancy, not a local body (A45)
    "RT03",  # both handovers are crammed into the last six months, on one date (A26, A45)
    "CC02",  # the Sfax commission has no civil-society member (the women artisans' association)
    "SC02",  # the donor does not sit on the steering committee
    "PR01",  # no selection criteria are given for the Cap Bon cluster
)
#: Rules the weak design leaves unknown through blank cells: neither pass nor fail.
WEAK_DESIGN_UNKNOWN: tuple[str, ...] = (
    "TEAM03",  # the Sfax CDA's start date is blank (Team P02 start_date)
    "PR03",  # the same blank start date: the CDA's coverage of the project cannot be computed
    "SC03",  # the steering committee's meetings_per_year is blank
)
#: The gaps of the weak design that the revision fixes; every other row is unchanged.
FIXED_IN_REVISION: tuple[str, ...] = (
    "TEAM02",  # a CDA for Cap Bon is recruited (seconded from CTAA)
    "CC02",  # the women artisans' association joins the Sfax commission
    "SC02",  # the donor takes a seat on the steering committee
)

_CONSULTANCY: Row = {
    "org_id": "ORG-EUC",
    "name": "EuroCluster Advisory GmbH",
    "category": "other",
    "size_class": None,
    "is_local": False,
    "roles": ("implementing",),
}


def _find(rows: list[Row], key: str, value: object) -> Row:
    return next(row for row in rows if row[key] == value)


def _drop(rows: list[Row], **match: object) -> None:
    """Remove every row whose fields equal all of ``match``."""
    rows[:] = [row for row in rows if any(row.get(k) != v for k, v in match.items())]


def weak_rows() -> dict[str, list[Row]]:
    """The example made into a weak design: it fails :data:`WEAK_DESIGN_FAILS`."""
    rows = example_rows()
    clusters, orgs, team = rows["Clusters"], rows["Organisations"], rows["Team"]
    bodies, members, activities = rows["Bodies"], rows["BodyMembers"], rows["Activities"]

    _drop(team, person_id="P03")
    _drop(rows["Commitments"], commitment_id="COM-04")  # the secondment of the missing CDA

    induction = _find(activities, "activity_id", "A02")
    induction.update(
        title="Induction training of the CDA and project staff in the UNIDO cluster "
        "development methodology",
        involved_orgs=("ORG-UNIDO",),
        target_roles=("cda", "project_staff"),
    )
    _find(activities, "activity_id", "A04")["target_roles"] = ("policy_makers",)
    for dropped in ("A14", "A34", "A24", "A25", "A44"):
        _drop(activities, activity_id=dropped)

    orgs.insert(len(orgs) - 2, dict(_CONSULTANCY))
    late = {"start_date": _d("2029-07-01"), "end_date": _d("2029-12-31")}
    _find(activities, "activity_id", "A26").update(
        late, title="Transfer of cluster facilitation to the CNCC cluster unit"
    )
    _find(activities, "activity_id", "A45").update(
        late,
        title="Transfer of cluster facilitation to an international consultancy",
        receiving_org="ORG-EUC",
        involved_orgs=("ORG-EUC", "ORG-UNIDO"),
    )

    _drop(members, body_id="B-CC1", org_id="ORG-WAS")
    _drop(members, body_id="B-PSC", org_id="ORG-SECO")
    _find(clusters, "cluster_id", "CL2")["selection_criteria"] = None

    _find(team, "person_id", "P02")["start_date"] = None
    _find(bodies, "body_id", "B-PSC")["meetings_per_year"] = None
    return rows


def fixed_rows() -> dict[str, list[Row]]:
    """The weak design revised: the gaps of :data:`FIXED_IN_REVISION` fixed, nothing else changed."""
    rows = weak_rows()
    example = example_rows()
    team, members = rows["Team"], rows["BodyMembers"]
    # Each record goes back where the example has it, so the revision reads like an edited sheet.
    team.insert(2, _find(example["Team"], "person_id", "P03"))
    members.insert(
        _after(members, body_id="B-CC1", org_id="ORG-MSF"),
        {"body_id": "B-CC1", "org_id": "ORG-WAS", "member_role": "member", "voting": True},
    )
    members.insert(
        _after(members, body_id="B-PSC", org_id="ORG-UNIDO"),
        {"body_id": "B-PSC", "org_id": "ORG-SECO", "member_role": "member", "voting": True},
    )
    return rows


def _after(rows: list[Row], **match: object) -> int:
    """The index just after the first row whose fields equal all of ``match``."""
    return 1 + next(
        i for i, row in enumerate(rows) if all(row.get(k) == v for k, v in match.items())
    )
