"""Checks across the records of a loaded workbook: unique ids, references, date order.

They run once every sheet is read (a reference may point at a sheet read later, or at its own sheet),
report WB006-WB008 through the loader's ``report``, and load each offending field as blank.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping

import attrs

from clustercheck import model as m
from clustercheck.findings import Location
from clustercheck.workbook.schema import Column, Schema, Sheet

Report = Callable[[str, str, Location | None], None]


class Integrity:
    """The cross-record checks of one load: ``schema`` says what to check, ``report`` records it."""

    def __init__(self, schema: Schema, report: Report) -> None:
        self.schema = schema
        self.report = report

    def check(self, tables: Mapping[str, list[m.Record]]) -> None:
        """Every check, in the order that keeps findings stable: ids, references, dates."""
        self.check_ids(tables)
        self.check_references(tables)
        self.check_dates(tables)

    def blank_field(
        self, records: list[m.Record], position: int, field: str, value: object = None
    ) -> None:
        """Load a record with ``field`` blank (or set to ``value``) after a problem with it."""
        records[position] = attrs.evolve(records[position], **{field: value})  # type: ignore[arg-type]  # field is one of the record's

    def _sheets(
        self, tables: Mapping[str, list[m.Record]]
    ) -> Iterable[tuple[Sheet, list[m.Record]]]:
        for sheet in self.schema.sheets:
            records = tables.get(sheet.key)
            if records and not sheet.form:
                yield sheet, records

    def check_ids(self, tables: Mapping[str, list[m.Record]]) -> None:
        for sheet, records in self._sheets(tables):
            id_column = sheet.id_column
            if id_column is not None:
                self.check_unique(sheet, records, id_column)
            if sheet.unique_together:
                names = sheet.unique_together
                seen: dict[tuple[object, ...], int] = {}
                keep: list[m.Record] = []
                for record in records:
                    key = tuple(record.get(n) for n in names)
                    if None in key:
                        keep.append(record)
                    elif key in seen:
                        self.report(
                            "WB006",
                            f"{' and '.join(f'{n} {v!r}' for n, v in zip(names, key, strict=True))} are given twice "
                            f"on {sheet.name} (first on row {seen[key]}); the first row counts",
                            record.at(names[-1]),
                        )
                    else:
                        seen[key] = record.row
                        keep.append(record)
                records[:] = keep

    def check_unique(self, sheet: Sheet, records: list[m.Record], id_column: Column) -> None:
        """WB006 for every id given again after its first row; the repeats load blank.

        Repeats are found by sorting the ids (a list of pointers) rather than with a set or a dict
        of them all, which at 100,000 rows cost 4-5 MB at the moment the whole model is in memory.
        """
        name = id_column.name
        ids = sorted(str(v) for record in records if (v := record.get(name)) is not None)
        repeated = {a for a, b in itertools.pairwise(ids) if a == b}
        del ids
        if not repeated:
            return
        first: dict[object, int] = {}
        for position, record in enumerate(records):
            value = record.get(name)
            if value not in repeated:
                continue
            if value in first:
                self.report(
                    "WB006",
                    f"{name} {value!r} is used twice on {sheet.name} (first on row {first[value]})",
                    record.at(name),
                )
                self.set_field(records, position, id_column, None)
            else:
                first[value] = record.row

    def set_field(
        self, records: list[m.Record], position: int, column: Column, value: object
    ) -> None:
        record = records[position]
        if column.name in record.extra:
            extra = dict(record.extra)
            if value is None:
                extra.pop(column.name)
            else:
                extra[column.name] = value
            records[position] = attrs.evolve(record, extra=extra)
        else:
            self.blank_field(records, position, column.name, value)

    def check_references(self, tables: Mapping[str, list[m.Record]]) -> None:
        # The ids of each sheet some column refers to (not of the others: the Activities' ids
        # alone would be a set of 100,000 strings in a large work plan).
        referred = {
            target.key
            for s in self.schema.sheets
            for c in s.columns
            if c.kind in ("ref", "refs") and (target := self.schema.sheet(c.ref or ""))
        }
        ids: dict[str, set[object]] = {}
        for sheet in self.schema.sheets:
            id_column = sheet.id_column
            if id_column is not None and not sheet.form and sheet.key in referred:
                ids[sheet.key] = {r.get(id_column.name) for r in tables.get(sheet.key, ())} - {None}
        for sheet, records in self._sheets(tables):
            refs = [c for c in sheet.columns if c.kind in ("ref", "refs")]
            for column in refs:
                target_sheet = self.schema.sheet(column.ref or "")
                if target_sheet is None or target_sheet.key not in tables:
                    continue  # the referred sheet is absent: WB001 says so already
                known = ids.get(target_sheet.key, set())
                for position, record in enumerate(records):
                    value = record.get(column.name)
                    if value is None:
                        continue
                    if isinstance(value, tuple):
                        if known.issuperset(value):
                            continue  # the common case, tested without a loop in Python
                        items = value
                    elif value in known:
                        continue
                    else:
                        items = (value,)
                    missing = [v for v in items if v not in known]
                    self.report(
                        "WB007",
                        f"{column.name}: {', '.join(repr(v) for v in missing)} "
                        f"{'is not an id' if len(missing) == 1 else 'are not ids'} on {target_sheet.name}",
                        record.at(column.name),
                    )
                    kept = (
                        tuple(v for v in items if v in known) if isinstance(value, tuple) else None
                    )
                    self.set_field(records, position, column, kept or None)

    def check_dates(self, tables: Mapping[str, list[m.Record]]) -> None:
        for sheet, records in self._sheets(tables):
            names = {c.name for c in sheet.columns if c.kind == "date"}
            if not {"start_date", "end_date"} <= names:
                continue
            for position, record in enumerate(records):
                start, end = record.get("start_date"), record.get("end_date")
                if start is not None and end is not None and end < start:  # type: ignore[operator]
                    records[position] = self.date_order(record)

    def date_order(self, record: m.Record) -> m.Record:
        """Report an end date before its start date, and load the record with the end blank."""
        location = record.at("end_date")
        self.report(
            "WB008",
            f"end_date {record.get('end_date')} is before start_date {record.get('start_date')}",
            location,
        )
        if "end_date" in record.extra:
            return attrs.evolve(
                record, extra={k: v for k, v in record.extra.items() if k != "end_date"}
            )
        return attrs.evolve(record, end_date=None)  # type: ignore[call-arg]  # records with end_date
