"""The command line's options, shared by the commands that take them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from clustercheck.errors import did_you_mean

F = TypeVar("F", bound=Callable[..., Any])


class Choice(click.Choice):  # type: ignore[type-arg]  # generic in click 8.2, not 8.1
    """One of ``choices``, ignoring case (as workbook values do), with a did-you-mean when not."""

    def __init__(self, choices: Sequence[str]) -> None:
        super().__init__(choices, case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as exc:
            hint = did_you_mean(str(value), [str(c) for c in self.choices])
            if not hint:
                raise
            self.fail(exc.message.rstrip(".") + hint, param, ctx)


def options(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Several click options as one decorator, applied in the order given."""

    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


FILE = click.Path(path_type=Path, dir_okay=False)
plugin_options = options(
    click.option(
        "-p",
        "plugin_options",
        multiple=True,
        metavar="NAME",
        help="Load a plugin module (-p mypackage.rules), or disable one (-p no:NAME). Repeatable.",
    ),
    click.option("--debug", is_flag=True, help="Show the full traceback of an error."),
)
config_option = click.option(
    "--config",
    type=FILE,
    help="Configuration file [default: clustercheck.toml or pyproject.toml, here or above].",
)
run_options = options(
    click.option(
        "--fail-on",
        type=Choice(["error", "warning", "info", "never"]),
        help="Lowest severity of a (new, for diff) finding that makes the exit status 1 "
        "[default: error].",
    ),
    config_option,
    click.option(
        "--waivers",
        type=FILE,
        help="Waivers file: accepted deviations, each with a reason and who approved it "
        '[default: waivers = "FILE" in the configuration].',
    ),
    click.option("--redact", is_flag=True, help="Replace person names with their ids in reports."),
    plugin_options,
)

check_options = options(
    click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path)),
    click.option(
        "--format",
        "fmt",
        default="text",
        show_default=True,
        metavar="FORMAT",
        help="Format of the report on standard output: text, json, or another loaded format.",
    ),
    click.option(
        "-o",
        "--output",
        "outputs",
        multiple=True,
        type=click.Path(path_type=Path, dir_okay=False),
        help="Also write a report to FILE, its format taken from the extension "
        "(.json .html .xlsx .md .sarif .xml .txt). Repeatable.",
    ),
    click.option(
        "--select",
        multiple=True,
        metavar="CODES",
        help="Run only these rules (codes or prefixes, comma-separated).",
    ),
    click.option(
        "--ignore",
        multiple=True,
        metavar="CODES",
        help="Skip these rules (codes or prefixes, comma-separated).",
    ),
    click.option(
        "--stage",
        type=Choice(["design", "inception", "midterm", "final"]),
        help="Review stage, overriding each workbook's review_stage.",
    ),
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Check this many workbooks at a time, in separate processes (same results as one).",
    ),
    run_options,
)
