"""Running rules: select them, resolve their parameters, isolate crashes, and gather the results.

``check_files`` is the library entry point behind ``clustercheck check``: files in, a :class:`Run`
out. A file that cannot be read becomes an ``unreadable`` result; a rule that raises becomes an
``error`` outcome; neither stops the run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from clustercheck import __version__
from clustercheck.config import Config, resolve_params
from clustercheck.errors import ClustercheckError
from clustercheck.findings import Finding, Outcome, RuleResult, Severity, count_by_severity
from clustercheck.model import Project
from clustercheck.plugins import PluginInfo, Plugins
from clustercheck.rule import Params, Rule

if TYPE_CHECKING:
    from clustercheck.findings import Waiver
    from clustercheck.waivers import WaiverReport

SCHEMA_ID = "clustercheck-report/1"


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

    def to_dict(self) -> dict[str, object]:
        """The JSON form of one project (schema ``clustercheck-report/1``)."""
        return {
            "file": self.file,
            "sha256": self.sha256,
            "project_id": self.project_id,
            "title": self.title,
            "stage": self.stage,
            "status": self.status,
            "error": self.error,
            "summary": self.summary(),
            "results": [r.to_dict() for r in self.results],
            "findings": [f.to_dict() for f in self.findings],
        }


@attrs.frozen(kw_only=True)
class Run:
    """A whole run: every project's result, and what produced them."""

    projects: tuple[ProjectResult, ...]
    rules: tuple[Rule, ...] = attrs.field(eq=False, repr=False)
    plugins: tuple[PluginInfo, ...] = ()
    config: Config = attrs.field(factory=Config)
    version: str = __version__
    #: What the waivers did (None when no waivers file was given): see clustercheck.waivers.
    waivers: WaiverReport | None = None
    #: Person names were replaced by their ids (``--redact``): see clustercheck.redact.
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

    def to_dict(self) -> dict[str, object]:
        """The JSON report (schema ``clustercheck-report/1``)."""
        return {
            "schema": SCHEMA_ID,
            "tool": {"name": "clustercheck", "version": self.version},
            "plugins": [
                {"name": i.name, "version": i.version, "error": i.error}
                for i in self.plugins
                if not i.builtin
            ],
            "configuration": self.config.to_dict(),
            "projects": [p.to_dict() for p in self.projects],
            **({"waivers": self.waivers.to_dict()} if self.waivers is not None else {}),
            **({"portfolio": self._portfolio()} if len(self.projects) > 1 else {}),
        }

    def _portfolio(self) -> dict[str, object]:
        from clustercheck.portfolio import portfolio

        return portfolio(self).to_dict()


def _complete(rule: Rule, finding: Finding, severity: Severity | None) -> Finding:
    if not isinstance(finding, Finding):
        raise TypeError(f"the check yielded {finding!r}, which is not a Finding")
    return attrs.evolve(
        finding,
        rule=rule.code,
        name=rule.name,
        severity=severity or finding.severity or rule.severity,
    )


def run_rule(
    rule: Rule, project: Project, params: Params | None = None, config: Config | None = None
) -> tuple[RuleResult, list[Finding]]:
    """Run one rule on one project: its outcome and its completed findings. Never raises."""
    config = config or Config()
    settings = config.rules.get(rule.code)
    severity = settings.severity if settings else None
    resolved = resolve_params(rule, config) if params is None else {**rule.defaults, **params}
    try:
        findings = [_complete(rule, f, severity) for f in rule.check(project, resolved) or ()]
    except Exception as exc:  # noqa: BLE001  # a crashing rule is an outcome, not a stopped run
        message = f"{type(exc).__name__}: {exc}"
        return RuleResult(rule=rule.code, outcome=Outcome.ERROR, message=message), []
    if any(not f.unknown for f in findings):
        outcome = Outcome.FAIL
    elif findings:
        outcome = Outcome.UNKNOWN
    else:
        outcome = Outcome.PASS
    return RuleResult(rule=rule.code, outcome=outcome), findings


def check_project(project: Project, rules: Sequence[Rule], config: Config) -> ProjectResult:
    """Run the selected rules that apply at the project's review stage."""
    stage = config.stage or project.info.review_stage
    project = attrs.evolve(project, stage=stage)
    results: list[RuleResult] = []
    findings: list[Finding] = []
    for rule in rules:
        if not config.selected(rule.code):
            results.append(
                RuleResult(rule=rule.code, outcome=Outcome.SKIPPED, message="not selected")
            )
            continue
        if stage is not None and stage not in rule.stages:
            results.append(
                RuleResult(
                    rule=rule.code, outcome=Outcome.SKIPPED, message=f"not applied at {stage}"
                )
            )
            continue
        result, found = run_rule(rule, project, config=config)
        results.append(result)
        findings.extend(found)
    if any(r.outcome is Outcome.ERROR for r in results):
        status = "incomplete"
    elif any(f.counts and config.fails(f.severity) for f in findings):
        status = "fail"
    else:
        status = "pass"
    return ProjectResult(
        file=project.file,
        project=project,
        stage=stage.value if stage else None,
        status=status,
        results=tuple(results),
        findings=tuple(findings),
    )


def sha256_of(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def check_file(
    path: Path, plugins: Plugins, config: Config, *, whole_project: bool = True
) -> ProjectResult:
    """Load and check one workbook; an unreadable one becomes an ``unreadable`` result.

    ``whole_project=False`` keeps only the project's form and team in the result
    (:meth:`~clustercheck.model.Project.form_and_team`).
    """
    from clustercheck.workbook.reader import load

    sha = sha256_of(path)
    try:
        loaded = load(path, plugins.schema)
    except ClustercheckError as exc:
        return ProjectResult(file=str(path), sha256=sha, status="unreadable", error=str(exc))
    result = check_project(loaded.project, plugins.rules, config)
    project = loaded.project if whole_project else loaded.project.form_and_team()
    return attrs.evolve(result, sha256=sha, project=project)


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and the ``*.xlsx`` files found below folders (sorted; Excel lock files skipped)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*.xlsx") if p.is_file() and not p.name.startswith("~$")
            )
        else:
            yield path


def check_files(
    paths: Iterable[str | Path],
    plugins: Plugins,
    config: Config,
    *,
    jobs: int = 1,
    waivers: Sequence[Waiver] | None = None,
    on_result: Callable[[ProjectResult], None] | None = None,
    whole_projects: bool = True,
) -> Run:
    """Check every workbook in ``paths`` (files or folders): the whole run's results.

    ``jobs`` > 1 checks in that many processes; the results are the same as a serial run's, in
    input order. ``waivers`` (default: the file named by ``config.waivers``, if any) are applied to
    the findings. ``on_result`` is called as each workbook is done (for a progress bar), in the
    order they finish. ``whole_projects=False`` keeps only each project's form and team (all that
    the built-in reports read): less memory, and less for workers to send back.
    """
    files = list(expand(paths))
    if jobs > 1 and len(files) > 1:
        from clustercheck.parallel import check_in_processes

        results = check_in_processes(
            files,
            plugins,
            config,
            jobs=jobs,
            on_result=on_result,
            whole_projects=whole_projects,
        )
    else:
        done: list[ProjectResult] = []
        for path in files:
            done.append(check_file(path, plugins, config, whole_project=whole_projects))
            if on_result is not None:
                on_result(done[-1])
        results = tuple(done)
    run = Run(projects=results, rules=plugins.rules, plugins=plugins.infos, config=config)
    if waivers is None and config.waivers is not None:
        from clustercheck.waivers import load_waivers

        waivers = load_waivers(config.waivers, [r.code for r in plugins.rules])
    if waivers is not None:
        from clustercheck.waivers import apply_waivers

        run = apply_waivers(run, waivers, source=config.waivers)
    return run
