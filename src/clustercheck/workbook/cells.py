"""A worksheet's cell values, streamed straight from its XML with expat.

:class:`~clustercheck.workbook.package.Package` names the sheets, the shared strings (read here too),
the date styles and the epoch; this module reads each worksheet's ``<sheetData>`` into the values
openpyxl's read-only ``iter_rows(values_only=True)`` gives, about 2.5 times faster: no element tree,
no cell objects, no row padded to the widest column. ``tests/workbook/test_cells.py`` holds it to
openpyxl's own values on every fixture. It differs from openpyxl in three ways, all on purpose:

* a row is as wide as its last non-blank cell, and a row holding no value is not yielded at all;
* a row numbered at or below one already read is skipped (openpyxl skips it too, silently);
* a date serial beyond Excel's dates reads as the error ``#VALUE!`` without a warning.

A damaged part raises whatever its damage causes (:class:`xml.parsers.expat.ExpatError`,
``ValueError``, ``IndexError``...); :func:`clustercheck.workbook.safety.guarded` turns that into
one sentence naming the sheet. A document type declaration is refused: the safety scan already
refuses one before the workbook is opened, and expat is never given the chance to expand an entity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Any
from xml.parsers import expat

from clustercheck.workbook.package import Package, SheetPart, from_excel

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# expat names elements "namespace local-name" with the separator below.
_ROW, _C, _V, _F, _IS, _T, _RPH, _SI = (
    f"{NS} {name}" for name in ("row", "c", "v", "f", "is", "t", "rPh", "si")
)
_CHUNK = 1 << 16
_DIGITS = "0123456789"


class DamagedSheet(ValueError):
    """A worksheet part that no spreadsheet program would have written."""


def _refuse_dtd(*_: object) -> None:
    raise DamagedSheet("the part declares a document type, which OOXML forbids")


def column_index(letters: str) -> int:
    """``"A"`` -> 1, ``"AB"`` -> 28 (in either case, as openpyxl reads them)."""
    letters = letters.upper()
    if not 1 <= len(letters) <= 3 or not letters.isascii() or not letters.isalpha():
        raise DamagedSheet(f"{letters!r} is not a column")
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def column_letter(index: int) -> str:
    """``1`` -> ``"A"``, ``28`` -> ``"AB"``."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_shared_strings(source: IO[bytes]) -> list[str]:
    """The shared strings part's texts, as openpyxl reads them (formatting and phonetics dropped)."""
    table = _StringTable()
    parser = _parser(table.start, table.end, table.text_data)
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)
    return table.strings


def _parser(
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text_data: Callable[[str], None],
) -> Any:
    """An expat parser with these handlers, that refuses any DTD."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text_data
    return parser


class _StringTable:
    """The handlers that read each ``root`` element (``<si>``, or a cell's ``<is>``) into a string.

    The text is the plain ``<t>`` first, then each run's ``<t>``; phonetic runs are dropped.
    """

    def __init__(self, root: str = _SI, *, unmark: bool = True) -> None:
        self.root = root
        self.unmark = unmark  # drop "x005F_" as openpyxl does in shared strings (not inline ones)
        self.strings: list[str] = []
        self.plain: list[str] = []
        self.runs: list[str] = []
        self.depth = 0  # 1 inside <si>, 2 in its <t>, <r> or <rPh>, 3 in a run's <t>
        self.into: list[str] | None = None  # where the text being read goes
        self.in_phonetic = False

    def start(self, name: str, _: dict[str, str]) -> None:
        if name == self.root and not self.depth:
            self.depth = 1
            self.plain = []
            self.runs = []
            return
        if not self.depth:
            return
        self.depth += 1
        if name == _T and not self.in_phonetic:
            self.into = self.plain if self.depth == 2 else self.runs
        elif name == _RPH:
            self.in_phonetic = True

    def text_data(self, data: str) -> None:
        if self.into is not None:
            self.into.append(data)

    def end(self, name: str) -> None:
        if not self.depth:
            return
        self.depth -= 1
        if name == _T:
            self.into = None
        elif name == _RPH:
            self.in_phonetic = False
        elif not self.depth:  # the root's end
            text = "".join(self.plain) + "".join(self.runs)
            # openpyxl drops an escaped underscore's marker this crudely; kept, to read alike.
            self.strings.append(text.replace("x005F_", "") if self.unmark else text)


def iter_rows(
    package: Package, sheet: SheetPart, *, data_only: bool = False, max_col: int = 16_384
) -> Iterator[tuple[int, tuple[object, ...]]]:
    """``(row number, values)`` of every row of ``sheet`` that holds a value.

    ``values[i]`` is column ``i + 1``; cells beyond ``max_col`` are not read. With ``data_only`` a
    formula cell gives its cached value (None when the file has none); without it, the formula as
    text starting with ``=`` (or openpyxl's ``ArrayFormula`` / ``DataTableFormula``).
    """
    stream = _SheetStream(package, data_only=data_only, max_col=max_col)
    with package.open(sheet.part) as source:
        yield from stream.rows(source)


class _SheetStream:
    """One pass over one sheet part: expat calls the three handlers, rows collect in ``ready``."""

    def __init__(self, package: Package, *, data_only: bool, max_col: int) -> None:
        self.strings = package.strings
        self.date_formats = package.date_styles
        self.timedelta_formats = package.duration_styles
        self.epoch = package.epoch
        self.data_only = data_only
        self.max_col = max_col
        self.ready: list[tuple[int, tuple[object, ...]]] = []
        self.columns: dict[str, int] = {}  # "AB" -> 28, each spelling worked out once
        self.shared_formulae: dict[str, Any] = {}
        self.last_row = 0  # the last row yielded: a row numbered at or below it is skipped
        # The cell being read.
        self.row = 0
        self.col = 0
        self.cells: dict[int, object] = {}
        self.kind = "n"
        self.style: str | None = None
        self.ref: str | None = None
        self.text: str | None = None  # the <v> text
        self.collecting = False  # inside <v> or <f>
        self.formula: dict[str, str] | None = None  # the <f> attributes, when the cell has one
        self.formula_text: str | None = None
        self.inline = _StringTable(_IS, unmark=False)  # reads an inline string's <is>
        self.target = ""  # which text is being collected: "v" or "f"
        self.is_date_style: dict[str, bool] = {}  # style id (as written) -> shows a date

    # -- expat handlers -------------------------------------------------------------------------

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _C:
            ref = attributes.get("r")
            if ref:
                letters = ref.rstrip(_DIGITS)
                col = self.columns.get(letters)
                if col is None:
                    if letters == ref:
                        raise DamagedSheet(f"{ref!r} is not a cell reference")
                    col = self.columns[letters] = column_index(letters)
                self.col = col
            else:
                self.col += 1
            self.ref = ref
            self.kind = attributes.get("t", "n")
            self.style = attributes.get("s")
            self.text = None
            self.formula = None
            self.inline.strings.clear()
        elif name == _V:
            self.collecting = True
            self.target = "v"
        elif name == _ROW:
            self.start_row(attributes.get("r"))
        elif name == _F:
            self.formula = attributes
            self.formula_text = None
            self.collecting = True
            self.target = "f"
        elif name == _IS or self.inline.depth:
            self.inline.start(name, attributes)

    def text_data(self, data: str) -> None:
        if self.collecting:
            if self.target == "v":
                self.text = data if self.text is None else self.text + data
            else:
                self.formula_text = data if self.formula_text is None else self.formula_text + data
        elif self.inline.into is not None:
            self.inline.into.append(data)

    def end(self, name: str) -> None:
        if name == _C:
            self.end_cell()
        elif name in (_V, _F):
            self.collecting = False
        elif name == _ROW:
            self.end_row()
        elif self.inline.depth:
            self.inline.end(name)

    # -- rows -----------------------------------------------------------------------------------

    def start_row(self, number: str | None) -> None:
        if number:
            try:
                self.row = int(number)
            except ValueError:
                value = float(number)
                if not value.is_integer():
                    raise DamagedSheet(f"{number} is not a row number") from None
                self.row = int(value)
        else:
            self.row += 1
        self.col = 0
        self.cells = {}

    def end_row(self) -> None:
        cells = self.cells
        if not cells or self.row <= self.last_row:
            return
        self.last_row = self.row
        values: list[object] = [None] * max(cells)
        for col, value in cells.items():
            values[col - 1] = value
        self.ready.append((self.row, tuple(values)))

    # -- cells ----------------------------------------------------------------------------------

    def end_cell(self) -> None:
        if self.col > self.max_col:
            return
        if self.formula is not None and not self.data_only:
            value = self.formula_value()
        else:
            value = self.value()
        if value is not None:
            self.cells[self.col] = value

    def value(self) -> object:
        kind = self.kind
        if kind == "inlineStr":  # any <v> beside an inline string is ignored, as openpyxl does
            strings = self.inline.strings
            return strings[-1] if strings else None
        text = self.text or None
        if text is None:
            return None
        if kind == "n":
            number: float = (
                float(text) if ("." in text or "E" in text or "e" in text) else int(text)
            )
            style = self.style
            if style:
                is_date = self.is_date_style.get(style)
                if is_date is None:
                    is_date = self.is_date_style[style] = int(style) in self.date_formats
                if is_date:
                    return self.date(number)
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(text)
        return text  # "str" (a formula's text result), "e" (an error such as #N/A)

    def date(self, serial: float) -> object:
        as_duration = int(self.style or 0) in self.timedelta_formats
        try:
            return from_excel(serial, self.epoch, duration=as_duration)
        except (OverflowError, ValueError):
            return "#VALUE!"

    def formula_value(self) -> object:
        formula = self.formula
        assert formula is not None
        text = "=" + (self.formula_text or "")
        kind = formula.get("t")
        if kind == "array":
            from openpyxl.worksheet.formula import ArrayFormula

            return ArrayFormula(ref=formula.get("ref"), text=text)
        if kind == "shared":
            key = formula.get("si", "")
            translator = self.shared_formulae.get(key)
            if translator is not None:
                return translator.translate_formula(self.ref)
            if self.formula_text is not None:
                from openpyxl.formula.translate import Translator

                self.shared_formulae[key] = Translator(text, self.ref)
            return text
        if kind == "dataTable":
            from openpyxl.worksheet.formula import DataTableFormula

            return DataTableFormula(**formula)
        return text

    # -- the pass -------------------------------------------------------------------------------

    def rows(self, source: Any) -> Iterator[tuple[int, tuple[object, ...]]]:
        parser = _parser(self.start, self.end, self.text_data)
        ready = self.ready
        while True:
            chunk = source.read(_CHUNK)
            parser.Parse(chunk, not chunk)
            if ready:
                yield from ready
                ready.clear()
            if not chunk:
                return
