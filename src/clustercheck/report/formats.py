"""The built-in report formats, declared without importing the modules that make them, and the
choice of a format by a file's extension.

Each built-in format becomes a plugin of its own, named after its module (``clustercheck.report.html``),
registered before any other through the same ``clustercheck_reporters`` hook
(``clustercheck.plugins`` does that). Its module (and what that imports: Jinja2, ElementTree,
openpyxl's styles, ...) is imported the first time a report in that format is made, so a run pays
only for the formats it uses.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from clustercheck.report import Reporter

if TYPE_CHECKING:
    from clustercheck.engine import Run


class BuiltinFormat:
    """One built-in format: its Reporter, made by ``render`` or ``write`` of ``module``."""

    def __init__(
        self,
        module: str,
        *,
        name: str,
        description: str,
        extensions: tuple[str, ...],
        binary: bool = False,
    ) -> None:
        self.module = module
        self.reporter = Reporter(
            name=name,
            description=description,
            extensions=extensions,
            render=None if binary else self._render,
            write=self._write if binary else None,
        )

    def __repr__(self) -> str:
        return f"<BuiltinFormat {self.reporter.name} from {self.module}>"

    def _render(self, run: Run) -> str:
        render: Callable[[Run], str] = importlib.import_module(self.module).render
        return render(run)

    def _write(self, run: Run, path: Path) -> None:
        write: Callable[[Run, Path], None] = importlib.import_module(self.module).write
        write(run, path)


#: Every built-in format, by the name of its plugin (its module), in registration order.
BUILTIN_FORMATS: dict[str, BuiltinFormat] = {
    f.module: f
    for f in (
        BuiltinFormat(
            "clustercheck.report.text",
            name="text",
            description="Findings grouped by rule family, for the terminal",
            extensions=(".txt",),
        ),
        BuiltinFormat(
            "clustercheck.report.json",
            name="json",
            description="Machine-readable report, schema clustercheck-report/1",
            extensions=(".json",),
        ),
        BuiltinFormat(
            "clustercheck.report.html",
            name="html",
            description="A self-contained HTML page to attach to an evaluation",
            extensions=(".html", ".htm"),
        ),
        BuiltinFormat(
            "clustercheck.report.markdown",
            name="markdown",
            description="A summary and findings table to paste into an evaluation report",
            extensions=(".md", ".markdown"),
        ),
        BuiltinFormat(
            "clustercheck.report.sarif",
            name="sarif",
            description="SARIF 2.1.0, for code-scanning dashboards",
            extensions=(".sarif",),
        ),
        BuiltinFormat(
            "clustercheck.report.junit",
            name="junit",
            description="JUnit XML: one test case per rule per project, for CI dashboards",
            extensions=(".xml",),
        ),
        BuiltinFormat(
            "clustercheck.report.annotate",
            name="xlsx",
            description="A copy of the workbook with every finding marked at its cell",
            extensions=(".xlsx",),
            binary=True,
        ),
        BuiltinFormat(
            "clustercheck.report.portfolio",
            name="portfolio",
            description="One row per project, a column per rule family: an Excel sheet to sort and filter",
            extensions=(".portfolio.xlsx",),
            binary=True,
        ),
    )
}


def is_builtin(reporter: Reporter) -> bool:
    """Whether ``reporter`` is one of clustercheck's own formats, not a plugin's."""
    return any(reporter is f.reporter for f in BUILTIN_FORMATS.values())


def reporter_for(path: Path, reporters: Mapping[str, Reporter]) -> Reporter | None:
    """The reporter whose extension ends ``path``, the longest one winning (.portfolio.xlsx)."""
    name = path.name.lower()
    matching = [
        (e, r) for r in reporters.values() for e in r.extensions if name.endswith(e.lower())
    ]
    return max(matching, key=lambda m: len(m[0]))[1] if matching else None
