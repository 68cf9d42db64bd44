"""Revisions: what changed between two checks of a proposal, for ``clustercheck diff OLD NEW``.

Findings are matched by rule, cluster and the record they point at: the record's id (or the values
that make it unique), and the column, never the row number, which inserting a row shifts. Findings
of one key are paired by equal messages first, then in order; what is left over is fixed (only in
OLD) or new (only in NEW). Projects of two folders are matched by project id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import attrs

from clustercheck.config import Config
from clustercheck.engine import ProjectResult, Run
from clustercheck.findings import Finding
from clustercheck.model import Project, Record
from clustercheck.workbook.schema import Schema, normalise

SCHEMA_ID = "clustercheck-diff/1"
Key = tuple[object, ...]


def _records(project: Project) -> Iterable[Record]:
    yield from (
        *project.clusters,
        *project.organisations,
        *project.commitments,
        *project.team,
        *project.bodies,
        *project.members,
        *project.activities,
    )
    for rows in project.tables.values():
        yield from rows


class RecordIndex:
    """The records of one project by (sheet, row), and how each is identified across revisions."""

    def __init__(self, project: Project | None, schema: Schema) -> None:
        self.schema = schema
        self.by_row: dict[tuple[str, int], Record] = {}
        self.forms: set[str] = set()
        if project is None:
            return
        self.forms.add(normalise(project.info.source.sheet))
        for record in _records(project):
            self.by_row[(normalise(record.source.sheet), record.source.row)] = record

    def identity(self, sheet: str, row: int | None, value: object) -> object:
        """What identifies the record at ``sheet`` row ``row`` in every revision of the workbook."""
        key = normalise(sheet)
        if key in self.forms:
            return None  # a form is one record: the sheet and column say it all
        record = self.by_row.get((key, row)) if row is not None else None
        described = self.schema.sheet(sheet)
        if record is not None and described is not None:
            if described.id_column is not None:
                found = record.get(described.id_column.name)
                if found is not None:
                    return str(found)
            if described.unique_together:
                return tuple(str(record.get(c)) for c in described.unique_together)
        # No record or no id: the value the finding shows is the best stable handle there is.
        return ("value", str(value)) if value is not None else ("row", row)


def finding_key(finding: Finding, index: RecordIndex) -> Key:
    """(rule, cluster, sheet, record identity, column): equal across revisions of one gap."""
    location = finding.location
    if location is None:
        return (finding.rule, finding.cluster, None, None, None)
    identity = index.identity(location.sheet, location.row, location.value)
    return (finding.rule, finding.cluster, normalise(location.sheet), identity, location.column)


@attrs.frozen(kw_only=True)
class ProjectDiff:
    """One project's findings across two revisions: fixed, new and remaining (as in NEW)."""

    old: ProjectResult
    new: ProjectResult
    fixed: tuple[Finding, ...]
    added: tuple[Finding, ...]
    remaining: tuple[Finding, ...]

    @property
    def project_id(self) -> str | None:
        return self.new.project_id or self.old.project_id

    def to_dict(self) -> dict[str, object]:
        return {
            "project_id": self.project_id,
            "revisions": {
                side: {"file": r.file, "sha256": r.sha256, "status": r.status}
                for side, r in (("old", self.old), ("new", self.new))
            },
            "fixed": [f.to_dict() for f in self.fixed],
            "new": [f.to_dict() for f in self.added],
            "remaining": [f.to_dict() for f in self.remaining],
        }


def diff_results(old: ProjectResult, new: ProjectResult, schema: Schema) -> ProjectDiff:
    """Match the findings of two revisions of one project."""
    old_index, new_index = RecordIndex(old.project, schema), RecordIndex(new.project, schema)
    before: dict[Key, list[Finding]] = defaultdict(list)
    for finding in old.findings:
        before[finding_key(finding, old_index)].append(finding)
    added: list[Finding] = []
    remaining: list[Finding] = []
    unpaired: dict[Key, list[Finding]] = defaultdict(list)
    for finding in new.findings:
        key = finding_key(finding, new_index)
        same = next((f for f in before[key] if f.message == finding.message), None)
        if same is not None:
            before[key].remove(same)
            remaining.append(finding)
        else:
            unpaired[key].append(finding)
    for finding in (f for group in unpaired.values() for f in group):
        key = finding_key(finding, new_index)
        if before[key]:
            before[key].pop(0)  # the same gap, reworded: its numbers changed
            remaining.append(finding)
        else:
            added.append(finding)
    left = {id(f) for group in before.values() for f in group}
    order = {id(f): i for i, f in enumerate(new.findings)}
    return ProjectDiff(
        old=old,
        new=new,
        fixed=tuple(f for f in old.findings if id(f) in left),
        added=tuple(sorted(added, key=lambda f: order[id(f)])),
        remaining=tuple(sorted(remaining, key=lambda f: order[id(f)])),
    )


@attrs.frozen(kw_only=True)
class Diff:
    """Every matched project of two runs, and the projects found on one side only."""

    projects: tuple[ProjectDiff, ...]
    only_old: tuple[ProjectResult, ...] = ()
    only_new: tuple[ProjectResult, ...] = ()
    config: Config = attrs.field(factory=Config)

    @property
    def unreadable(self) -> tuple[ProjectResult, ...]:
        sides = [*self.only_old, *self.only_new]
        sides += [r for p in self.projects for r in (p.old, p.new)]
        return tuple(r for r in sides if r.status == "unreadable")

    @property
    def exit_code(self) -> int:
        """2 an unreadable file, 3 a rule crashed, 1 a new finding at or above fail-on, else 0."""
        if self.unreadable:
            return 2
        if any("incomplete" in (p.old.status, p.new.status) for p in self.projects):
            return 3
        if any(f.counts and self.config.fails(f.severity) for p in self.projects for f in p.added):
            return 1
        return 0

    def to_dict(self) -> dict[str, object]:
        """The JSON form, schema ``clustercheck-diff/1``."""
        return {
            "schema": SCHEMA_ID,
            "fail-on": self.config.fail_on,
            "projects": [p.to_dict() for p in self.projects],
            "unmatched": {
                "old": [_side(r) for r in self.only_old],
                "new": [_side(r) for r in self.only_new],
            },
        }


def _side(result: ProjectResult) -> dict[str, object]:
    return {
        "file": result.file,
        "project_id": result.project_id,
        "status": result.status,
        "error": result.error,
    }


def pair(
    old: Sequence[ProjectResult], new: Sequence[ProjectResult]
) -> tuple[list[tuple[ProjectResult, ProjectResult]], list[ProjectResult], list[ProjectResult]]:
    """Match projects by project id (two single files always pair): pairs, old-only, new-only."""
    if len(old) == 1 and len(new) == 1 and "unreadable" not in (old[0].status, new[0].status):
        return [(old[0], new[0])], [], []
    by_id: dict[str, ProjectResult] = {}
    only_old: list[ProjectResult] = []
    for result in old:
        if result.project_id is None or result.project_id in by_id:
            only_old.append(result)  # unreadable, or a second file claiming the same project
        else:
            by_id[result.project_id] = result
    pairs: list[tuple[ProjectResult, ProjectResult]] = []
    only_new: list[ProjectResult] = []
    for result in new:
        match = by_id.pop(result.project_id, None) if result.project_id is not None else None
        if match is None:
            only_new.append(result)
        else:
            pairs.append((match, result))
    only_old += by_id.values()
    return pairs, sorted(only_old, key=lambda r: r.file), only_new


def diff_runs(old: Run, new: Run, schema: Schema) -> Diff:
    """The revision diff of two runs (OLD and NEW, each one file or a folder)."""
    pairs, only_old, only_new = pair(old.projects, new.projects)
    return Diff(
        projects=tuple(diff_results(a, b, schema) for a, b in pairs),
        only_old=tuple(only_old),
        only_new=tuple(only_new),
        config=new.config,
    )
