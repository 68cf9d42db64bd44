"""The command line: thin click commands that parse, call the library and pick a reporter.

Only this module turns errors into exit statuses (see interfaces.md): 0 clean, 1 findings at or above
``--fail-on``, 2 usage/configuration/unreadable input, 3 incomplete. Heavy modules (openpyxl, jinja2)
are imported inside the commands that need them, so ``--help`` stays instant.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from clustercheck import __version__
from clustercheck.errors import ClustercheckError, ConfigError

if TYPE_CHECKING:
    from clustercheck.config import Config
    from clustercheck.plugins import Plugins
    from clustercheck.report import Reporter

F = TypeVar("F", bound=Callable[..., Any])
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3


def _colour() -> bool | None:
    """False under NO_COLOR (https://no-color.org); otherwise click decides by the terminal."""
    return False if os.environ.get("NO_COLOR") else None


def say(message: str, *, err: bool = True) -> None:
    click.echo(message, err=err, color=_colour())


def friendly(function: F) -> F:
    """Turn errors into one sentence on standard error and an exit status; traceback with --debug."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug", False)
        try:
            return function(*args, **kwargs)
        except ClustercheckError as exc:
            if debug:
                raise
            say(f"clustercheck: error: {exc}")
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:
            if debug:
                raise
            say(
                f"clustercheck: internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug for the traceback, and please report it)"
            )
            sys.exit(EXIT_INCOMPLETE)

    return wrapper  # type: ignore[return-value]  # same signature as the wrapped command


def plugin_options(function: F) -> F:
    """``-p`` and ``--debug``, shared by every command that loads plugins."""
    function = click.option(
        "-p",
        "plugin_options",
        multiple=True,
        metavar="NAME",
        help="Load a plugin module (-p mypackage.rules), or disable one (-p no:NAME). Repeatable.",
    )(function)
    return click.option("--debug", is_flag=True, help="Show the full traceback of an error.")(
        function
    )


FAIL_ON = click.Choice(["error", "warning", "info", "never"])
FILE = click.Path(path_type=Path, dir_okay=False)


def config_option(text: str) -> Callable[[F], F]:
    """``--config FILE``, shared by the commands that read the configuration."""
    return click.option("--config", "config_path", type=FILE, help=text)


def waivers_option(text: str) -> Callable[[F], F]:
    """``--waivers FILE``, shared by check and diff."""
    return click.option("--waivers", "waivers_path", type=FILE, help=text)


CONFIG_HELP = "Configuration file [default: clustercheck.toml or pyproject.toml, here or above]."


def load_plugins(options: tuple[str, ...], *, warn: bool = True) -> Plugins:
    from clustercheck.plugins import get_plugins

    plugins = get_plugins(options)
    if warn:
        for failure in plugins.failures:
            origin = f" (from {failure.distribution})" if failure.distribution else ""
            say(
                f"clustercheck: warning: plugin {failure.name!r}{origin} failed to load: {failure.error}"
            )
    return plugins


def load_configuration(plugins: Plugins, path: Path | None, **overrides: Any) -> Config:
    """The configuration file (given or found), command-line values over it, checked, then plugins'."""
    from clustercheck.config import find_config, load_config, merge, validate
    from clustercheck.plugins import configure

    config = load_config(path if path is not None else find_config())
    config = validate(merge(config, **overrides), plugins.rules)
    return configure(plugins, config)


def _version(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from clustercheck.plugins import get_plugins

    click.echo(f"clustercheck {__version__}")
    for info in get_plugins().infos:
        if info.builtin:
            continue
        origin = f" ({info.distribution})" if info.distribution else ""
        state = f"  failed: {info.error}" if info.error else ""
        click.echo(f"  {info.name} {info.version or '?'}{origin}{state}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the versions of clustercheck and of each plugin, and exit.",
)
def main() -> None:
    """Check a cluster development project's design, kept in an Excel workbook, against the
    principles of UNIDO's approach: project team, local capacity, responsibility transfer, Cluster
    Commission, Steering Committee and method.

    Start with `clustercheck template --example example.xlsx`, then `clustercheck check example.xlsx`.
    """
    # The process ends with the command: the last cycle collections of every object left would
    # only free memory that the exit frees anyway (about 20 ms of a run). atexit handlers,
    # flushing and closing still happen as usual.
    atexit.unregister(gc.freeze)  # once, however many commands run in this process (tests)
    atexit.register(gc.freeze)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    metavar="FORMAT",
    help="Format of the report on standard output: text, json, or another loaded format.",
)
@click.option(
    "-o",
    "--output",
    "outputs",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write a report to FILE, its format taken from the extension "
    "(.json .html .xlsx .md .sarif .xml .txt). Repeatable.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Run only these rules (codes or prefixes, comma-separated).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="CODES",
    help="Skip these rules (codes or prefixes, comma-separated).",
)
@click.option(
    "--fail-on",
    type=FAIL_ON,
    help="Lowest severity that makes the exit status 1 [default: error].",
)
@click.option(
    "--stage",
    type=click.Choice(["design", "inception", "midterm", "final"]),
    help="Review stage, overriding each workbook's review_stage.",
)
@config_option(CONFIG_HELP)
@waivers_option(
    "Waivers file: accepted deviations, each with a reason and who approved it "
    '[default: waivers = "FILE" in the configuration].'
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Check this many workbooks at a time, in separate processes (same results as one).",
)
@click.option(
    "--redact",
    is_flag=True,
    help="Replace person names with their ids (Team person_id) in every report.",
)
@plugin_options
@friendly
def check(
    paths: tuple[Path, ...],
    fmt: str,
    outputs: tuple[Path, ...],
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    stage: str | None,
    config_path: Path | None,
    waivers_path: Path | None,
    jobs: int,
    redact: bool,
    plugin_options: tuple[str, ...],
    debug: bool,
) -> None:
    """Check workbooks (files, or folders searched for *.xlsx) and report the gaps.

    Exit status: 0 no finding at or above --fail-on; 1 some; 2 usage, configuration or
    unreadable input; 3 incomplete (a rule or plugin failed).
    """
    from clustercheck.config import split_codes
    from clustercheck.engine import check_files, expand
    from clustercheck.model import Stage
    from clustercheck.report.formats import is_builtin

    plugins = load_plugins(plugin_options)
    config = load_configuration(
        plugins,
        config_path,
        select=split_codes(select) or None,
        ignore=split_codes(ignore) or None,
        fail_on=fail_on,
        stage=Stage(stage) if stage else None,
        waivers=str(waivers_path) if waivers_path is not None else None,
    )
    stdout_reporter = plugins.reporters.get(fmt)
    if stdout_reporter is None or stdout_reporter.render is None:
        known = ", ".join(sorted(n for n, r in plugins.reporters.items() if r.render))
        raise ConfigError(f"--format {fmt!r} is not a text format that is loaded (known: {known})")
    by_extension = {e: r for r in plugins.reporters.values() for e in r.extensions}
    for output in outputs:
        if reporter_for(output, by_extension) is None:
            known = " ".join(sorted(by_extension))
            raise ConfigError(
                f"cannot tell the format of {output} from its extension (known: {known})"
            )
    files = list(expand(paths))
    if not files:
        raise ConfigError(f"no workbooks (*.xlsx) found in {', '.join(map(str, paths))}")

    waivers = None
    if config.waivers is not None:
        from clustercheck.waivers import load_waivers

        waivers = load_waivers(config.waivers, [r.code for r in plugins.rules])
    # The built-in reports read only each project's form and team; a plugin's report may read
    # any record, so the whole projects are kept only when one is asked for.
    reporters = [stdout_reporter, *(reporter_for(o, by_extension) for o in outputs)]
    whole = not all(r is not None and is_builtin(r) for r in reporters)
    with progress(len(files)) as advance:
        run = check_files(
            files,
            plugins,
            config,
            jobs=jobs,
            waivers=waivers,
            on_result=advance,
            whole_projects=whole,
        )
    if redact:
        from clustercheck.redact import redact as redact_run

        run = redact_run(run)

    if run.waivers is not None:
        for note in run.waivers.notes():
            say(f"clustercheck: warning: {note}")
    for project in run.projects:
        if project.error:
            say(f"clustercheck: error: {project.error}")
    click.echo(stdout_reporter.render(run), nl=False, color=_colour())
    if outputs:
        from clustercheck.output import atomic_path  # tempfile and its imports: only to write files
    for output in outputs:
        reporter = reporter_for(output, by_extension)
        assert reporter is not None  # every output was checked above
        with atomic_path(output, inputs=files) as tmp:
            reporter.write_file(run, tmp)
        say(f"clustercheck: wrote {reporter.name} report to {output}")
    sys.exit(run.exit_code)


def reporter_for(path: Path, by_extension: dict[str, Reporter]) -> Reporter | None:
    """The reporter whose extension ends ``path``, the longest one winning (.portfolio.xlsx)."""
    name = path.name.lower()
    matching = [e for e in by_extension if name.endswith(e.lower())]
    return by_extension[max(matching, key=len)] if matching else None


@contextlib.contextmanager
def progress(total: int) -> Iterator[Callable[[object], None]]:
    """A progress bar on standard error when it is a terminal and there are several workbooks."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda _: None
        return
    with click.progressbar(length=total, label="checking", file=sys.stderr, show_pos=True) as bar:
        yield lambda _: bar.update(1)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text: one line a rule; json: for scripts; markdown: the rules reference (docs/rules.md).",
)
@plugin_options
@friendly
def rules(fmt: str, plugin_options: tuple[str, ...], debug: bool) -> None:
    """List every rule of every loaded plugin: code, name, severity, title."""
    from clustercheck.reference import rules_json, rules_markdown, rules_text

    plugins = load_plugins(plugin_options)
    if fmt == "json":
        click.echo(rules_json(plugins.rules, plugins.owners), nl=False)
    elif fmt == "markdown":
        click.echo(rules_markdown(plugins.rules, plugins.owners), nl=False)
    else:
        click.echo(rules_text(plugins.rules), nl=False)


@main.command()
@click.argument("code")
@config_option("Configuration file whose values to show [default: the one found].")
@plugin_options
@friendly
def explain(
    code: str, config_path: Path | None, plugin_options: tuple[str, ...], debug: bool
) -> None:
    """Explain one rule: its principle and source, what counts as a gap, its parameters with their
    defaults and the values in force, and how to fix it."""
    import difflib

    from clustercheck.reference import explain_text

    plugins = load_plugins(plugin_options)
    rule = plugins.rule(code)
    if rule is None:
        codes = [r.code for r in plugins.rules] + [r.name for r in plugins.rules]
        close = difflib.get_close_matches(code.upper(), codes, n=1) or difflib.get_close_matches(
            code, codes, n=1
        )
        hint = f"; did you mean {close[0]}?" if close else " (`clustercheck rules` lists them)"
        by_name = next((r for r in plugins.rules if r.name == code.lower()), None)
        if by_name is None:
            raise ConfigError(f"there is no rule {code!r}{hint}")
        rule = by_name
    config = load_configuration(plugins, config_path)
    click.echo(explain_text(rule, config, plugins.owners.get(rule.code)), nl=False)


@main.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--example",
    is_flag=True,
    help="Fill it with a realistic two-cluster project that passes every rule.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@plugin_options
@friendly
def template(
    file: Path, example: bool, force: bool, plugin_options: tuple[str, ...], debug: bool
) -> None:
    """Write a blank project-setup workbook (with every loaded plugin's sheets and columns)."""
    from clustercheck.workbook.example import example_rows
    from clustercheck.workbook.template import write_workbook

    if file.suffix.lower() != ".xlsx":
        raise ConfigError("a template must be an .xlsx file", file=str(file))
    if file.exists() and not force:
        raise ConfigError("exists already; use --force to overwrite it", file=str(file))
    plugins = load_plugins(plugin_options)
    write_workbook(file, plugins.schema, example_rows() if example else None)
    say(f"clustercheck: wrote {'an example' if example else 'a blank'} workbook to {file}")


@main.command("plugins")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@plugin_options
@friendly
def plugins_command(fmt: str, plugin_options: tuple[str, ...], debug: bool) -> None:
    """List loaded plugins: name, version, hooks implemented, rule codes, and load failures."""
    import json

    plugins = load_plugins(plugin_options, warn=False)
    infos = [i for i in plugins.infos if not i.builtin]
    if fmt == "json":
        click.echo(json.dumps([i.to_dict() for i in infos], indent=2))
        return
    for info in infos:
        origin = f" ({info.distribution})" if info.distribution else ""
        click.echo(f"{info.name} {info.version or '?'}{origin}")
        if info.error:
            click.echo(f"  FAILED: {info.error}")
            continue
        click.echo(f"  hooks: {', '.join(info.hooks) or '-'}")
        click.echo(f"  rules: {', '.join(info.rules) or '-'}")
    if not infos:
        click.echo("no plugins loaded")


@main.command("new-plugin")
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Folder to create the package in; it is written to DIR/clustercheck-NAME.",
)
@click.option(
    "--family",
    metavar="LETTERS",
    help="Capital letters of the plugin's rule codes [default: from NAME, e.g. WU for water-use].",
)
@click.option("--debug", is_flag=True, help="Show the full traceback of an error.")
@friendly
def new_plugin(name: str, directory: Path, family: str | None, debug: bool) -> None:
    """Write a ready plugin package named NAME (kebab-case): pyproject with the entry point and the
    clustercheck requirement, one rule with its metadata, tests using clustercheck.testing, README
    and tox.ini. Install it with `pip install -e DIR/clustercheck-NAME` and run its tests."""
    from clustercheck.newplugin import write_plugin

    target = write_plugin(name, directory, family)
    say(f"clustercheck: wrote the plugin package {target}")
    say(f"  next: pip install -e '{target}[test]' && pytest {target}")


@main.command()
@click.argument("old", type=click.Path(path_type=Path, exists=True))
@click.argument("new", type=click.Path(path_type=Path, exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "html"]),
    default="text",
    show_default=True,
    help="Output format; json is schema clustercheck-diff/1.",
)
@click.option(
    "--fail-on",
    type=FAIL_ON,
    help="Exit 1 when NEW has a new finding of this severity or above [default: error].",
)
@config_option(CONFIG_HELP)
@waivers_option("Waivers file; waived new findings do not fail the diff.")
@click.option("--redact", is_flag=True, help="Replace person names with their ids.")
@plugin_options
@friendly
def diff(
    old: Path,
    new: Path,
    fmt: str,
    fail_on: str | None,
    config_path: Path | None,
    waivers_path: Path | None,
    redact: bool,
    plugin_options: tuple[str, ...],
    debug: bool,
) -> None:
    """Compare two revisions of a proposal: the findings fixed, new and remaining.

    OLD and NEW are workbooks, or folders whose workbooks are matched by project id. Findings are
    matched by rule, cluster and the record they point at, not by row number. Exit status: 0 no new
    finding at or above --fail-on; 1 some; 2 usage, configuration or unreadable input; 3 a rule failed.
    """
    from clustercheck.engine import check_files, expand
    from clustercheck.report.diff import RENDERERS
    from clustercheck.revisions import diff_runs

    plugins = load_plugins(plugin_options)
    config = load_configuration(
        plugins,
        config_path,
        fail_on=fail_on,
        waivers=str(waivers_path) if waivers_path is not None else None,
    )
    waivers = None
    if config.waivers is not None:
        from clustercheck.waivers import load_waivers

        waivers = load_waivers(config.waivers, [r.code for r in plugins.rules])
    runs = []
    for side in (old, new):
        files = list(expand([side]))
        if not files:
            raise ConfigError("no workbooks (*.xlsx) found", file=str(side))
        run = check_files(files, plugins, config, waivers=waivers)
        if redact:
            from clustercheck.redact import redact as redact_run

            run = redact_run(run)
        runs.append(run)
    result = diff_runs(runs[0], runs[1], plugins.schema)
    for unreadable in result.unreadable:
        say(f"clustercheck: error: {unreadable.error}")
    click.echo(RENDERERS[fmt](result), nl=False)
    sys.exit(result.exit_code)
