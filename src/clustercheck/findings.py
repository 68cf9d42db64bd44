"""What a check produces: severities, locations in the workbook, findings and rule outcomes."""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs


class Severity(str, enum.Enum):
    """How serious a finding is; ordered error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """3 for error, 2 for warning, 1 for info: compare with ``>=``."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Outcome(str, enum.Enum):
    """The result of one rule on one project."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"  # the data the rule needs is blank: insufficient evidence
    SKIPPED = "skipped"  # not selected, or not applicable at this review stage
    ERROR = "error"  # the rule itself crashed


@attrs.frozen(kw_only=True)
class Location:
    """A place in the workbook, numbered as Excel numbers it (row 1 is the header row)."""

    sheet: str
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    value: object = None

    def to_dict(self) -> dict[str, object]:
        """The JSON form of a location."""
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "value": value,
        }

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


@attrs.frozen(kw_only=True)
class Waiver:
    """An accepted deviation: who approved not reporting a finding, and why."""

    rule: str
    reason: str
    approved_by: str
    project: str | None = None
    cluster: str | None = None
    cell: str | None = None
    expires: str | None = None  # ISO date

    def to_dict(self) -> dict[str, object]:
        """The JSON form shown on a waived finding."""
        return {"reason": self.reason, "approved-by": self.approved_by, "expires": self.expires}


@attrs.frozen(kw_only=True)
class Finding:
    """One gap in a project design, or one problem with its data.

    Rules yield findings with a message and a location; the engine fills in ``rule``, ``name`` and,
    unless the rule chose one, ``severity``.
    """

    message: str
    location: Location | None = None
    cluster: str | None = None
    severity: Severity | None = None
    #: True when the finding reports missing evidence (blank cells), not a gap.
    unknown: bool = False
    rule: str = ""
    name: str = ""
    waiver: Waiver | None = None

    @property
    def level(self) -> str:
        """How reports show it: its severity's name, or ``unknown`` for missing evidence."""
        if self.unknown:
            return "unknown"
        return self.severity.value if self.severity else "info"

    @property
    def counts(self) -> bool:
        """Whether this finding counts towards the exit status and the severity counts."""
        return not self.unknown and self.waiver is None

    def to_dict(self) -> dict[str, object]:
        """The JSON form of a finding (schema ``clustercheck-report/1``)."""
        data: dict[str, object] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value if self.severity else None,
            "message": self.message,
            "cluster": self.cluster,
            "location": self.location.to_dict() if self.location else None,
            "unknown": self.unknown,
        }
        if self.waiver is not None:
            data["waived"] = self.waiver.to_dict()
        return data


@attrs.frozen(kw_only=True)
class RuleResult:
    """The outcome of one rule on one project, with the message of a crash."""

    rule: str
    outcome: Outcome
    message: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The JSON form of a rule result."""
        data: dict[str, object] = {"rule": self.rule, "outcome": self.outcome.value}
        if self.message:
            data["message"] = self.message
        return data


def count_by_severity(findings: list[Finding] | tuple[Finding, ...]) -> Mapping[str, int]:
    """Counts of findings that count, by severity name."""
    counts = {s.value: 0 for s in Severity}
    for finding in findings:
        if finding.counts and finding.severity is not None:
            counts[finding.severity.value] += 1
    return counts
