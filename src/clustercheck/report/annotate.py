"""The annotated workbook (``.xlsx``): a copy of the checked workbook with its gaps marked.

Every finding's cell gets a fill by severity and a comment with the message (appended to a comment
already there; a cell inside a merged range is marked at the range's anchor). A first sheet,
``Findings``, lists every finding with a link to its cell, under a frozen, filterable header;
findings that point at no cell are listed there only.

The input is opened with openpyxl in its normal (not read-only) mode, which keeps formulas, styles,
merged cells, data validation and comments; ``keep_links`` (its default) keeps links to other
workbooks, and VBA is not kept (the copy is an ``.xlsx``, which cannot hold macros). Every text this
module writes goes through :func:`clustercheck.workbook.template.set_text`, so text from the input
(``=HYPERLINK("http://x","y")``) stays inert text. The input itself is never written: the copy goes
to another path, and a workbook that changed since it was checked is refused.

One report file annotates one workbook. A run over several workbooks is refused with a
:class:`~clustercheck.errors.ConfigError` saying so, rather than guessing names for several copies
(the ``-o`` path is a single file the CLI writes atomically); :func:`annotate` makes the copy of any
one project, for callers that want one per workbook.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from clustercheck.engine import ProjectResult, Run, sha256_of
from clustercheck.errors import ConfigError
from clustercheck.findings import Finding
from clustercheck.output import same_file
from clustercheck.report.html import clean

SHEET = "Findings"
AUTHOR = "clustercheck"
#: Cell fills (ARGB) by level: the light tints Excel's own conditional formats use.
FILLS = {
    "error": "FFFFC7CE",
    "warning": "FFFFEB9C",
    "info": "FFDDEBF7",
    "unknown": "FFE4DFEC",
    "waived": "FFE7E6E6",
}
RANK = {"waived": 0, "info": 1, "unknown": 2, "warning": 3, "error": 4}
HEADER = (
    "Rule",
    "Name",
    "Severity",
    "Status",
    "Cluster",
    "Sheet",
    "Cell",
    "Message",
    "Value",
    "Waiver",
)
WIDTHS = (9, 26, 10, 10, 9, 15, 9, 80, 24, 40)


def _level(finding: Finding) -> str:
    return "waived" if finding.waiver is not None else finding.level


def _status(finding: Finding) -> str:
    if finding.waiver is not None:
        return "waived"
    return "unknown" if finding.unknown else "gap"


def _note(finding: Finding) -> str:
    lines = [f"clustercheck {finding.rule} ({finding.level}): {finding.message}"]
    if finding.waiver is not None:
        lines.append(f"Waived: {finding.waiver.reason} (approved by {finding.waiver.approved_by})")
    return clean("\n".join(lines))


def _anchor(ws: Any, coordinate: str) -> str:
    """The cell that holds a merged range's value and comment: its top-left one."""
    for merged in ws.merged_cells.ranges:
        if coordinate in merged:
            return str(merged.start_cell.coordinate)
    return coordinate


def _target(book: Any, finding: Finding) -> tuple[Any, str] | None:
    """The sheet and cell a finding marks, or None when it names no cell of this workbook."""
    where = finding.location
    if where is None or not where.cell or where.sheet not in book.sheetnames:
        return None
    ws = book[where.sheet]
    try:
        return ws, _anchor(ws, where.cell)
    except ValueError:  # not a cell reference openpyxl understands
        return None


def _mark(book: Any, findings: Iterable[Finding]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    worst: dict[tuple[str, str], str] = {}
    notes: dict[tuple[str, str], list[str]] = {}
    for finding in findings:
        target = _target(book, finding)
        if target is None:
            continue
        ws, coordinate = target
        key = (ws.title, coordinate)
        shown = _level(finding)
        if key not in worst or RANK[shown] > RANK[worst[key]]:
            worst[key] = shown
        notes.setdefault(key, []).append(_note(finding))
    for (title, coordinate), shown in worst.items():
        cell = book[title][coordinate]
        cell.fill = PatternFill(fill_type="solid", start_color=FILLS[shown], end_color=FILLS[shown])
        ours = "\n\n".join(notes[(title, coordinate)])
        old = cell.comment
        text = f"{old.text}\n\n{ours}" if old is not None and old.text else ours
        author = old.author if old is not None and old.author else AUTHOR
        cell.comment = Comment(clean(text)[:32_000], author, height=160, width=320)


def _findings_sheet(book: Any, result: ProjectResult) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.hyperlink import Hyperlink

    from clustercheck.workbook.template import set_text

    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    ws = book.create_sheet(SHEET, 0)
    for column, (name, width) in enumerate(zip(HEADER, WIDTHS, strict=True), start=1):
        cell = ws.cell(row=1, column=column)
        set_text(cell, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill(fill_type="solid", start_color="FFDDE6F0", end_color="FFDDE6F0")
        ws.column_dimensions[get_column_letter(column)].width = width
    for row, finding in enumerate(result.findings, start=2):
        where = finding.location
        target = _target(book, finding)
        waiver = finding.waiver
        values = (
            finding.rule,
            finding.name,
            finding.level,
            _status(finding),
            finding.cluster,
            where.sheet if where else None,
            target[1] if target else (where.cell if where else None),
            finding.message,
            where.value if where else None,
            f"{waiver.reason} (approved by {waiver.approved_by})" if waiver else None,
        )
        for column, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column)
            cell.alignment = wrap if HEADER[column - 1] in ("Message", "Waiver") else top
            if value is not None and value != "":
                set_text(cell, value)
        shown = _level(finding)
        ws.cell(row=row, column=3).fill = PatternFill(
            fill_type="solid", start_color=FILLS[shown], end_color=FILLS[shown]
        )
        if target is not None:
            link_cell = ws.cell(row=row, column=7)
            link_cell.hyperlink = Hyperlink(
                ref=link_cell.coordinate, location=f"{quote_sheetname(target[0].title)}!{target[1]}"
            )
            link_cell.style = "Hyperlink"
    last = get_column_letter(len(HEADER))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(result.findings)) + 1}"
    ws.freeze_panes = "A2"
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = False  # else Excel opens with sheets grouped
    ws.sheet_view.tabSelected = True
    book.active = 0


def annotate(result: ProjectResult, target: Path, *, redacted: bool = False) -> None:
    """Write the annotated copy of the workbook of ``result`` to ``target`` (never over the input).

    ``redacted``: the run's person names were replaced by ids, so the copy's Team names are too.
    """
    import openpyxl

    source = Path(result.file)
    if same_file(source, target):
        raise ConfigError("refusing to write the annotated copy over its input", file=str(target))
    if result.sha256 is not None and sha256_of(source) != result.sha256:
        raise ConfigError(
            "changed since it was checked; check it again before annotating it", file=str(source)
        )
    with warnings.catch_warnings():
        # openpyxl warns about parts it does not keep (data validation extensions, ...).
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(source, rich_text=True)
    if SHEET in book.sheetnames:
        book[SHEET].title = f"{SHEET} (input)"  # keep the user's sheet, make room for ours
    if redacted:
        _redact_team(book, result)
    _mark(book, result.findings)
    _findings_sheet(book, result)
    book.save(target)


def _redact_team(book: Any, result: ProjectResult) -> None:
    """Write each team member's (already redacted) name over the name typed in the copy."""
    from clustercheck.workbook.template import set_text

    if result.project is None:
        return
    for person in result.project.team:
        cell = person.source.cell("name")
        if person.name is None or cell is None or person.source.sheet not in book.sheetnames:
            continue
        set_text(book[person.source.sheet][cell], person.name)


def write(run: Run, path: Path) -> None:
    """The reporter's writer: annotate the one readable workbook of ``run`` to ``path``."""
    readable = [p for p in run.projects if p.error is None]
    if len(readable) != 1:
        files = ", ".join(p.file for p in run.projects)
        why = "none could be read" if not readable else f"{len(readable)} were checked"
        raise ConfigError(
            f"an annotated workbook is a copy of one workbook, and {why} ({files}); "
            "check the workbooks one at a time to annotate each"
        )
    annotate(readable[0], path, redacted=run.redacted)
