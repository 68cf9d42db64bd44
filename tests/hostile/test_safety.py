"""The cheap checks before openpyxl: prologs, limits and their variables, and damaged sheets."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from clustercheck.errors import ConfigError, WorkbookError
from clustercheck.workbook import limits, safety
from clustercheck.workbook.reader import load
from tests.hostile.conftest import HOSTILE, build_hostile


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet/>', None),
        (b"\xef\xbb\xbf<?xml version='1.0'?><!-- made by hand --><a/>", None),
        ('<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16"), None),
        (
            "<?xml version='1.0'?><!DOCTYPE a><a/>".encode("utf-16-le"),
            "a document type declaration",
        ),
        (b"<!-- <!DOCTYPE in a comment is text --><a/>", None),
        (
            b"<?xml version='1.0'?>\n<!DOCTYPE a [<!ENTITY b 'c'>]><a>&b;</a>",
            "a document type declaration",
        ),
        (b"<!-- a comment --> <!doctype a><a/>", "a document type declaration"),
        (b"<?xml version='1.0' encoding='cp037'?><a/>", "the XML encoding 'cp037'"),
        (b"<?xml version='1.0'", "more"),
        (b"<!-- never closed", "more"),
        (b"\x89PNG\r\n", None),  # not XML: parsing it fails, if anything parses it
    ],
)
def test_prolog_problem(data: bytes, problem: str | None) -> None:
    assert safety.prolog_problem(data) == problem


def test_limits_come_from_the_environment() -> None:
    assert limits.current({}) == limits.Limits()
    assert limits.current({"CLUSTERCHECK_MAX_ROWS": "5_000"}).max_rows == 5000
    with pytest.raises(ConfigError, match="CLUSTERCHECK_MAX_CELLS"):
        limits.current({"CLUSTERCHECK_MAX_CELLS": "many"})
    with pytest.raises(ConfigError, match="positive"):
        limits.current({"CLUSTERCHECK_MAX_RATIO": "0"})
    assert {name for name, _, _ in limits.describe()} == {
        f"CLUSTERCHECK_{f.upper()}" for f in limits.Limits.__annotations__
    }


def test_security_md_lists_every_limit() -> None:
    text = (HOSTILE.parents[1] / "SECURITY.md").read_text(encoding="utf-8")
    for name, default, _ in limits.describe():
        assert name in text
        assert f"{default:,}" in text or f"{default // limits.MIB:,} MiB" in text


EXAMPLE = HOSTILE / "hidden-sheets.xlsx"  # a complete workbook that loads


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("CLUSTERCHECK_MAX_ROWS", "5", "rows in its part"),
        ("CLUSTERCHECK_MAX_CELLS", "100", "cells"),
        ("CLUSTERCHECK_MAX_PARTS", "10", "parts"),
        ("CLUSTERCHECK_MAX_PART_BYTES", "1000", "unpacked"),
        ("CLUSTERCHECK_MAX_TOTAL_BYTES", "50000", "unpacks to more than"),
        ("CLUSTERCHECK_MAX_PROLOG_BYTES", "10", "before its first XML element"),
    ],
)
def test_each_limit_refuses_in_one_sentence(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, words: str
) -> None:
    load(EXAMPLE)  # within the default limits
    monkeypatch.setenv(variable, value)
    with pytest.raises(WorkbookError, match=words) as caught:
        load(EXAMPLE)
    message = str(caught.value)
    assert message.startswith(str(EXAMPLE))
    assert "\n" not in message
    if "PROLOG" not in variable:
        assert variable in message


def test_shared_strings_are_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    strings = b"<sst xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
    strings += b"<si><t>a</t></si><si><t>b</t></si><x:si><x:t>c</x:t></x:si><si/></sst>"
    path = _rezip(EXAMPLE, tmp_path / "strings.xlsx", "xl/sharedStrings.xml", strings)
    load(path)
    monkeypatch.setenv("CLUSTERCHECK_MAX_STRINGS", "3")
    with pytest.raises(WorkbookError, match=r"has 4 shared strings.*CLUSTERCHECK_MAX_STRINGS"):
        load(path)


def test_ratio_limit_applies_from_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLUSTERCHECK_RATIO_FROM_BYTES", "1000")
    monkeypatch.setenv("CLUSTERCHECK_MAX_RATIO", "2")
    with pytest.raises(WorkbookError, match="zip bomb"):
        load(EXAMPLE)


def test_a_second_wall_refuses_entities_even_without_the_prolog_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Defence in depth: openpyxl parses the workbook's parts through defusedxml, which refuses any
    entity declaration, and the sheet stream refuses any document type declaration in a sheet.

    defusedxml allows a DTD without entities, which the OOXML rules forbid: the prolog scan refuses it.
    """
    from clustercheck.workbook.cells import DamagedSheet

    monkeypatch.setattr(safety, "prolog_problem", lambda data: None)
    for name in ("billion-laughs.xlsx", "quadratic-blowup.xlsx", "external-entity.xlsx"):
        with pytest.raises(WorkbookError) as caught:
            load(HOSTILE / name)
        cause = caught.value.__cause__
        while cause is not None and cause.__cause__ is not None:
            cause = cause.__cause__
        assert isinstance(cause, DamagedSheet) or type(cause).__module__.startswith("defusedxml"), (
            repr(cause)
        )
    load(HOSTILE / "dtd-in-content-types.xlsx")  # defusedxml lets it through


def _rezip(source: Path, target: Path, part: str, data: bytes) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info.filename, old.read(info))
        new.writestr(part, data)
    target.write_bytes(buffer.getvalue())
    return target


@pytest.mark.parametrize(
    "sheet",
    [
        b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
        b"<dimension ref='A1:A2'/><sheetData><row r='1'><c r='A1'><v>1</v></c></row><row>",  # cut
        b"<worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><sheetData>"
        b"<row r='x'><c r='A1' t='n'><v>not a number</v></c></row></sheetData></worksheet>",
    ],
)
def test_a_damaged_sheet_is_a_workbook_error_naming_the_sheet(tmp_path: Path, sheet: bytes) -> None:
    path = _rezip(EXAMPLE, tmp_path / "bad.xlsx", build_hostile().CLUSTERS, sheet)
    with pytest.raises(WorkbookError, match=r"sheet 'Clusters'.*damaged"):
        load(path)


@pytest.mark.parametrize("name", ["nothing-here.xlsx", ""])
def test_not_a_file(tmp_path: Path, name: str) -> None:
    with pytest.raises(WorkbookError, match=r"no such file|not a file"):
        load(tmp_path / name)


def _zip_of(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, b"<a/>")
    return path


def test_the_zip_directory_is_measured_before_zipfile_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    many = _zip_of(tmp_path / "many.xlsx", [f"p{i}.xml" for i in range(20)])
    long_names = _zip_of(tmp_path / "long.xlsx", [f"{i}{'n' * 3000}.xml" for i in range(5)])
    monkeypatch.setenv("CLUSTERCHECK_MAX_PARTS", "10")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("zipfile read a directory that is over the limit")

    with monkeypatch.context() as patched:
        patched.setattr(zipfile, "ZipFile", refuse)
        with pytest.raises(WorkbookError, match="has 20 parts"):
            safety.check_file(many)
        with pytest.raises(WorkbookError, match="zip directory"):
            safety.check_file(long_names)
    assert safety._directory_size(long_names) == (5, pytest.approx(5 * 3060, abs=200))
