"""Waivers: accepted deviations kept in a TOML file beside the workbooks, never inside them.

An evaluator records that a finding is accepted, why, and who decided it. :func:`load_waivers` reads
and checks the file (one :class:`ConfigError` carries every problem, each naming its waiver and key;
a waiver of a rule that is not loaded is a warning, not an error); :func:`apply_waivers`
marks the matching findings of a run as waived, recomputes each project's status without them, and
records the waivers that matched nothing or have expired (:class:`WaiverReport`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from clustercheck.config import Problems, read_toml
from clustercheck.engine.results import ProjectResult, Run, WaiverReport
from clustercheck.errors import ConfigError, close_match, did_you_mean
from clustercheck.findings import Finding, Waiver
from clustercheck.rule import show

KEYS = frozenset({"rule", "project", "cluster", "cell", "reason", "approved-by", "expires"})
_CELL = re.compile(r"^(?P<sheet>[^!]+)!(?P<cell>[A-Za-z]{1,3}[0-9]+)$")


_DATE = "a date like 2027-12-31"


class _Entry:
    """One ``[[waiver]]`` table being read: its values, its name in messages, its problems."""

    def __init__(self, entry: Mapping[str, Any], name: str, problems: Problems) -> None:
        self.entry, self.name, self.problems = entry, name, problems
        self.misspelt: set[str] = set()  # keys present under a near-miss name

    def text(self, key: str, *, required: bool) -> str | None:
        value = self.entry.get(key)
        if value is None:
            if required and key not in self.misspelt:  # one slip, one problem
                self.problems.add(None, f"{self.name} has no {key!r}; every waiver needs one")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problems.add(self.name, f"{key}: expected non-empty text, found {show(value)}")
            return None
        return value.strip()

    def date(self, key: str) -> str | None:
        value = self.entry.get(key)
        if value is None:
            return None
        # A TOML date-time is refused: a waiver lapses on a day, not at an hour.
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        found = value.isoformat() if isinstance(value, dt.datetime) else show(value)
        self.problems.add(self.name, f"{key}: expected {_DATE}, found {found}")
        return None


def parse_waiver(
    entry: object,
    index: int,
    problems: Problems,
    codes: Collection[str],
    warn: Callable[[str], None] | None = None,
) -> Waiver | None:
    """One ``[[waiver]]`` table as a Waiver (``index`` counts from 1, for messages), or None.

    Its problems are added to ``problems``; a waiver of a rule that is not loaded is left out with
    a warning given to ``warn``, as a configuration table of such a rule is.
    """
    name = f"waiver {index}"
    if not isinstance(entry, dict):
        problems.add(name, f"expected a table ([[waiver]]), found {show(entry)}")
        return None
    given = _Entry(entry, name, problems)
    unknown = [key for key in entry if key not in KEYS]
    for key in unknown:
        given.misspelt.add(close_match(key, KEYS) or "")
    rule = given.text("rule", required=True)
    rule = rule.upper() if rule is not None else None
    name = given.name = f"waiver {index} ({rule})" if rule else name
    for key in unknown:
        hint = did_you_mean(key, KEYS)
        problems.add(name, f"{key}: not a waiver key (known: {', '.join(sorted(KEYS))}){hint}")
    cell = given.text("cell", required=False)
    if cell is not None and not _CELL.match(cell):
        problems.add(name, f"cell: expected Sheet!A1, like Bodies!H2, found {show(cell)}")
    reason = given.text("reason", required=True)
    approved_by = given.text("approved-by", required=True)
    waiver = Waiver(
        rule=rule or "",
        reason=reason or "",
        approved_by=approved_by or "",
        project=given.text("project", required=False),
        cluster=given.text("cluster", required=False),
        cell=_cell_case(cell),
        expires=given.date("expires"),
    )
    if rule is not None and rule not in codes:
        message = f"no rule {rule} is loaded, so this waiver is not used{did_you_mean(rule, codes)}"
        if warn is not None:
            warn(str(problems.at(name, message)))
        return None
    return waiver


def _cell_case(cell: str | None) -> str | None:
    # The sheet keeps its spelling; the column letters are upper-cased (h2 means H2).
    if cell is None:
        return None
    sheet, _, ref = cell.rpartition("!")
    return f"{sheet}!{ref.upper()}"


def parse_waivers(
    data: Mapping[str, Any],
    source: str,
    codes: Iterable[str],
    warn: Callable[[str], None] | None = None,
) -> tuple[Waiver, ...]:
    """Every waiver of a waivers file's data, checked against the loaded rule ``codes``.

    Every problem of the file is raised at once, as one :class:`ConfigError`; waivers of rules that
    are not loaded are left out, each with a warning given to ``warn``.
    """
    problems = Problems(source)
    for key in data:
        if key != "waiver":
            problems.add(key, "not a key of a waivers file, which holds [[waiver]] tables only")
    entries = data.get("waiver", [])
    if not isinstance(entries, list):
        problems.add("waiver", f"expected an array of tables ([[waiver]]), found {show(entries)}")
        entries = []
    known = frozenset(codes)
    notes: list[str] = []
    waivers = [parse_waiver(e, i, problems, known, notes.append) for i, e in enumerate(entries, 1)]
    problems.raise_any()
    if warn is not None:
        for note in notes:
            warn(note)
    return tuple(w for w in waivers if w is not None)


def load_waivers(
    path: str | Path, codes: Iterable[str], warn: Callable[[str], None] | None = None
) -> tuple[Waiver, ...]:
    """Read and check a waivers file against the loaded rule ``codes`` (see :func:`parse_waivers`)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("no such waivers file", file=str(path))
    return parse_waivers(read_toml(path), str(path), codes, warn)


def expired(waiver: Waiver, today: dt.date) -> bool:
    """Whether the waiver's last day is before ``today``."""
    return waiver.expires is not None and dt.date.fromisoformat(waiver.expires) < today


def matches(waiver: Waiver, finding: Finding, project_id: str | None) -> bool:
    """Whether ``waiver`` covers ``finding`` of the project ``project_id``."""
    if waiver.rule != finding.rule:
        return False
    if waiver.project is not None and waiver.project != project_id:
        return False
    if waiver.cluster is not None and waiver.cluster != finding.cluster:
        return False
    if waiver.cell is not None:
        location = finding.location
        if location is None or location.cell is None:
            return False
        sheet, _, cell = waiver.cell.rpartition("!")
        return sheet.casefold() == location.sheet.casefold() and cell == location.cell
    return True


def _status(result: ProjectResult, findings: Sequence[Finding], run: Run) -> str:
    # Only pass and fail depend on findings; incomplete and unreadable stay what they are.
    if result.status not in ("pass", "fail"):
        return result.status
    failing = any(f.counts and run.config.fails(f.severity) for f in findings)
    return "fail" if failing else "pass"


def apply_waivers(
    run: Run,
    waivers: Sequence[Waiver],
    *,
    source: str | None = None,
    today: dt.date | None = None,
) -> Run:
    """``run`` with the findings that a waiver in force covers marked waived, and a WaiverReport.

    The first waiver (in file order) that covers a finding is the one recorded on it. Expired waivers
    are not applied; waivers that matched nothing are reported as unused.
    """
    today = today or dt.date.today()
    active = [w for w in waivers if not expired(w, today)]
    counts = dict.fromkeys(range(len(waivers)), 0)
    index = {id(w): i for i, w in enumerate(waivers)}
    projects = []
    for result in run.projects:
        findings = []
        for finding in result.findings:
            waiver = next((w for w in active if matches(w, finding, result.project_id)), None)
            if waiver is not None:
                counts[index[id(waiver)]] += 1
                finding = attrs.evolve(finding, waiver=waiver)
            findings.append(finding)
        projects.append(
            attrs.evolve(result, findings=tuple(findings), status=_status(result, findings, run))
        )
    report = WaiverReport(
        source=source,
        waivers=tuple(waivers),
        matched=tuple(counts[i] for i in range(len(waivers))),
        expired=tuple(w for w in waivers if expired(w, today)),
    )
    return attrs.evolve(run, projects=tuple(projects), waivers=report)
