"""Waivers: accepted deviations kept in a TOML file beside the workbooks, never inside them.

An evaluator records that a finding is accepted, why, and who decided it. :func:`load_waivers` reads
and checks the file (every problem is a :class:`ConfigError` naming the waiver); :func:`apply_waivers`
marks the matching findings of a run as waived, recomputes each project's status without them, and
records the waivers that matched nothing or have expired (:class:`WaiverReport`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from clustercheck.config import read_toml
from clustercheck.engine.results import ProjectResult, Run, WaiverReport
from clustercheck.errors import ConfigError
from clustercheck.findings import Finding, Waiver

KEYS = frozenset({"rule", "project", "cluster", "cell", "reason", "approved-by", "expires"})
_CELL = re.compile(r"^(?P<sheet>[^!]+)!(?P<cell>[A-Za-z]{1,3}[0-9]+)$")


def _text(
    entry: Mapping[str, Any], key: str, name: str, source: str, *, required: bool
) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise ConfigError(f"{name} has no {key!r}; every waiver needs one", file=source)
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name}: {key!r} must be non-empty text, not {value!r}", file=source)
    return value.strip()


def _date(value: object, name: str, source: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # a TOML date-time: a waiver lapses on a day, not an hour
        raise ConfigError(
            f"{name}: 'expires' must be a date (2027-12-31), not {value}", file=source
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise ConfigError(f"{name}: 'expires' must be a date (2027-12-31), not {value!r}", file=source)


def parse_waiver(entry: object, index: int, source: str, codes: Iterable[str]) -> Waiver:
    """One ``[[waiver]]`` table as a Waiver; ``index`` counts from 1, for messages."""
    name = f"waiver {index}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{name} must be a table ([[waiver]])", file=source)
    rule = _text(entry, "rule", name, source, required=True)
    assert rule is not None  # required above
    rule = rule.upper()
    name = f"waiver {index} ({rule})"
    unknown = sorted(set(entry) - KEYS)
    if unknown:
        raise ConfigError(
            f"{name}: unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})", file=source
        )
    known = set(codes)
    if rule not in known:
        raise ConfigError(f"{name}: there is no rule {rule}", file=source)
    cell = _text(entry, "cell", name, source, required=False)
    if cell is not None and not _CELL.match(cell):
        raise ConfigError(
            f"{name}: 'cell' must be Sheet!A1, like Bodies!H2, not {cell!r}", file=source
        )
    reason = _text(entry, "reason", name, source, required=True)
    approved_by = _text(entry, "approved-by", name, source, required=True)
    assert reason is not None  # required above
    assert approved_by is not None  # required above
    return Waiver(
        rule=rule,
        reason=reason,
        approved_by=approved_by,
        project=_text(entry, "project", name, source, required=False),
        cluster=_text(entry, "cluster", name, source, required=False),
        cell=_cell_case(cell),
        expires=_date(entry.get("expires"), name, source),
    )


def _cell_case(cell: str | None) -> str | None:
    # The sheet keeps its spelling; the column letters are upper-cased (h2 means H2).
    if cell is None:
        return None
    sheet, _, ref = cell.rpartition("!")
    return f"{sheet}!{ref.upper()}"


def parse_waivers(data: Mapping[str, Any], source: str, codes: Iterable[str]) -> tuple[Waiver, ...]:
    """Every waiver of a waivers file's data, checked against the loaded rule ``codes``."""
    unknown = sorted(set(data) - {"waiver"})
    if unknown:
        raise ConfigError(
            f"unknown key {unknown[0]!r}; a waivers file holds [[waiver]] tables only", file=source
        )
    entries = data.get("waiver", [])
    if not isinstance(entries, list):
        raise ConfigError("'waiver' must be an array of tables ([[waiver]])", file=source)
    codes = tuple(codes)
    return tuple(parse_waiver(e, i, source, codes) for i, e in enumerate(entries, start=1))


def load_waivers(path: str | Path, codes: Iterable[str]) -> tuple[Waiver, ...]:
    """Read and check a waivers file against the loaded rule ``codes``."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError("no such waivers file", file=str(path))
    return parse_waivers(read_toml(path), str(path), codes)


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
