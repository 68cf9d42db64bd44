"""The library API: files and options in, a :class:`~clustercheck.engine.results.Run` out.

Everything the command line and the web app have in common lives here, once: plugins loaded,
configuration found and checked, waivers read and applied, workbooks found below folders and
checked (in several processes when asked), person names redacted, reports chosen by name or file
extension and written without ever touching an input file. Front ends only parse their input and
present what they get back::

    from clustercheck.api import Checker, Options

    checker = Checker.load(Options(select=("CC", "SC"), stage="design"))
    run = checker.check(["proposals/"])
    for project in run.projects:
        print(project.file, project.status, len(project.findings))
    checker.write(run, Path("report.html"))

Or in one call: ``clustercheck.api.check(["proposals/"], stage="design")``.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import attrs

from clustercheck.config import Config, find_config, load_checked, split_codes
from clustercheck.engine.checking import check_file
from clustercheck.engine.results import ProjectResult, Run
from clustercheck.engine.revisions import Diff
from clustercheck.errors import ConfigError, did_you_mean
from clustercheck.findings import Waiver
from clustercheck.model import Stage
from clustercheck.plugins import Plugins, configure, get_plugins
from clustercheck.report import Reporter
from clustercheck.report.formats import is_builtin, reporter_for
from clustercheck.rule import Rule

from .inputs import expand

__all__ = [
    "Checker",
    "Options",
    "check",
    "expand",
    "find_rule",
    "load_config",
    "load_plugins",
    "write_template",
]

OnResult = Callable[[ProjectResult], None]


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return (values,) if isinstance(values, str) else tuple(values)


@attrs.frozen(kw_only=True)
class Options:
    """What a check is asked to do: every option of ``clustercheck check`` but paths and formats."""

    #: ``-p`` values: a plugin module to load, or ``no:NAME`` to block one.
    plugins: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    #: The configuration file; None: the nearest clustercheck.toml or pyproject.toml, if any.
    config: Path | None = None
    #: Rule codes or prefixes to run (empty: every rule), and to skip; over the configuration's.
    select: tuple[str, ...] = attrs.field(default=(), converter=split_codes)
    ignore: tuple[str, ...] = attrs.field(default=(), converter=split_codes)
    fail_on: str | None = None
    stage: str | None = None
    #: The waivers file, over the configuration's ``waivers``.
    waivers: Path | None = None
    #: Workbooks checked at a time, in separate processes.
    jobs: int = 1
    #: Person names replaced by their ids in every report.
    redact: bool = False


def load_plugins(options: Sequence[str] = ()) -> Plugins:
    """Every installed plugin and the ``-p`` ones (``options``); failures are in ``.failures``."""
    return get_plugins(options)


def load_config(
    plugins: Plugins,
    path: Path | None = None,
    *,
    warn: Callable[[str], None] | None = None,
    **overrides: object,
) -> Config:
    """The configuration file (given or found), ``overrides`` over it, checked, then plugins'.

    Settings only for rules that are not loaded are warnings, given to ``warn``.
    """
    path = path if path is not None else find_config()
    config = load_checked(path, plugins.rules, warn=warn, **overrides)
    return configure(plugins, config)


def find_rule(plugins: Plugins, code: str) -> Rule:
    """The rule with this code or name; a ConfigError with a did-you-mean when there is none."""
    rule = plugins.rule(code) or next((r for r in plugins.rules if r.name == code.lower()), None)
    if rule is not None:
        return rule
    names = [r.code for r in plugins.rules] + [r.name for r in plugins.rules]
    close = difflib.get_close_matches(code.upper(), names, n=1) or difflib.get_close_matches(
        code, names, n=1
    )
    hint = f"; did you mean {close[0]}?" if close else " (`clustercheck rules` lists them)"
    raise ConfigError(f"there is no rule {code!r}{hint}")


@attrs.frozen(kw_only=True)
class Checker:
    """Plugins, configuration and waivers, loaded once; then as many checks as wanted.

    :meth:`load` reads them as ``options`` say; tests and scripts that have their own may also
    build one directly: ``Checker(plugins=get_plugins(), config=Config(select=("CC",)))``.
    """

    plugins: Plugins
    config: Config
    waivers: tuple[Waiver, ...] | None = None
    options: Options = attrs.field(factory=Options)
    #: Warnings from loading: settings and waivers for rules that are not loaded, say.
    notes: tuple[str, ...] = ()

    @classmethod
    def load(cls, options: Options | None = None, *, plugins: Plugins | None = None) -> Checker:
        """Load what ``options`` name; ``plugins`` when they are built already."""
        options = options or Options()
        plugins = plugins if plugins is not None else load_plugins(options.plugins)
        notes: list[str] = []
        config = load_config(
            plugins,
            options.config,
            warn=notes.append,
            select=options.select or None,
            ignore=options.ignore or None,
            fail_on=options.fail_on,
            stage=_stage(options.stage),
            waivers=str(options.waivers) if options.waivers is not None else None,
        )
        waivers = None
        if config.waivers is not None:
            from clustercheck.engine.waivers import load_waivers

            codes = [r.code for r in plugins.rules]
            waivers = load_waivers(config.waivers, codes, warn=notes.append)
        return cls(
            options=options, plugins=plugins, config=config, waivers=waivers, notes=tuple(notes)
        )

    def reporter(self, name: str) -> Reporter:
        """The loaded text format called ``name`` (for standard output)."""
        found = self.plugins.reporters.get(name) or self.plugins.reporters.get(name.lower())
        if found is None or found.render is None:
            names = sorted(n for n, r in self.plugins.reporters.items() if r.render)
            raise ConfigError(
                f"--format {name!r} is not a text format that is loaded "
                f"(known: {', '.join(names)}){did_you_mean(name, names)}"
            )
        return found

    def reporter_for(self, path: Path) -> Reporter:
        """The loaded format that writes files like ``path``, by its extension."""
        found = reporter_for(path, self.plugins.reporters)
        if found is None:
            known = " ".join(
                sorted(e for r in self.plugins.reporters.values() for e in r.extensions)
            )
            raise ConfigError(
                f"cannot tell the format of {path} from its extension (known: {known})"
            )
        return found

    def files(self, paths: Iterable[str | Path]) -> list[Path]:
        """The workbooks ``paths`` name (folders searched); a ConfigError when there is none."""
        paths = list(paths)
        files = list(expand(paths))
        if not files:
            raise ConfigError(f"no workbooks (*.xlsx) found in {', '.join(map(str, paths))}")
        return files

    def check(
        self,
        paths: Iterable[str | Path],
        *,
        reporters: Sequence[Reporter] | None = None,
        on_result: OnResult | None = None,
    ) -> Run:
        """Check every workbook in ``paths``: the run, waivers applied and names redacted as asked.

        ``reporters`` are the formats the run is for: when all are built in, each result keeps only
        its project's form and team (all they read), which saves memory and inter-process traffic.
        ``on_result`` is called as each workbook is done (for a progress bar), in the order they
        finish; the run's results are in the order of the input, whatever ``jobs``.
        """
        files = self.files(paths)
        whole = reporters is None or not all(is_builtin(r) for r in reporters)
        plugins, config = self.plugins, self.config
        if self.options.jobs > 1 and len(files) > 1:
            from clustercheck.api.jobs import check_in_processes

            results = check_in_processes(
                files,
                plugins,
                config,
                jobs=self.options.jobs,
                on_result=on_result,
                whole_projects=whole,
            )
        else:
            done = []
            for path in files:
                done.append(
                    check_file(path, plugins.rules, plugins.schema, config, whole_project=whole)
                )
                if on_result is not None:
                    on_result(done[-1])
            results = tuple(done)
        run = Run(projects=results, rules=plugins.rules, plugins=plugins.infos, config=config)
        if self.waivers is not None:
            from clustercheck.engine.waivers import apply_waivers

            run = apply_waivers(run, self.waivers, source=config.waivers)
        if self.options.redact:
            from clustercheck.engine.redact import redact

            run = redact(run)
        return run

    def write(self, run: Run, path: Path, inputs: Sequence[Path] = ()) -> Reporter:
        """Write the report ``path``'s extension names, atomically, never over an input file."""
        from clustercheck.output import atomic_path

        reporter = self.reporter_for(path)
        inputs = inputs or [Path(p.file) for p in run.projects]
        with atomic_path(path, inputs=inputs) as tmp:
            reporter.write_file(run, tmp)
        return reporter

    def diff(self, old: Path, new: Path) -> Diff:
        """Check two revisions (workbooks, or folders matched by project id) and compare them."""
        from clustercheck.engine.revisions import diff_runs

        before, after = (self.check([side]) for side in (old, new))
        return diff_runs(before, after, self.plugins.schema)


def write_template(
    path: Path, plugins: Plugins, *, example: bool = False, force: bool = False
) -> None:
    """Write a blank workbook (or the filled example) with every loaded plugin's sheets and columns."""
    from clustercheck.workbook.example import example_rows
    from clustercheck.workbook.template import write_workbook

    if path.suffix.lower() != ".xlsx":
        raise ConfigError("a template must be an .xlsx file", file=str(path))
    if path.exists() and not force:
        raise ConfigError("exists already; use --force to overwrite it", file=str(path))
    write_workbook(path, plugins.schema, example_rows() if example else None)


def check(paths: Iterable[str | Path], **options: object) -> Run:
    """Check ``paths`` with :class:`Options` given as keywords: the one-call library API."""
    return Checker.load(Options(**options)).check(paths)  # type: ignore[arg-type]  # Options checks them


def _stage(value: str | None) -> Stage | None:
    if value is None:
        return None
    try:
        return Stage(value.lower())
    except ValueError:
        stages = [s.value for s in Stage]
        raise ConfigError(
            f"there is no review stage {value!r} (stages: {', '.join(stages)})"
            + did_you_mean(value, stages)
        ) from None
