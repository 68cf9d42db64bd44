"""Reading a project-setup workbook into the model, with every input problem as a WB finding.

:mod:`~clustercheck.workbook.package` opens the file and :mod:`~clustercheck.workbook.cells` streams
each sheet's values once. Cells holding formulas are resolved to their cached values in a second
pass over the sheets that have any (a formula that was never calculated is an input error at its
cell). Problems never stop the read: a bad field is loaded as blank (unknown), and every problem is
reported, all in one run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs

from clustercheck import model as m
from clustercheck.errors import WorkbookError
from clustercheck.findings import Finding, Location
from clustercheck.workbook import cells
from clustercheck.workbook.integrity import Integrity
from clustercheck.workbook.package import Package, SheetPart
from clustercheck.workbook.problems import problem
from clustercheck.workbook.schema import (
    RECORD_TYPES,
    Column,
    Schema,
    Sheet,
    build_schema,
    normalise,
)
from clustercheck.workbook.values import EXCEL_ERRORS, Invalid, reader_for

#: Columns beyond this are not read (Excel allows 16,384; a format with more would be an attack).
MAX_COLUMNS = 256
PENDING = object()  # a formula cell whose cached value the second pass will supply


@attrs.frozen
class Loaded:
    """A loaded workbook: the project, and the input findings met while loading it."""

    project: m.Project

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.project.problems


def load(path: str | Path, schema: Schema | None = None) -> Loaded:
    """Read the workbook at ``path``; raises :class:`WorkbookError` only if it is not one at all."""
    from clustercheck.workbook import safety

    path = Path(path)
    safety.check_file(path)
    with safety.open_package(path) as book:
        loading = _Load(path, schema or build_schema(), book)
        tables, info = loading.read_sheets()
    # The cross-record checks run with the workbook closed and its shared strings let go.
    return loading.assemble(tables, info)


def _letter(index: int) -> str:
    return cells.column_letter(index + 1)


def _is_blank(value: object) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _is_formula(value: object) -> bool:
    if type(value) is str:
        return value[:1] == "=" and len(value) > 1
    # Plain values first: hasattr on them raises and catches an AttributeError, on every cell.
    return type(value) not in _PLAIN and hasattr(value, "text")


#: The types of cell values that are never a formula object.
_PLAIN = frozenset({int, float, bool, dt.datetime, dt.date, dt.time, dt.timedelta, type(None)})
#: Cell values a column's reader takes as they are (convert turns a timedelta into text first).
_READ_AS_IS = frozenset({int, float, bool, dt.datetime, dt.date, dt.time})


@attrs.define
class _Field:
    """How one matched column of a sheet is read."""

    column: Column
    index: int  # 0-based position in the row
    read: Callable[[object], object]
    builtin: bool  # a field of the record class (else it goes to ``extra``)


class _Load:
    """One load: the open workbook, the schema, and the findings met so far."""

    def __init__(self, path: Path, schema: Schema, book: Package) -> None:
        self.path = path
        self.schema = schema
        self.book = book
        self.findings: list[Finding] = []
        self.titles: dict[str, SheetPart] = {}
        for ws in book.sheets:
            self.titles.setdefault(normalise(ws.title), ws)

    # -- reporting ------------------------------------------------------------------------------

    def report(self, code: str, message: str, location: Location | None) -> None:
        self.findings.append(problem(code, message, location))

    # -- the whole load ---------------------------------------------------------------------------

    def read_sheets(self) -> tuple[dict[str, list[m.Record]], m.ProjectInfo]:
        """Every sheet of the schema read into records: the tables by sheet key, and the form."""
        tables: dict[str, list[m.Record]] = {}
        info: m.ProjectInfo | None = None
        for sheet in self.schema.sheets:
            ws = self.titles.get(sheet.key)
            if ws is None:
                if sheet.required:
                    self.report(
                        "WB001",
                        f"The workbook has no sheet {sheet.name!r} ({sheet.description.rstrip('.')})",
                        Location(sheet=sheet.name),
                    )
                continue
            if sheet.form:
                record = self.read_form(sheet, ws)
                if sheet.key == "project":
                    info = record  # type: ignore[assignment]  # the Project form's record type
                else:
                    tables[sheet.key] = [record]
            else:
                tables[sheet.key] = self.read_table(sheet, ws)
        if info is None:
            info = m.ProjectInfo(origin=m.Origin("Project", cells={}))
        return tables, info

    def assemble(self, tables: dict[str, list[m.Record]], info: m.ProjectInfo) -> Loaded:
        """The project, once the checks across records have run."""
        integrity = Integrity(self.schema, self.report)
        integrity.check(tables)
        if info.end_date and info.start_date and info.end_date < info.start_date:
            info = integrity.date_order(info)  # type: ignore[assignment]  # evolve keeps the type
        plugin_tables = {
            s.name: tuple(tables.get(s.key, ()))
            for s in self.schema.sheets
            if s.key not in RECORD_TYPES
        }
        project = m.Project(
            file=str(self.path),
            info=info,
            clusters=tuple(tables.get("clusters", ())),  # type: ignore[arg-type]
            organisations=tuple(tables.get("organisations", ())),  # type: ignore[arg-type]
            commitments=tuple(tables.get("commitments", ())),  # type: ignore[arg-type]
            team=tuple(tables.get("team", ())),  # type: ignore[arg-type]
            bodies=tuple(tables.get("bodies", ())),  # type: ignore[arg-type]
            members=tuple(tables.get("bodymembers", ())),  # type: ignore[arg-type]
            activities=tuple(tables.get("activities", ())),  # type: ignore[arg-type]
            tables=plugin_tables,
            stage=info.review_stage,
            problems=tuple(self.findings),
        )
        return Loaded(project)

    # -- cells ------------------------------------------------------------------------------------

    def convert(
        self, sheet: Sheet, ws: SheetPart, field: _Field, value: object, row: int, cell: str
    ) -> object:
        """A cell's typed value, or None after reporting why it cannot be read."""
        column = field.column
        if type(value) is str:
            text = value.strip()
            if text in EXCEL_ERRORS:
                self.report(
                    "WB004",
                    f"{column.name} shows the Excel error {text} instead of a value",
                    Location(sheet=ws.title, row=row, column=column.name, cell=cell, value=value),
                )
                return None
        if _is_blank(value):
            if column.required:
                self.report(
                    "WB003",
                    f"{column.name} is required but blank",
                    Location(sheet=ws.title, row=row, column=column.name, cell=cell),
                )
            return None
        if isinstance(value, dt.timedelta):
            value = str(value)
        try:
            return field.read(value)
        except Invalid as invalid:
            self.report(
                invalid.code,
                f"{column.name}: {invalid.message}",
                Location(sheet=ws.title, row=row, column=column.name, cell=cell, value=value),
            )
            return None

    def cached_values(
        self, ws: SheetPart, wanted: set[tuple[int, int]]
    ) -> dict[tuple[int, int], object]:
        """The cached values of formula cells (row, 0-based column), from a second pass."""
        from clustercheck.workbook import safety

        last = max(r for r, _ in wanted)
        values: dict[tuple[int, int], object] = {}
        stream = cells.iter_rows(self.book, ws, data_only=True, max_col=MAX_COLUMNS)
        for row_number, row in safety.guarded(stream, self.path, ws.title):
            if row_number > last:
                break
            for col in range(len(row)):
                if (row_number, col) in wanted:
                    values[row_number, col] = row[col]
        return values

    def resolve(self, value: object, ws: SheetPart, column: Column, row: int, cell: str) -> object:
        """A formula's cached value, or None (reported) when the file holds none."""
        if value is None:
            self.report(
                "WB004",
                f"{column.name} is a formula with no saved value (the file was written by a program "
                "that does not calculate formulas); open and save it in Excel or LibreOffice",
                Location(sheet=ws.title, row=row, column=column.name, cell=cell),
            )
            return PENDING
        return value

    # -- tables -----------------------------------------------------------------------------------

    def rows(self, ws: SheetPart) -> Iterator[tuple[int, tuple[object, ...]]]:
        """The non-blank rows of a sheet with their numbers, whatever its dimension tag says."""
        from clustercheck.workbook import safety

        # max_col: one cell at XFD would otherwise make a row 16,384 values wide.
        stream = cells.iter_rows(self.book, ws, max_col=MAX_COLUMNS)
        for number, row in safety.guarded(stream, self.path, ws.title):
            if number > safety.EXCEL_MAX_ROW:
                raise WorkbookError(
                    f"has a row numbered beyond Excel's last row {safety.EXCEL_MAX_ROW:,}",
                    file=str(self.path),
                    sheet=ws.title,
                )
            for value in row:
                if value is not None and (type(value) is not str or value.strip()):
                    yield number, row
                    break

    def match_header(
        self, sheet: Sheet, ws: SheetPart, header: tuple[object, ...]
    ) -> tuple[list[_Field], dict[int, str]]:
        """The schema's columns found in the header, and the unknown columns kept as extras."""
        record_type = RECORD_TYPES.get(sheet.key, m.Record)
        builtin_names = set(attrs.fields_dict(record_type))
        by_key = {c.key: c for c in sheet.columns}
        fields: list[_Field] = []
        extras: dict[int, str] = {}
        seen: set[str] = set()
        for index, title in enumerate(header):
            if _is_blank(title):
                continue
            key = normalise(str(title))
            column = by_key.get(key)
            if column is None or key in seen:
                extras[index] = str(title).strip()
                continue
            seen.add(key)
            fields.append(_Field(column, index, reader_for(column), column.name in builtin_names))
        for column in sheet.columns:
            if column.required and column.key not in seen:
                self.report(
                    "WB002",
                    f"Sheet {ws.title!r} has no column {column.name!r}, which is required",
                    Location(sheet=ws.title, row=1, column=column.name),
                )
        return fields, extras

    def read_table(self, sheet: Sheet, ws: SheetPart) -> list[m.Record]:
        record_type = RECORD_TYPES.get(sheet.key, m.Record)
        rows = self.rows(ws)
        first = next(rows, None)
        if first is None or first[0] != 1:
            self.report(
                "WB002",
                f"Sheet {ws.title!r} has no header row in row 1",
                Location(sheet=ws.title, row=1),
            )
            return []
        fields, extras = self.match_header(sheet, ws, first[1])
        letters = {f.column.name: _letter(f.index) for f in fields}
        records: list[m.Record] = []
        origin = m.Origin(ws.title, letters)  # shared by every record of the sheet
        pending: list[tuple[int, int, dict[str, object], dict[str, object], list[_Field]]] = []
        # What the loop below needs of each field, looked up once per sheet instead of per cell.
        plan = [
            (
                f,
                f.index,
                letters[f.column.name],
                f.column.name,
                f.column.required,
                f.builtin,
                f.read,
            )
            for f in fields
        ]
        for number, row in rows:
            width = len(row)
            values: dict[str, object] = {}
            extra: dict[str, object] = {}
            waiting: list[_Field] = []
            for field, index, letter, name, required, builtin, read in plan:
                raw = row[index] if index < width else None
                if raw is None and not required:
                    continue  # blank: unknown, with nothing to read or report
                # The common cells (text that is no formula, blank or Excel error; numbers; dates)
                # are read right here; convert handles the rest and every problem, reporting it.
                if type(raw) is str and raw[:1] != "=":
                    text = raw.strip()
                    if text and text not in EXCEL_ERRORS:
                        try:
                            value = read(raw)
                        except Invalid:
                            value = self.convert(sheet, ws, field, raw, number, f"{letter}{number}")
                    else:
                        value = self.convert(sheet, ws, field, raw, number, f"{letter}{number}")
                elif type(raw) in _READ_AS_IS:
                    try:
                        value = read(raw)
                    except Invalid:
                        value = self.convert(sheet, ws, field, raw, number, f"{letter}{number}")
                elif _is_formula(raw):
                    waiting.append(field)
                    continue
                else:
                    value = self.convert(sheet, ws, field, raw, number, f"{letter}{number}")
                if value is not None:
                    (values if builtin else extra)[name] = value
            for index, name in extras.items():
                if index < width and not _is_blank(row[index]):
                    extra[name] = row[index]
            if waiting:
                pending.append((len(records), number, values, extra, waiting))
                records.append(None)  # type: ignore[arg-type]  # filled in once formulas resolve
                continue
            records.append(
                record_type(origin=origin, row=number, extra=extra or m.NO_EXTRA, **values)
            )
        if pending:
            wanted = {(number, f.index) for _, number, _, _, waiting in pending for f in waiting}
            cached = self.cached_values(ws, wanted)
            for position, number, values, extra, waiting in pending:
                for field in waiting:
                    cell = f"{letters[field.column.name]}{number}"
                    raw = self.resolve(
                        cached.get((number, field.index)), ws, field.column, number, cell
                    )
                    if raw is PENDING:
                        continue
                    value = self.convert(sheet, ws, field, raw, number, cell)
                    if value is not None:
                        (values if field.builtin else extra)[field.column.name] = value
                records[position] = record_type(
                    origin=origin, row=number, extra=extra or m.NO_EXTRA, **values
                )
        return records

    # -- the form -----------------------------------------------------------------------------------

    def read_form(self, sheet: Sheet, ws: SheetPart) -> m.Record:
        record_type = RECORD_TYPES.get(sheet.key, m.Record)
        builtin_names = set(attrs.fields_dict(record_type))
        by_key = {c.key: c for c in sheet.columns}
        values: dict[str, object] = {}
        extra: dict[str, object] = {}
        cells: dict[str, str] = {}
        formulas: dict[tuple[int, int], Column] = {}
        raw_rows: dict[int, object] = {}
        for number, row in self.rows(ws):
            name = row[0] if row else None
            if _is_blank(name):
                continue
            key = normalise(str(name))
            if number == 1 and key == "field":
                continue
            value = row[1] if len(row) > 1 else None
            column = by_key.get(key)
            if column is None:
                if not _is_blank(value):
                    extra[str(name).strip()] = value
                continue
            if column.name in cells:
                self.report(
                    "WB006",
                    f"The field {column.name} is given twice (first in {cells[column.name]})",
                    Location(sheet=ws.title, row=number, column=column.name, cell=f"A{number}"),
                )
                continue
            cells[column.name] = f"B{number}"
            if _is_formula(value):
                formulas[number, 1] = column
            raw_rows[number] = value
        if formulas:
            cached = self.cached_values(ws, set(formulas))
            for (number, _), column in formulas.items():
                resolved = self.resolve(cached.get((number, 1)), ws, column, number, f"B{number}")
                raw_rows[number] = None if resolved is PENDING else resolved
        row_of = {cell: int(cell[1:]) for cell in cells.values()}
        for column in sheet.columns:
            cell = cells.get(column.name)
            if cell is None:
                if column.required:
                    self.report(
                        "WB002",
                        f"Sheet {ws.title!r} has no field {column.name!r} in column A, which is required",
                        Location(sheet=ws.title, column=column.name),
                    )
                continue
            number = row_of[cell]
            if (number, 1) in formulas and raw_rows[number] is None:
                continue  # already reported as a formula without a saved value
            field = _Field(column, 1, reader_for(column), column.name in builtin_names)
            value = self.convert(sheet, ws, field, raw_rows[number], number, cell)
            if value is not None:
                (values if field.builtin else extra)[column.name] = value
        origin = m.Origin(ws.title, cells=cells)
        return record_type(origin=origin, row=1, extra=extra or m.NO_EXTRA, **values)
