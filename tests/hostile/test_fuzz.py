"""Fuzzing: random workbooks and corrupted real ones never make an exception escape.

For every input, ``reader.load`` raises nothing but WorkbookError, ``clustercheck check`` exits 0, 1
or 2 with no traceback, and every input finding has a location. The CI profile runs a few hundred
examples in well under a minute; ``CLUSTERCHECK_FUZZ=long`` runs many more (see SECURITY.md).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clustercheck.cli import main
from clustercheck.config import Config
from clustercheck.engine import check_file
from clustercheck.errors import WorkbookError
from clustercheck.findings import Outcome
from clustercheck.plugins import get_plugins
from clustercheck.workbook.reader import load
from tests.hostile.conftest import HOSTILE

LONG = os.environ.get("CLUSTERCHECK_FUZZ") == "long"
settings.register_profile(
    "clustercheck-ci",
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "clustercheck-long",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("clustercheck-long" if LONG else "clustercheck-ci")
PLUGINS = get_plugins(())
SCHEMA = PLUGINS.schema
SEED = (HOSTILE / "hidden-sheets.xlsx").read_bytes()  # the example, as openpyxl saves it


class Sample(bytes):
    """A fuzzed file: shown by size and hash (Hypothesis refuses to print 100 kB of bytes)."""

    def __repr__(self) -> str:
        return f"Sample({len(self)} bytes, sha256 {hashlib.sha256(self).hexdigest()[:16]})"

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(repr(self))  # type: ignore[attr-defined]  # Hypothesis's pretty printer


# -- what a cell may hold ----------------------------------------------------------------------------

# Characters openpyxl can write (XML 1.0 forbids most control characters).
TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    max_size=40,
)
SHEET_NAMES = [s.name for s in SCHEMA.sheets]
COLUMN_NAMES = sorted({c.name for s in SCHEMA.sheets for c in s.columns})
VALUES = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(
        ["#REF!", "#N/A", "#DIV/0!", "yes", "no", "x", "2026-02-30", "50%", "ORG-1", "C1"]
    ),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.builds(lambda t: "=" + t, TEXT),  # a formula, never calculated
)


@st.composite
def workbooks(draw: st.DrawFn) -> bytes:
    """A workbook of random sheets (schema names and others), headers, values and merges."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook()
    book.remove(book.active)
    names = draw(
        st.lists(
            st.sampled_from(SHEET_NAMES) | TEXT.filter(bool).map(lambda t: t[:31]),
            min_size=1,
            max_size=5,
        )
    )
    for name in names:
        title = "".join(c for c in name if c not in "[]:*?/\\'").strip()[:31] or "Sheet"
        if title.lower() in {s.lower() for s in book.sheetnames}:
            continue
        ws = book.create_sheet(title)
        width = draw(st.integers(1, 8))
        header = draw(
            st.lists(
                st.sampled_from(COLUMN_NAMES) | TEXT | st.none(), min_size=width, max_size=width
            )
        )
        ws.append(header)
        for _ in range(draw(st.integers(0, 6))):
            ws.append(draw(st.lists(VALUES, min_size=0, max_size=width + 2)))
        if draw(st.booleans()):
            row, col = draw(st.integers(1, 5)), draw(st.integers(1, 5))
            ws.merge_cells(f"{get_column_letter(col)}{row}:{get_column_letter(col + 1)}{row + 1}")
        if len(book.sheetnames) > 1 and draw(st.booleans()):
            ws.sheet_state = "hidden"  # never the first: openpyxl will not save it so
    if not book.sheetnames:
        book.create_sheet("Empty")
    buffer = io.BytesIO()
    book.save(buffer)
    return Sample(buffer.getvalue())


# -- corrupting real ones ----------------------------------------------------------------------------

with zipfile.ZipFile(io.BytesIO(SEED)) as _seed:
    PARTS = _seed.namelist()


@st.composite
def byte_mutations(draw: st.DrawFn) -> bytes:
    """The example's file bytes with a few bytes changed, cut or inserted (mostly caught by CRC)."""
    data = bytearray(SEED)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "cut", "insert"]))
        if kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
    return Sample(data)


@st.composite
def part_mutations(draw: st.DrawFn) -> bytes:
    """The example with one part's XML corrupted and re-zipped, so it reaches the XML parser."""
    part = draw(st.sampled_from(PARTS))
    with zipfile.ZipFile(io.BytesIO(SEED)) as archive:
        contents = {name: archive.read(name) for name in PARTS}
    data = bytearray(contents[part])
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        kind = draw(st.sampled_from(["flip", "cut", "insert", "markup"]))
        if kind == "flip" and data:
            data[at] = draw(st.integers(32, 126))
        elif kind == "cut":
            del data[at : at + draw(st.integers(1, 200))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        else:
            data[at:at] = draw(
                st.sampled_from(
                    [
                        b"<c r='ZZZ9'/>",
                        b"<row r='0'/>",
                        b"<v>1e999</v>",
                        b"</x>",
                        b"<!--",
                        b"&amp;",
                        b"<c t='e'><v>#REF!</v></c>",
                        b"<c r='A2' s='99'><v>45000</v></c>",
                        b"<row r='2'><c r='B2' t='s'><v>99</v></c></row>",
                    ]
                )
            )
    contents[part] = bytes(data)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in contents.items():
            archive.writestr(name, body)
    return Sample(buffer.getvalue())


# -- the properties ----------------------------------------------------------------------------------


def assert_survives(data: bytes) -> None:
    """Load and check the bytes: only WorkbookError may escape, and findings have locations."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.xlsx"
        path.write_bytes(data)
        error: WorkbookError | None = None
        try:
            loaded = load(path, SCHEMA)
        except WorkbookError as caught:
            error = caught
        if error is not None:
            assert "\n" not in str(error)
            assert str(error).startswith(str(path))
        else:
            for finding in loaded.findings:
                assert finding.location is not None, finding
                assert finding.location.sheet
        result = check_file(path, PLUGINS.rules, SCHEMA, Config())
        # What the loader refused is unreadable; what it loaded, every rule judges without crashing.
        assert (
            result.status == "unreadable"
            if error is not None
            else result.status in ("pass", "fail")
        )
        assert not any(r.outcome is Outcome.ERROR for r in result.results), result.results
        for finding in result.findings:
            # one sentence, and a place in the workbook: a sheet at least
            assert finding.message.strip(), finding
            assert "\n" not in finding.message, finding
            assert finding.location is not None, finding
            assert finding.location.sheet, finding


@FUZZ
@given(workbooks())
def test_random_workbooks(data: bytes) -> None:
    assert_survives(data)


@FUZZ
@given(byte_mutations())
def test_corrupted_bytes(data: bytes) -> None:
    assert_survives(data)


@FUZZ
@given(part_mutations())
def test_corrupted_parts(data: bytes) -> None:
    assert_survives(data)


@settings(FUZZ, max_examples=FUZZ.max_examples // 4)
@given(st.one_of(workbooks(), byte_mutations(), part_mutations()))
def test_cli_exit_status_is_0_1_or_2(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.xlsx"
        path.write_bytes(data)
        result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code in (0, 1, 2), (result.output, result.exception)
    assert "Traceback" not in result.output
    assert "internal error" not in result.output


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.glob("*.xlsx")))
def test_hostile_fixtures_survive_too(name: str) -> None:
    assert_survives((HOSTILE / name).read_bytes())
