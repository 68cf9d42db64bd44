"""What several principles' rules share: sources, date arithmetic, and unknown-evidence findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from clustercheck.findings import Finding
from clustercheck.model import Body, Cluster, Organisation, Project, Record, TeamMember
from clustercheck.rule import Parameter

KEY_ACTORS = "UNIDO, Cluster Development, 'Development Principles - Key actors'"
METHOD = "UNIDO cluster development method (selection, diagnostic, trust building, action plan, implementation, M&E)"


def share(default: float, description: str) -> Parameter:
    """A parameter that is a share: a number from 0 to 1 (``0.5`` for half, never ``50``)."""
    return Parameter(default=default, description=description, minimum=0, maximum=1)


def months_between(start: dt.date, end: dt.date) -> float:
    """Calendar months from ``start`` to ``end`` (fractional; negative when end is earlier)."""
    return (
        (end.year - start.year) * 12 + (end.month - start.month) + (end.day - start.day) / 30.4375
    )


def fraction_of(start: dt.date, end: dt.date, day: dt.date) -> float:
    """Where ``day`` falls in the period from ``start`` to ``end``, as a fraction (0 at start)."""
    length = (end - start).days
    return (day - start).days / length if length > 0 else 0.0


def blank_cells(record: Record, *fields: str) -> list[str]:
    """The cells of ``fields`` that are blank in ``record`` (``Team!F3``), for unknown findings."""
    cells = []
    for name in fields:
        if record.get(name) is None:
            cell = record.source.cell(name)
            cells.append(
                f"{record.source.sheet}!{cell}" if cell else f"{record.source.sheet} {name}"
            )
    return cells


def unknown(
    what: str, record: Record, fields: Iterable[str], *, cluster: str | None = None
) -> Finding:
    """An unknown-outcome finding: ``what`` cannot be judged because ``fields`` are blank."""
    names = list(fields)
    cells = blank_cells(record, *names)
    first = next((n for n in names if record.get(n) is None), names[0])
    return Finding(
        message=f"{what} cannot be judged: {', '.join(cells)} {'is' if len(cells) == 1 else 'are'} blank",
        location=record.at(first),
        cluster=cluster,
        unknown=True,
    )


# How findings name things: ``ID (name)``, or the id alone when the name is blank.


def _label(identifier: str | None, name: str | None) -> str:
    return f"{identifier} ({name})" if name else f"{identifier}"


def named(cluster: Cluster) -> str:
    """``CL2 (Cap Bon harissa cluster)``."""
    return _label(cluster.cluster_id, cluster.name)


def cluster_label(cluster: Cluster) -> str:
    """``Cluster CL2 (Cap Bon harissa cluster)``."""
    return f"Cluster {named(cluster)}"


def org_label(org: Organisation) -> str:
    """``ORG-MIN (Ministry of Industry)``."""
    return _label(org.org_id, org.name)


def person_label(person: TeamMember) -> str:
    """``P03 (Salma Gharbi)``."""
    return _label(person.person_id, person.name)


def body_label(body: Body) -> str:
    """``B-PSC (Project Steering Committee)``."""
    return _label(body.body_id, body.name)


def sentence(text: str) -> str:
    """``text`` with its first letter capitalised, to open a message with a phrase."""
    return text[:1].upper() + text[1:]


def clusters_with_ids(project: Project) -> Iterator[tuple[Cluster, str]]:
    """Each cluster with its id (a cluster with a blank id is an input error, reported as such)."""
    for cluster in project.clusters:
        if cluster.cluster_id is not None:
            yield cluster, cluster.cluster_id
