"""The command line: click commands that parse options, call the library API and present results.

Every decision about a check (plugins, configuration, waivers, which report a file gets) is taken by
:mod:`clustercheck.api`; this module only translates. It alone turns errors into exit statuses (see
interfaces.md): 0 clean, 1 findings at or above ``--fail-on``, 2 usage/configuration/unreadable input,
3 incomplete. The library is imported inside the commands, so ``--help`` stays instant.
"""

from __future__ import annotations

import atexit
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from clustercheck.cli.options import (
    Choice,
    check_options,
    config_option,
    plugin_options,
    run_options,
)
from clustercheck.cli.terminal import colour, friendly, progress, say
from clustercheck.version import __version__

if TYPE_CHECKING:
    from clustercheck.plugins import Plugins


def load_plugins(options: tuple[str, ...], *, warn: bool = True) -> Plugins:
    from clustercheck.api import load_plugins as load

    plugins = load(options)
    if warn:
        for failure in plugins.failures:
            origin = f" (from {failure.distribution})" if failure.distribution else ""
            say(
                f"clustercheck: warning: plugin {failure.name!r}{origin} failed to load: {failure.error}"
            )
    return plugins


def _version(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from clustercheck.api import load_plugins
    from clustercheck.report.reference import versions_text

    click.echo(versions_text(__version__, load_plugins().infos), nl=False)
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
    # only free memory that the exit frees anyway (docs/performance.md). atexit handlers,
    # flushing and closing still happen as usual.
    atexit.unregister(gc.freeze)  # once, however many commands run in this process (tests)
    atexit.register(gc.freeze)


@main.command()
@check_options
@friendly
def check(
    paths: tuple[Path, ...],
    fmt: str,
    outputs: tuple[Path, ...],
    plugin_options: tuple[str, ...],
    debug: bool,
    **given: Any,
) -> None:
    """Check workbooks (files, or folders searched for *.xlsx) and report the gaps.

    Exit status: 0 no finding at or above --fail-on; 1 some; 2 usage, configuration or
    unreadable input; 3 incomplete (a rule or plugin failed).
    """
    from clustercheck.api import Checker, Options

    options = Options(plugins=plugin_options, **given)
    checker = Checker.load(options, plugins=load_plugins(plugin_options))
    for note in checker.notes:
        say(f"clustercheck: warning: {note}")
    stdout_reporter = checker.reporter(fmt)
    reporters = [stdout_reporter, *(checker.reporter_for(o) for o in outputs)]
    files = checker.files(paths)
    with progress(len(files)) as advance:
        run = checker.check(files, reporters=reporters, on_result=advance)
    if run.waivers is not None:
        for note in run.waivers.notes():
            say(f"clustercheck: warning: {note}")
    for project in run.projects:
        if project.error:
            say(f"clustercheck: error: {project.error}")
    click.echo(stdout_reporter.render_text(run), nl=False, color=colour())
    for output in outputs:
        reporter = checker.write(run, output, inputs=files)
        say(f"clustercheck: wrote {reporter.name} report to {output}")
    sys.exit(run.exit_code)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text: one line a rule; json: for scripts; markdown: the rules reference (docs/rules.md).",
)
@plugin_options
@friendly
def rules(fmt: str, plugin_options: tuple[str, ...], debug: bool) -> None:
    """List every rule of every loaded plugin: code, name, severity, title."""
    from clustercheck.report.reference import rules_json, rules_markdown, rules_text

    plugins = load_plugins(plugin_options)
    if fmt == "json":
        click.echo(rules_json(plugins.rules, plugins.owners), nl=False)
    elif fmt == "markdown":
        click.echo(rules_markdown(plugins.rules, plugins.owners), nl=False)
    else:
        click.echo(rules_text(plugins.rules), nl=False)


@main.command()
@click.argument("code")
@config_option
@plugin_options
@friendly
def explain(code: str, config: Path | None, plugin_options: tuple[str, ...], debug: bool) -> None:
    """Explain one rule: its principle and source, what counts as a gap, its parameters with their
    defaults and the values in force, and how to fix it."""
    from clustercheck.api import find_rule, load_config
    from clustercheck.report.reference import explain_text

    plugins = load_plugins(plugin_options)
    rule = find_rule(plugins, code)
    click.echo(
        explain_text(rule, load_config(plugins, config), plugins.owners.get(rule.code)), nl=False
    )


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
    from clustercheck.api import write_template

    write_template(file, load_plugins(plugin_options), example=example, force=force)
    say(f"clustercheck: wrote {'an example' if example else 'a blank'} workbook to {file}")


@main.command("plugins")
@click.option(
    "--format",
    "fmt",
    type=Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@plugin_options
@friendly
def plugins_command(fmt: str, plugin_options: tuple[str, ...], debug: bool) -> None:
    """List loaded plugins: name, version, hooks implemented, rule codes, and load failures."""
    from clustercheck.report.reference import plugins_json, plugins_text

    infos = load_plugins(plugin_options, warn=False).infos
    click.echo((plugins_json if fmt == "json" else plugins_text)(infos), nl=False)


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
    type=Choice(["text", "json", "markdown", "html"]),
    default="text",
    show_default=True,
    help="Output format; json is schema clustercheck-diff/1.",
)
@run_options
@friendly
def diff(
    old: Path,
    new: Path,
    fmt: str,
    plugin_options: tuple[str, ...],
    debug: bool,
    **given: Any,
) -> None:
    """Compare two revisions of a proposal: the findings fixed, new and remaining.

    OLD and NEW are workbooks, or folders whose workbooks are matched by project id. Findings are
    matched by rule, cluster and the record they point at, not by row number. Exit status: 0 no new
    finding at or above --fail-on; 1 some; 2 usage, configuration or unreadable input; 3 a rule failed.
    """
    from clustercheck.api import Checker, Options
    from clustercheck.report.diff import RENDERERS

    options = Options(plugins=plugin_options, **given)
    checker = Checker.load(options, plugins=load_plugins(plugin_options))
    for note in checker.notes:
        say(f"clustercheck: warning: {note}")
    result = checker.diff(old, new)
    for unreadable in result.unreadable:
        say(f"clustercheck: error: {unreadable.error}")
    click.echo(RENDERERS[fmt](result), nl=False)
    sys.exit(result.exit_code)
