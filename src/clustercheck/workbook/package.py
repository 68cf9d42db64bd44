"""An xlsx package opened for reading: its worksheets, shared strings, date styles and epoch.

This is what openpyxl's read-only workbook would give the sheet stream (:mod:`.cells`), read from the
handful of small parts that hold it, the way openpyxl reads them: ``[Content_Types].xml`` names the
workbook part, the workbook and its relationships name the sheets, ``xl/styles.xml`` says which cell
styles show a date or a duration. Checking a workbook so does not import openpyxl (0.1 s of
start-up; 0.25 s and 17 MB with the numpy it imports where installed), but for the rare cell that
needs it (an ISO date cell, an array, shared or data-table formula); openpyxl still writes every
workbook clustercheck makes. ``tests/workbook/test_package.py`` holds this module to openpyxl's own
reading, as ``tests/workbook/test_cells.py`` holds the stream.

The safety scan (:mod:`.safety`) has refused document type declarations in every part before this
runs; the small parts are parsed through defusedxml all the same (a second wall, as in openpyxl), and
the sheets and shared strings by expat handlers that refuse a DTD themselves.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element

import attrs
from defusedxml.ElementTree import fromstring

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_SPREADSHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
WORKBOOK_TYPES = (  # in the order openpyxl looks for them
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    f"{_SPREADSHEETML}.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    f"{_SPREADSHEETML}.sheet.main+xml",
)
SHARED_STRINGS_TYPE = f"{_SPREADSHEETML}.sharedStrings+xml"
STYLES = "xl/styles.xml"  # where openpyxl looks, whatever the relationships say

WINDOWS_EPOCH = dt.datetime(1899, 12, 30)
MAC_EPOCH = dt.datetime(1904, 1, 1)

# Number formats, as openpyxl tells dates and durations (openpyxl.styles.numbers, MIT licence).
#: The built-in formats (ids below 164) that can show a date, a time or a duration.
BUILTIN_DATE_FORMATS = {
    14: "mm-dd-yy",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "m/d/yy h:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mmss.0",
}
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # literals, and [..] but [h] [m] [s]
_DATE_CHARACTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(code: str | None) -> bool:
    """Whether a number format shows a date or a time (its first section decides)."""
    if code is None:
        return False
    return _DATE_CHARACTER.search(_STRIP.sub("", code.split(";")[0])) is not None


def is_duration_format(code: str | None) -> bool:
    """Whether a number format shows a duration (``[h]:mm``, ``[mm]:ss``, ...)."""
    return code is not None and _DURATION.search(code.split(";")[0]) is not None


def from_excel(serial: float, epoch: dt.datetime, *, duration: bool = False) -> object:
    """An Excel date serial as openpyxl reads it: a datetime, a time (below 1) or a timedelta.

    Raises OverflowError or ValueError beyond the dates Python has.
    """
    if duration:
        span = dt.timedelta(days=serial)
        if span.microseconds:  # to the millisecond
            span = dt.timedelta(
                seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3)
            )
        return span
    day, fraction = divmod(serial, 1)
    diff = dt.timedelta(milliseconds=round(fraction * 86_400_000))
    if 0 <= serial < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < serial < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # Excel's 29 February 1900, which never was
    return epoch + dt.timedelta(days=day) + diff


@attrs.frozen
class SheetPart:
    """A worksheet: its title and the part that holds it."""

    title: str
    part: str
    state: str = "visible"


class Package:
    """An xlsx file opened for reading; close it (or use it as a context manager) when done."""

    def __init__(self, source: Path | IO[bytes]) -> None:
        self.archive = zipfile.ZipFile(source)
        self.parts: list[IO[bytes]] = []  # the parts opened for reading, closed with the package
        self.strings: list[str] = []
        self.sheets: list[SheetPart] = []
        try:
            self._read()
        except BaseException:
            self.archive.close()
            raise

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the file and every part still open, and let go of the shared strings.

        A sheet read that stopped half-way leaves its part open; the records keep the strings
        they hold.
        """
        for opened in self.parts:
            opened.close()
        self.parts = []
        self.archive.close()
        self.strings = []

    def open(self, part: str) -> IO[bytes]:
        opened = self.archive.open(part)
        self.parts = [p for p in self.parts if not p.closed]
        self.parts.append(opened)
        return opened

    # -- reading the package --------------------------------------------------------------------

    def _xml(self, part: str) -> Element:
        root: Element = fromstring(self.archive.read(part))
        return root

    def _read(self) -> None:
        names = set(self.archive.namelist())
        types = self._xml("[Content_Types].xml")
        overrides = {
            o.get("ContentType"): str(o.get("PartName", "")).lstrip("/")
            for o in reversed(types.findall(f"{CONTENT_TYPES}Override"))
        }
        workbook = next((overrides[t] for t in WORKBOOK_TYPES if overrides.get(t)), None)
        if workbook is None:
            defaults = {d.get("ContentType") for d in types.findall(f"{CONTENT_TYPES}Default")}
            if not defaults & set(WORKBOOK_TYPES):
                raise ValueError("File contains no valid workbook part")
            workbook = "xl/workbook.xml"
        root = self._xml(workbook)
        properties = root.find(f"{MAIN}workbookPr")
        date1904 = properties is not None and properties.get("date1904") in ("1", "true", "True")
        self.epoch = MAC_EPOCH if date1904 else WINDOWS_EPOCH
        targets = self._relationships(workbook)
        for sheet in root.iterfind(f"{MAIN}sheets/{MAIN}sheet"):
            rel_id = sheet.get(RELATIONSHIP_ID)
            if not rel_id:
                continue  # openpyxl drops such a sheet, with a warning
            target, kind = targets[rel_id]
            if target not in names or "chartsheet" in kind:
                continue
            self.sheets.append(
                SheetPart(str(sheet.get("name")), target, sheet.get("state") or "visible")
            )
        strings = overrides.get(SHARED_STRINGS_TYPE)
        if strings:
            from clustercheck.workbook.cells import read_shared_strings

            with self.archive.open(strings) as part:
                self.strings = read_shared_strings(part)
        self.date_styles, self.duration_styles = self._styles(names)

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (target part, type), resolved as openpyxl resolves them."""
        folder, name = posixpath.split(part)
        rels = self._xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        found: dict[str, tuple[str, str]] = {}
        for rel in rels.iter(f"{RELATIONSHIPS}Relationship"):
            target = str(rel.get("Target", ""))
            if rel.get("TargetMode") != "External":
                if target.startswith("/"):
                    target = target[1:]
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
            found[str(rel.get("Id"))] = (target, str(rel.get("Type", "")))
        return found

    def _styles(self, names: set[str]) -> tuple[frozenset[int], frozenset[int]]:
        """The cell styles (indexes into ``cellXfs``) that show a date, and those a duration."""
        if STYLES not in names:
            return frozenset(), frozenset()
        root = self._xml(STYLES)
        custom = {
            int(f.get("numFmtId", -1)): f.get("formatCode")
            for f in root.iterfind(f"{MAIN}numFmts/{MAIN}numFmt")
        }
        dates: set[int] = set()
        durations: set[int] = set()
        for index, xf in enumerate(root.iterfind(f"{MAIN}cellXfs/{MAIN}xf")):
            number_format = int(xf.get("numFmtId", 0))
            code = custom.get(number_format) or BUILTIN_DATE_FORMATS.get(number_format)
            if is_date_format(code):
                dates.add(index)
            if is_duration_format(code):
                durations.add(index)
        return frozenset(dates), frozenset(durations)
