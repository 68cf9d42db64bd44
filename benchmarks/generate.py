"""Generate valid project workbooks of any size for the benchmarks, fast.

A workbook of ``activities`` rows is the bundled example project (clustercheck's ``template --example``)
grown in proportion: its two clusters are copied, with everything local to them (organisations, team
members, bodies, body members, activities) under new ids, until there is one cluster for every
:data:`ACTIVITIES_PER_CLUSTER` activities; each copy then gets extra implementation activities up to the
total asked for. The project-wide records (the steering committee, the ministry, the donor, UNIDO, ...) stay
single. Every copy is as coherent as the example, so the workbook loads without an input finding and the
rules have realistic work to do.

openpyxl's write-only mode streams the rows, so even 100,000 activities take seconds, not minutes.
openpyxl writes every text as an inline string and no ``<dimension>`` tag; Excel and LibreOffice, which
save the workbooks people check, write a shared-string table and the tag, and openpyxl reads those
differently (inline strings cost it several times more to parse, and a missing tag makes it scan each
sheet once more on opening). :func:`excel_like` rewrites the file the way Excel would have saved it, so
the benchmark's baseline is the one users pay.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from clustercheck.workbook.example import example_rows
from clustercheck.workbook.schema import Schema, build_schema

Row = dict[str, object]

#: One cluster for every this many activities (and never fewer than the example's two).
ACTIVITIES_PER_CLUSTER = 50
DATE_FORMAT = "yyyy-mm-dd"
#: The example's clusters, each copied with the records local to it.
TEMPLATES = ("CL1", "CL2")
#: The activity each copy repeats to reach the size asked for (a joint action in implementation).
PADDING = {"CL1": "A16", "CL2": "A36"}
#: The sheets' id columns: a record's own id, renamed in each copy of its cluster.
ID_COLUMNS = {
    "Clusters": "cluster_id",
    "Organisations": "org_id",
    "Team": "person_id",
    "Bodies": "body_id",
    "Activities": "activity_id",
}


def _ids_in(value: object) -> Iterator[object]:
    yield from value if isinstance(value, tuple) else (value,)


def _refs(row: Row) -> set[object]:
    return {item for value in row.values() for item in _ids_in(value) if isinstance(item, str)}


def _local(rows: Mapping[str, list[Row]], cluster_id: str) -> dict[str, list[Row]]:
    """The records of one cluster of the example: it, its bodies and their members, its team, its
    activities, and the organisations that only such records name (not the project-wide ones)."""
    bodies = [b for b in rows["Bodies"] if b["cluster_id"] == cluster_id]
    body_ids = {b["body_id"] for b in bodies}
    local = {
        "Clusters": [c for c in rows["Clusters"] if c["cluster_id"] == cluster_id],
        "Team": [p for p in rows["Team"] if p["cluster_ids"] == (cluster_id,)],
        "Bodies": bodies,
        "BodyMembers": [m for m in rows["BodyMembers"] if m["body_id"] in body_ids],
        "Activities": [a for a in rows["Activities"] if a["cluster_id"] == cluster_id],
    }
    named = set().union(*(_refs(r) for sheet in local.values() for r in sheet))
    shared_rows = [
        r
        for sheet, records in rows.items()
        if sheet not in ("Organisations", "Clusters", "Project")
        for r in records
        if not any(r in local_rows for local_rows in local.values())
    ]
    shared = set().union(*(_refs(r) for r in shared_rows))
    local["Organisations"] = [
        o for o in rows["Organisations"] if o["org_id"] in named and o["org_id"] not in shared
    ]
    return local


def _renamed(row: Row, names: Mapping[object, str]) -> Row:
    out: Row = {}
    for key, value in row.items():
        if isinstance(value, tuple):
            out[key] = tuple(names.get(v, v) for v in value)
        elif isinstance(value, str):
            out[key] = names.get(value, value)
        else:
            out[key] = value
    return out


def _copy(local: Mapping[str, list[Row]], number: int) -> dict[str, list[Row]]:
    """Copy ``number`` of a cluster's records, every id of theirs suffixed with ``-number``."""
    names = {
        row[column]: f"{row[column]}-{number}"
        for sheet, column in ID_COLUMNS.items()
        for row in local.get(sheet, ())
    }
    copied = {sheet: [_renamed(row, names) for row in records] for sheet, records in local.items()}
    for cluster in copied["Clusters"]:
        cluster["name"] = f"{cluster['name']} ({number})"
    return copied


def project_rows(activities: int) -> dict[str, list[Row]]:
    """The rows of a valid project with ``activities`` activity rows, by sheet name."""
    rows = example_rows()
    clusters = max(len(TEMPLATES), activities // ACTIVITIES_PER_CLUSTER)
    locals_ = {cluster_id: _local(rows, cluster_id) for cluster_id in TEMPLATES}
    local_rows = {id(r) for local in locals_.values() for sheet in local.values() for r in sheet}
    out = {
        sheet: [r for r in records if id(r) not in local_rows] for sheet, records in rows.items()
    }
    copies = []
    for number in range(1, clusters + 1):
        template = TEMPLATES[(number - 1) % len(TEMPLATES)]
        copy = _copy(locals_[template], number)
        copies.append((template, number, copy))
        for sheet, records in copy.items():
            out[sheet].extend(records)
    missing = activities - len(out["Activities"])
    if missing < 0:
        smallest = len(out["Activities"])
        raise ValueError(f"a project of this layout has at least {smallest} activities")
    for index, (template, number, copy) in enumerate(copies):
        extra = missing // clusters + (1 if index < missing % clusters else 0)
        model = next(
            a for a in copy["Activities"] if a["activity_id"] == f"{PADDING[template]}-{number}"
        )
        for serial in range(1, extra + 1):
            out["Activities"].append(
                {
                    **model,
                    "activity_id": f"{model['activity_id']}-X{serial}",
                    "title": f"{model['title']}, round {serial}",
                }
            )
    return out


def _cell_value(value: object) -> object:
    # Written as the template writes a value (lists joined, booleans as yes/no), so the file is what a
    # person would have typed into `clustercheck template`.
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    return value


def _row(ws: object, values: Iterable[object]) -> list[object]:
    from openpyxl.cell import WriteOnlyCell

    out: list[object] = []
    for value in values:
        value = _cell_value(value)
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = DATE_FORMAT
            out.append(cell)
        else:
            out.append(value)
    return out


def write_rows(path: Path, rows: Mapping[str, Sequence[Row]], schema: Schema | None = None) -> None:
    """Write ``rows`` as a workbook of the format, streaming (openpyxl write-only mode)."""
    import openpyxl

    schema = schema or build_schema()
    book = openpyxl.Workbook(write_only=True)
    for sheet in schema.sheets:
        records = rows.get(sheet.name, ())
        ws = book.create_sheet(sheet.name)
        if sheet.form:
            ws.append(["Field", "Value"])
            values = records[0] if records else {}
            for column in sheet.columns:
                ws.append(_row(ws, (column.name, values.get(column.name))))
            continue
        ws.append([column.name for column in sheet.columns])
        for record in records:
            ws.append(_row(ws, (record.get(column.name) for column in sheet.columns)))
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    book.save(tmp)
    excel_like(tmp)
    tmp.replace(path)  # atomic: a cached file is never half written


_INLINE = re.compile(
    r'<c r="([A-Z]+)(\d+)"( s="\d+")? t="inlineStr"><is><t(?: [^>]*)?>(.*?)</t></is></c>'
)
_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"')
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def excel_like(path: Path) -> None:
    """Rewrite an openpyxl-written workbook as Excel saves one: shared strings, ``<dimension>`` tags."""
    strings: dict[str, int] = {}

    def shared(match: re.Match[str]) -> str:
        column, row, style, text = match.groups()
        index = strings.setdefault(text, len(strings))
        return f'<c r="{column}{row}"{style or ""} t="s"><v>{index}</v></c>'

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    for name in sorted(n for n in parts if n.startswith("xl/worksheets/sheet")):
        xml = _INLINE.sub(shared, parts[name].decode("utf-8"))
        cells = [(_column_number(c), int(r)) for c, r in _CELL.findall(xml)]
        if cells:
            last_column = max(c for c, _ in cells)
            last_row = max(r for _, r in cells)
            letters = ""
            while last_column:
                last_column, rest = divmod(last_column - 1, 26)
                letters = chr(65 + rest) + letters
            xml = xml.replace(
                "<sheetViews>", f'<dimension ref="A1:{letters}{last_row}" /><sheetViews>', 1
            )
        parts[name] = xml.encode("utf-8")
    table = "".join(
        f'<si><t xml:space="preserve">{text}</t></si>' for text in strings
    )  # the texts are still XML-escaped, as openpyxl wrote them
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{_MAIN}" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>'
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}" /></Types>',
    ).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Type="{_SST_REL}" Target="sharedStrings.xml" Id="rIdSharedStrings" /></Relationships>',
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def generate(path: Path, activities: int) -> Path:
    """Write a valid project workbook with ``activities`` activity rows to ``path``."""
    write_rows(path, project_rows(activities))
    return path


def cached(folder: Path, activities: int) -> Path:
    """The generated workbook of this size in ``folder``, written only if it is not there yet."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"project-{activities}.xlsx"
    if not path.exists():
        generate(path, activities)
    return path


def counts(rows: Mapping[str, Sequence[Row]]) -> dict[str, int]:
    """How many rows each sheet has."""
    return {sheet: len(records) for sheet, records in rows.items()}


if __name__ == "__main__":
    sizes = [s for a in sys.argv[1:] for s in a.split(",") if s] or ["100"]
    for size in sizes:
        target = Path(f"project-{int(size)}.xlsx")
        generate(target, int(size))
        print(target, counts(project_rows(int(size))))
