"""The expat cell stream gives openpyxl's own values, on every fixture and on hand-written sheet XML."""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from clustercheck.workbook import cells
from clustercheck.workbook.cells import DamagedSheet, column_index
from clustercheck.workbook.package import Package
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = sorted(
    p
    for folder in ("fixtures", "fixtures/input", "benchmarks/out")
    for p in (ROOT / folder).glob("*.xlsx")
    if p.stat().st_size < 2_000_000  # the generated 10,000-row benchmark workbook and smaller
)
SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="A1"/><sheetData>'  # a (wrong) dimension: openpyxl reads no further on opening
)
TAIL = "</sheetData></worksheet>"


def openpyxl_rows(ws, *, max_col: int = 256) -> Iterator[tuple[int, tuple[object, ...]]]:
    """openpyxl's read-only values, as the stream gives them: non-blank rows, trailing blanks cut."""
    ws.reset_dimensions()
    for number, row in enumerate(ws.iter_rows(max_col=max_col, values_only=True), start=1):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        if values:
            yield number, tuple(values)


def both(path: Path, *, data_only: bool = False, max_col: int = 256):
    """Each sheet's title, openpyxl's rows and the stream's (from clustercheck's own Package)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        with Package(path) as package:
            sheets = {sheet.title: sheet for sheet in package.sheets}
            assert list(sheets) == [ws.title for ws in book.worksheets]
            for ws in book.worksheets:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # openpyxl warns of a date serial out of range
                    expected = list(openpyxl_rows(ws, max_col=max_col))
                sheet = sheets[ws.title]
                got = list(cells.iter_rows(package, sheet, data_only=data_only, max_col=max_col))
                yield ws.title, expected, got
    finally:
        book.close()


def _comparable(rows):
    """Rows with formula objects as (type, text, ref): they have no equality of their own."""
    return [
        (n, tuple((type(v), v.text, v.ref) if hasattr(v, "text") else v for v in row))
        for n, row in rows
    ]


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
@pytest.mark.parametrize("data_only", [False, True], ids=["formulas", "cached"])
def test_same_values_as_openpyxl(path: Path, data_only: bool) -> None:
    for title, expected, got in both(path, data_only=data_only):
        assert _comparable(got) == _comparable(expected), title


def sheet_xml(tmp_path: Path, rows_xml: str, *, date1904: bool = False) -> Path:
    """A real workbook (openpyxl-written, with a date style) whose first sheet is ``rows_xml``."""
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = dt.date(2024, 1, 1)  # gives the styles part a date format (style id 1)
    ws["A2"] = dt.timedelta(hours=36)  # and a duration format (style id 2)
    if date1904:
        book.epoch = openpyxl.utils.datetime.MAC_EPOCH
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(
                item, (HEAD + rows_xml + TAIL).encode() if item.filename == SHEET else data
            )
    return path


CASES = {
    "types": '<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="e"><v>#N/A</v></c>'
    '<c r="C1" t="str"><v>text result</v></c><c r="D1"><v>2.5</v></c><c r="E1"><v>1E3</v></c>'
    '<c r="F1"><v>7</v></c><c r="G1" t="d"><v>2024-02-29T10:00:00</v></c></row>',
    "dates": '<row r="1"><c r="A1" s="1"><v>45292</v></c><c r="B1" s="2"><v>1.5</v></c>'
    '<c r="C1" s="1"><v>99999999</v></c></row>',
    "inline strings": '<row r="1"><c r="A1" t="inlineStr"><is><t>plain</t></is></c>'
    '<c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>bold </t></r><r><t xml:space="preserve">run </t></r>'
    '<rPh sb="0" eb="1"><t>phonetic</t></rPh></is></c><c r="C1" t="inlineStr"><is/></c>'
    '<c r="D1" t="inlineStr"><v>ignored</v></c></row>',
    "no references": "<row><c><v>1</v></c><c/><c><v>3</v></c></row><row><c><v>4</v></c></row>",
    "gaps and order": '<row r="3"><c r="C3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>'
    '<row r="5"><c r="b5"><v>5</v></c><c r="D5"><v>6</v></c></row><row r="6.0"><c r="A6"><v>7</v></c></row>',
    "formulas": '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f><v>4</v></c>'
    '<c r="C1"><f>NOW()</f></c></row><row r="2"><c r="B2"><f t="shared" si="0"/><v>8</v></c>'
    '<c r="C2"><f t="array" ref="C2:C3">SUM(A1:A2)</f><v>3</v></c></row>',
    "wide": '<row r="1"><c r="A1"><v>1</v></c><c r="IV1"><v>2</v></c><c r="IW1"><v>3</v></c><c r="XFD1"><v>4</v></c></row>',
    "entities": '<row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &#233;</t></is></c></row>',
    "blank values": '<row r="1"><c r="A1"><v></v></c><c r="B1" t="s"/></row><row r="2"/>',
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("data_only", [False, True], ids=["formulas", "cached"])
def test_hand_written_sheets(tmp_path: Path, case: str, data_only: bool) -> None:
    path = sheet_xml(tmp_path, CASES[case])
    for title, expected, got in both(path, data_only=data_only):
        assert _comparable(got) == _comparable(expected), title


def test_1904_dates(tmp_path: Path) -> None:
    path = sheet_xml(tmp_path, '<row r="1"><c r="A1" s="1"><v>366</v></c></row>', date1904=True)
    [(_, _, got)] = list(both(path))
    assert got == [(1, (dt.datetime(1905, 1, 1),))]


def test_a_few_values_spelled_out(tmp_path: Path) -> None:
    path = sheet_xml(tmp_path, CASES["inline strings"] + CASES["dates"].replace('r="1"', 'r="2"'))
    [(_, _, got)] = list(both(path))
    assert got[0] == (1, ("plain", "bold run ", ""))
    assert got[1] == (2, (dt.datetime(2024, 1, 1), dt.timedelta(hours=36), "#VALUE!"))


@pytest.mark.parametrize(
    "rows_xml",
    [
        '<row r="1"><c r="1A"><v>1</v></c></row>',  # not a cell reference
        '<row r="1"><c r="ABCD1"><v>1</v></c></row>',  # four letters
        '<row r="1"><c r="$A$1"><v>1</v></c></row>',  # openpyxl refuses an absolute reference
        '<row r="x"><c r="A1"><v>1</v></c></row>',
        '<row r="1.5"><c r="A1"><v>1</v></c></row>',
        '<row r="1"><c r="A1"><v>one</v></c></row>',  # a number that is not one
        '<row r="1"><c r="A1" t="s"><v>99</v></c></row>',  # no such shared string
        '<row r="1"><c r="A1"><v>1</v></row>',  # not well-formed
    ],
)
def test_damage_raises(tmp_path: Path, rows_xml: str) -> None:
    with (
        Package(sheet_xml(tmp_path, rows_xml)) as package,
        pytest.raises((ValueError, IndexError, cells.expat.ExpatError)),
    ):
        list(cells.iter_rows(package, package.sheets[0]))


def test_document_type_declarations_are_refused(tmp_path: Path, monkeypatch) -> None:
    """The safety scan refuses one before anything is parsed; the stream refuses one too."""
    xml = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>' + HEAD + TAIL
    with Package(sheet_xml(tmp_path, "")) as package:
        monkeypatch.setattr(package, "open", lambda part: io.BytesIO(xml.encode()))
        with pytest.raises(DamagedSheet, match="document type"):
            list(cells.iter_rows(package, package.sheets[0]))


@pytest.mark.parametrize(
    ("letters", "index"), [("A", 1), ("Z", 26), ("AA", 27), ("ab", 28), ("XFD", 16_384)]
)
def test_column_index(letters: str, index: int) -> None:
    assert column_index(letters) == index
    assert cells.column_letter(index) == letters.upper()


def assert_strings_as_openpyxl_reads_them(path: Path) -> None:
    from openpyxl.reader.strings import read_string_table

    with zipfile.ZipFile(path) as archive:
        with archive.open("xl/sharedStrings.xml") as part:
            expected = read_string_table(part)
        with archive.open("xl/sharedStrings.xml") as part:
            assert cells.read_shared_strings(part) == expected


def test_shared_strings_of_every_fixture_that_has_them() -> None:
    for path in WORKBOOKS:
        with zipfile.ZipFile(path) as archive:
            if "xl/sharedStrings.xml" in archive.namelist():
                assert_strings_as_openpyxl_reads_them(path)


def test_rich_and_phonetic_shared_strings() -> None:
    from openpyxl.reader.strings import read_string_table

    xml = (
        f'<sst xmlns="{cells.NS}"><si><t>plain</t></si><si><t/></si>'
        '<si><r><rPr><b/></rPr><t>bold </t></r><r><t xml:space="preserve"> run</t></r>'
        '<rPh sb="0" eb="1"><t>phonetic</t></rPh><phoneticPr fontId="1"/></si>'
        "<si><t>a_x005F_x000D_b &amp; &lt;c&gt;</t></si><si><t>line\nbreak</t></si></sst>"
    ).encode()
    expected = read_string_table(io.BytesIO(xml))
    assert cells.read_shared_strings(io.BytesIO(xml)) == expected
    assert expected[2] == "bold  run"


def test_the_package_gives_the_stream_its_strings(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["first", "second", "first"])
    book.save(tmp_path / "s.xlsx")
    with Package(tmp_path / "s.xlsx") as package:
        rows = list(cells.iter_rows(package, package.sheets[0]))
    assert rows == [(1, ("first", "second", "first"))]


def test_an_excel_like_workbook_reads_as_openpyxl_reads_it(tmp_path: Path) -> None:
    """The benchmark's generator saves as Excel does (shared strings, dimensions): present in CI."""
    path = load_script(ROOT / "benchmarks" / "generate.py").cached(tmp_path, 120)
    assert_strings_as_openpyxl_reads_them(path)
    for data_only in (False, True):
        test_same_values_as_openpyxl(path, data_only)
