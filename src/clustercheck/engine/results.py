"""What a check produces: one :class:`ProjectResult` per workbook, gathered in a :class:`Run`.

These are plain values. The engine makes them, reporters read them (the JSON form lives in
``clustercheck.report.json``), and front ends turn :attr:`Run.exit_code` into an exit status.
"""

from __future__ import annotations

import attrs

from clustercheck.config import Config
from clustercheck.findings import Finding, Outcome, RuleResult, Waiver, count_by_severity
from clustercheck.model import Project
from clustercheck.rule import Rule
from clustercheck.version import __version__


@attrs.frozen(kw_only=True)
class PluginInfo:
    """What is known about one plugin: where it came from and what it contributed, or why it failed."""

    name: str
    version: str | None = None
    distribution: str | None = None
    hooks: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    error: str | None = None
    builtin: bool = False

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "version": self.version,
            "distribution": self.distribution,
            "hooks": list(self.hooks),
            "rules": list(self.rules),
            "error": self.error,
        }


@attrs.frozen(kw_only=True)
class WaiverReport:
    """What the waivers of a run did: the file, how many findings each waived, which were idle."""

    source: str | None
    waivers: tuple[Waiver, ...]
    #: findings waived, per waiver (same order as ``waivers``)
    matched: tuple[int, ...]
    expired: tuple[Waiver, ...]

    @property
    def unused(self) -> tuple[Waiver, ...]:
        """Waivers in force that matched no finding."""
        return tuple(
            w
            for w, n in zip(self.waivers, self.matched, strict=True)
            if n == 0 and w not in self.expired
        )

    @property
    def applied(self) -> int:
        return sum(self.matched)

    def notes(self) -> list[str]:
        """One sentence per expired or unused waiver, for the text report and standard error."""
        where = f" in {self.source}" if self.source else ""
        lines = [
            f"waiver {describe(w)}{where} expired on {w.expires} and was not applied"
            for w in self.expired
        ]
        lines += [f"waiver {describe(w)}{where} matched no finding" for w in self.unused]
        return lines

    def to_dict(self) -> dict[str, object]:
        """The ``waivers`` section of the JSON report."""
        return {
            "source": self.source,
            "applied": self.applied,
            "expired": [waiver_dict(w) for w in self.expired],
            "unused": [waiver_dict(w) for w in self.unused],
        }


def waiver_dict(waiver: Waiver) -> dict[str, object]:
    """A waiver as written in the file (TOML keys), for reports."""
    return {
        "rule": waiver.rule,
        "project": waiver.project,
        "cluster": waiver.cluster,
        "cell": waiver.cell,
        "reason": waiver.reason,
        "approved-by": waiver.approved_by,
        "expires": waiver.expires,
    }


def describe(waiver: Waiver) -> str:
    """A short name for a waiver: its rule and scope (``SC03 for TUN-CLU-2027 at Bodies!H2``)."""
    scope = [
        f"{label} {value}"
        for label, value in (
            ("for", waiver.project),
            ("in", waiver.cluster),
            ("at", waiver.cell),
        )
        if value
    ]
    return " ".join([waiver.rule, *scope])


@attrs.frozen(kw_only=True)
class ProjectResult:
    """Everything a check found about one workbook."""

    file: str
    sha256: str | None = None
    project: Project | None = attrs.field(default=None, eq=False, repr=False)
    stage: str | None = None
    status: str = "pass"  # pass, fail, incomplete, unreadable
    error: str | None = None
    results: tuple[RuleResult, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def project_id(self) -> str | None:
        return self.project.info.project_id if self.project else None

    @property
    def title(self) -> str | None:
        return self.project.info.title if self.project else None

    def outcome_count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome is outcome)

    def summary(self) -> dict[str, int]:
        """Counted findings by severity, rules with an unknown outcome, rules run and passed."""
        counts = dict(count_by_severity(self.findings))
        counts["unknown"] = self.outcome_count(Outcome.UNKNOWN)
        counts["rules"] = sum(1 for r in self.results if r.outcome is not Outcome.SKIPPED)
        counts["passed"] = self.outcome_count(Outcome.PASS)
        counts["waived"] = sum(1 for f in self.findings if f.waiver is not None)
        return counts


@attrs.frozen(kw_only=True)
class Run:
    """A whole run: every project's result, and what produced them."""

    projects: tuple[ProjectResult, ...]
    rules: tuple[Rule, ...] = attrs.field(eq=False, repr=False)
    plugins: tuple[PluginInfo, ...] = ()
    config: Config = attrs.field(factory=Config)
    version: str = __version__
    #: What the waivers did (None when no waivers file was given): see clustercheck.engine.waivers.
    waivers: WaiverReport | None = None
    #: Person names were replaced by their ids (``--redact``): see clustercheck.engine.redact.
    redacted: bool = False

    def rule(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 a finding at or above fail-on, 2 an unreadable file, 3 incomplete."""
        if any(p.status == "unreadable" for p in self.projects):
            return 2
        if any(p.status == "incomplete" for p in self.projects) or any(
            i.error for i in self.plugins
        ):
            return 3
        if any(p.status == "fail" for p in self.projects):
            return 1
        return 0
