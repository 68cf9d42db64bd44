"""Writing workbooks of the format: the blank template, and the same filled with rows of data.

Everything is derived from the :class:`~clustercheck.workbook.schema.Schema`, so sheets and columns
that plugins add get headers, notes, drop-down lists and date validation like the built-in ones.
:func:`set_text` is the one way to put text that came from a user into a cell without Excel
reading it as a formula; other writers of workbooks (the annotated copy) use it too.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from clustercheck.output import atomic_path
from clustercheck.workbook import instructions
from clustercheck.workbook.schema import Column, Schema, Sheet

#: Rows of data by sheet name: each a mapping of column name to value (the form: one mapping).
Rows = Mapping[str, Sequence[Mapping[str, object]]]

LISTS_SHEET = "Lists"
INSTRUCTIONS_SHEET = "Instructions"
DATE_FORMAT = "yyyy-mm-dd"
#: Data validations cover this many rows below the header: generous, yet a fixed, small file.
VALIDATED_ROWS = 1000
#: Excel's limits: a cell holds at most 32,767 characters; a validation message at most 255.
MAX_CELL_TEXT = 32_767
MAX_MESSAGE = 255

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill(fill_type="solid", start_color="FFDDE6F0", end_color="FFDDE6F0")
_REQUIRED_FONT = Font(bold=True, color="FF9C0006")
_BOOLEAN_LIST = ("yes", "no")


def set_text(cell: Cell, value: object) -> None:
    """Store ``value`` in ``cell`` as inert text, never as a formula.

    openpyxl reads a string starting with ``=`` as a formula; text that came from an input workbook
    (``=cmd|...``, ``+1``, ``@SUM``) must stay text so that opening the written file runs nothing.
    Characters XML cannot hold are dropped and the text is cut to Excel's cell limit.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_TEXT]
    cell.value = text
    cell.data_type = "s"


def write_value(cell: Cell, value: object) -> None:
    """Write one data value: lists joined with ``; ``, dates as date cells, booleans as yes/no."""
    if value is None:
        return
    if isinstance(value, bool):
        set_text(cell, "yes" if value else "no")
    elif isinstance(value, enum.Enum):
        set_text(cell, value.value)
    elif isinstance(value, (tuple, list)):
        set_text(cell, "; ".join(str(v.value if isinstance(v, enum.Enum) else v) for v in value))
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (int, float)):
        cell.value = value
    else:
        set_text(cell, value)


def write_workbook(path: str | os.PathLike[str], schema: Schema, rows: Rows | None = None) -> None:
    """Write the template of ``schema`` to ``path`` atomically, filled with ``rows`` if given."""
    workbook = build_workbook(schema, rows)
    with atomic_path(path) as tmp:
        workbook.save(tmp)


def build_workbook(schema: Schema, rows: Rows | None = None) -> Workbook:
    """The template of ``schema`` as an in-memory workbook, filled with ``rows`` if given.

    Raises ValueError for a sheet or column in ``rows`` that the schema does not know, so that a
    typo in example data is not silently dropped.
    """
    data = _match_rows(schema, rows or {})
    workbook = Workbook()
    _write_instructions(workbook.active, schema)
    lists = _Lists()
    for sheet in schema.sheets:
        ws = workbook.create_sheet(sheet.name)
        if sheet.form:
            _write_form(ws, sheet, data.get(sheet.key, ()), schema, lists)
        else:
            _write_table(ws, sheet, data.get(sheet.key, ()), schema, lists)
    lists.write(workbook.create_sheet(LISTS_SHEET))
    return workbook


def column_note(column: Column, schema: Schema) -> str:
    """The note shown on a header: description, type, vocabulary, and whether it is required."""
    title = f"{column.name} *" if column.required else column.name
    lines = [title, column.description]
    lines.append("Required: a value must be given." if column.required else "Optional.")
    lines.append("Type: " + _describe_kind(column, schema))
    return "\n".join(line for line in lines if line)


def _describe_kind(column: Column, schema: Schema) -> str:
    target = schema.sheet(column.ref) if column.ref else None
    target_id = target.id_column if target else None
    ref = f"{target_id.name if target_id else 'an id'} from the {column.ref} sheet"
    minimum = "" if column.minimum is None else f" ≥ {column.minimum:g}"
    return {
        "id": "id, a short text unique within this sheet",
        "text": "text",
        "date": "a date: YYYY-MM-DD or an Excel date",
        "number": f"a number{minimum}",
        "integer": f"a whole number{minimum}",
        "share": "a share from 0 to 1 (50% = 0.5)",
        "boolean": "yes or no",
        "choice": "one of " + ", ".join(column.choices),
        "choices": "a list, separated by ';', of " + ", ".join(column.choices),
        "ref": f"a {ref}",
        "refs": f"a list, separated by ';', of {ref}",
    }[column.kind]


class _Lists:
    """The hidden sheet of vocabularies: one column per distinct list, shared by every column using it."""

    def __init__(self) -> None:
        self._columns: dict[tuple[str, ...], tuple[str, str]] = {}  # values -> (title, range)

    def range_of(self, title: str, values: tuple[str, ...]) -> str:
        """The absolute range holding ``values`` (added under ``title`` on first use)."""
        if values not in self._columns:
            letter = get_column_letter(len(self._columns) + 1)
            ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
            self._columns[values] = (title, ref)
        return self._columns[values][1]

    def write(self, ws: Worksheet) -> None:
        for index, (values, (title, _)) in enumerate(self._columns.items(), start=1):
            ws.cell(row=1, column=index, value=title).font = _HEADER_FONT
            for row, value in enumerate(values, start=2):
                set_text(ws.cell(row=row, column=index), value)
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(len(title), *(len(v) for v in values)) + 2
        # Hidden, not "veryHidden": a curious user may unhide it; the lists are no secret.
        ws.sheet_state = "hidden"


def _validation(column: Column, sheet: Sheet, lists: _Lists) -> DataValidation | None:
    """The data validation of one column, or None for columns without one."""
    title = f"{sheet.name}.{column.name}"
    if column.kind in ("choice", "choices"):
        source = lists.range_of(title, column.choices)
        allowed = ", ".join(column.choices)
        if column.kind == "choices":
            # Several values go in one cell ("a; b"), which a list validation would refuse.
            return DataValidation(
                type="list",
                formula1=source,
                allow_blank=True,
                showErrorMessage=False,
                showInputMessage=True,
                promptTitle=column.name[:32],
                prompt=_cut(f"One or more of: {allowed}. Separate them with ';'."),
            )
        # A warning, not a stop: 'Cluster Commission' is accepted by the loader, so let it through.
        return DataValidation(
            type="list",
            formula1=source,
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Not in the list",
            error=_cut(f"Allowed: {allowed}."),
        )
    if column.kind == "boolean":
        source = lists.range_of("yes/no", _BOOLEAN_LIST)
        return DataValidation(
            type="list", formula1=source, allow_blank=True, showErrorMessage=False
        )
    if column.kind == "date":
        # DATE() rather than serial numbers keeps the bounds right in the 1904 date system too.
        return DataValidation(
            type="date",
            operator="between",
            formula1="DATE(1980,1,1)",
            formula2="DATE(2100,12,31)",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle="Not a date",
            error="Enter a date: YYYY-MM-DD or an Excel date.",
            showInputMessage=True,
            promptTitle="Date",
            prompt="YYYY-MM-DD or an Excel date",
        )
    return None


def _cut(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"


def _header(cell: Cell, column: Column, schema: Schema, *, fill: bool = True) -> None:
    set_text(cell, column.name)
    cell.font = _REQUIRED_FONT if column.required else _HEADER_FONT
    if fill:
        cell.fill = _HEADER_FILL
    note = column_note(column, schema)
    lines = note.count("\n") + 1 + len(note) // 45
    cell.comment = Comment(note, "clustercheck", height=max(80, 18 * lines), width=320)


def _write_table(
    ws: Worksheet, sheet: Sheet, rows: Sequence[Mapping[str, object]], schema: Schema, lists: _Lists
) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        _header(ws.cell(row=1, column=index), column, schema)
        for row, record in enumerate(rows, start=2):
            write_value(ws.cell(row=row, column=index), record.get(column.name))
        validation = _validation(column, sheet, lists)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
            ws.add_data_validation(validation)
        dimension = ws.column_dimensions[letter]
        # A column-wide format, so that cells typed later in Excel get it too.
        if column.kind == "date":
            dimension.number_format = DATE_FORMAT
        dimension.width = _width([column.name, *(record.get(column.name) for record in rows)])
    ws.freeze_panes = "A2"


def _write_form(
    ws: Worksheet, sheet: Sheet, rows: Sequence[Mapping[str, object]], schema: Schema, lists: _Lists
) -> None:
    if len(rows) > 1:
        raise ValueError(
            f"sheet {sheet.name!r} is a form: give one mapping of values, not {len(rows)}"
        )
    values = rows[0] if rows else {}
    for index, text in enumerate(("Field", "Value"), start=1):
        cell = ws.cell(row=1, column=index, value=text)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
    for row, column in enumerate(sheet.columns, start=2):
        _header(ws.cell(row=row, column=1), column, schema, fill=False)
        cell = ws.cell(row=row, column=2)
        write_value(cell, values.get(column.name))
        cell.alignment = Alignment(horizontal="left", wrap_text=True)
        validation = _validation(column, sheet, lists)
        if validation is not None:
            validation.add(f"B{row}")
            ws.add_data_validation(validation)
        if column.kind == "date":
            cell.number_format = DATE_FORMAT
    ws.column_dimensions["A"].width = _width([c.name for c in sheet.columns])
    ws.column_dimensions["B"].width = max(40, _width(values.values()))
    ws.freeze_panes = "A2"


def _write_instructions(ws: Worksheet, schema: Schema) -> None:
    ws.title = INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 100
    ws["A1"] = instructions.TITLE
    ws["A1"].font = Font(bold=True, size=14)
    row = 3
    for heading, text in instructions.CONVENTIONS:
        ws.cell(row=row, column=1, value=heading).font = _HEADER_FONT
        ws.cell(row=row, column=2, value=text).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=row, column=1).alignment = Alignment(vertical="top")
        row += 1
    row += 1
    ws.cell(row=row, column=1, value="Sheets").font = Font(bold=True, size=12)
    for name, text in instructions.sheet_overview(schema):
        row += 1
        ws.cell(row=row, column=1, value=name).font = _HEADER_FONT
        ws.cell(row=row, column=2, value=text).alignment = Alignment(wrap_text=True)


def _width(values: Iterable[object]) -> int:
    longest = max((len(_shown(v)) for v in values if v is not None), default=0)
    return min(max(longest + 3, 12), 60)


def _shown(value: object) -> str:
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return "yyyy-mm-dd"
    return str(value)


def _match_rows(schema: Schema, rows: Rows) -> dict[str, Sequence[Mapping[str, Any]]]:
    """``rows`` keyed by normalised sheet name, checked against the schema."""
    matched: dict[str, Sequence[Mapping[str, Any]]] = {}
    for name, records in rows.items():
        sheet = schema.sheet(name)
        if sheet is None:
            raise ValueError(f"no sheet {name!r} in the workbook format")
        known = {c.name for c in sheet.columns}
        for record in records:
            unknown = sorted(set(record) - known)
            if unknown:
                raise ValueError(f"sheet {sheet.name!r} has no column(s) {', '.join(unknown)}")
        matched[sheet.key] = records
    return matched
