"""The package reader names the sheets, date styles, epoch and strings openpyxl would name."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles.numbers import BUILTIN_FORMATS
from openpyxl.styles.numbers import is_date_format as openpyxl_is_date
from openpyxl.styles.numbers import is_timedelta_format as openpyxl_is_duration
from openpyxl.utils.datetime import MAC_EPOCH as OPENPYXL_MAC
from openpyxl.utils.datetime import WINDOWS_EPOCH as OPENPYXL_WINDOWS
from openpyxl.utils.datetime import from_excel as openpyxl_from_excel

from clustercheck.workbook import package as pk
from clustercheck.workbook.package import Package

from .test_cells import WORKBOOKS, sheet_xml

ROOT = Path(__file__).resolve().parents[2]


def _same_as_openpyxl(path: Path) -> None:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        with Package(path) as package:
            assert [(s.title, s.state) for s in package.sheets] == [
                (ws.title, ws.sheet_state) for ws in book.worksheets
            ]
            assert package.epoch == book.epoch
            assert package.date_styles == set(book._date_formats)
            assert package.duration_styles == set(book._timedelta_formats)
            if book.worksheets:  # a read-only workbook keeps its strings on its sheets
                assert package.strings == list(book.worksheets[0]._shared_strings)
    finally:
        book.close()


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_the_package_as_openpyxl_reads_it(path: Path) -> None:
    _same_as_openpyxl(path)


def test_1904_and_custom_date_styles(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    for row, code in enumerate(
        ["yyyy-mm-dd", '"day" 0', "[h]:mm", "0.00", "[$-409]mmmm d", "@"], 1
    ):
        ws.cell(row, 1, 1.5).number_format = code
    book.epoch = OPENPYXL_MAC
    book.create_sheet("Hidden").sheet_state = "hidden"
    book.save(tmp_path / "styles.xlsx")
    _same_as_openpyxl(tmp_path / "styles.xlsx")
    with Package(tmp_path / "styles.xlsx") as package:
        assert package.epoch == pk.MAC_EPOCH
        assert len(package.date_styles) == 3  # yyyy-mm-dd, [h]:mm, mmmm d
        assert len(package.duration_styles) == 1
        assert package.sheets[1].state == "hidden"


def test_a_sheet_written_by_hand(tmp_path: Path) -> None:
    _same_as_openpyxl(sheet_xml(tmp_path, '<row r="1"><c r="A1" s="1"><v>45292</v></c></row>'))


@pytest.mark.parametrize(
    "code",
    [
        *BUILTIN_FORMATS.values(),
        "yyyy-mm-dd",
        '"d"0',
        "[Red]0.00",
        "[hh]:mm:ss",
        "mm:ss.0",
        "[$-F800]dddd, mmmm dd, yyyy",
        "0_s",
        r"0\d",
        "#,##0;[Red]-#,##0;",
        "General",
        "[s]",
    ],
)
def test_number_formats_as_openpyxl_tells_them(code: str) -> None:
    assert pk.is_date_format(code) == openpyxl_is_date(code)
    assert pk.is_duration_format(code) == openpyxl_is_duration(code)


@pytest.mark.parametrize(
    "serial", [0, 0.25, 0.999999, 1, 59, 60, 61, 45292.5, 2958465.99, 1.0000001]
)
@pytest.mark.parametrize("duration", [False, True])
def test_serials_as_openpyxl_reads_them(serial: float, duration: bool) -> None:
    def outcome(read, *args, **kwargs):  # the value, or the type of what it raised
        try:
            return read(*args, **kwargs)
        except (OverflowError, ValueError) as exc:
            return type(exc)

    for ours, theirs in ((pk.WINDOWS_EPOCH, OPENPYXL_WINDOWS), (pk.MAC_EPOCH, OPENPYXL_MAC)):
        assert outcome(pk.from_excel, serial, ours, duration=duration) == outcome(
            openpyxl_from_excel, serial, theirs, timedelta=duration
        )


def test_beyond_the_last_date_raises() -> None:
    with pytest.raises((OverflowError, ValueError)):
        pk.from_excel(99_999_999, pk.WINDOWS_EPOCH)
    assert pk.from_excel(45292, pk.WINDOWS_EPOCH) == dt.datetime(2024, 1, 1)


def test_checking_a_workbook_does_not_import_openpyxl() -> None:
    code = (
        "import sys; from clustercheck.workbook.reader import load; "
        f"load({str(ROOT / 'fixtures' / 'example.xlsx')!r}); "
        "assert 'openpyxl' not in sys.modules, 'openpyxl imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
