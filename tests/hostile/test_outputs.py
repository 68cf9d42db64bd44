"""Inputs are never changed: SHA-256 unchanged after a check that writes every report format."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from clustercheck.cli import main
from clustercheck.plugins import get_plugins
from tests.hostile.conftest import HOSTILE, ROOT

INPUTS = ("merged-cells.xlsx", "right-to-left.xlsx", "formula-no-cache.xlsx", "damaged.xlsx")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extensions() -> list[str]:
    """Every -o extension a loaded reporter registers: new formats are covered when they land."""
    return sorted({e for r in get_plugins(()).reporters.values() for e in r.extensions})


def sources() -> list[Path]:
    example = ROOT / "fixtures" / "example.xlsx"
    return [HOSTILE / name for name in INPUTS] + ([example] if example.exists() else [])


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    copies = []
    for source in sources():
        copy = tmp_path / "in" / source.name
        copy.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, copy)
        copies.append(copy)
    return copies


@pytest.mark.parametrize("name", [p.name for p in sources()])
def test_every_report_format_leaves_the_input_unchanged(
    inputs: list[Path], tmp_path: Path, name: str
) -> None:
    source = next(p for p in inputs if p.name == name)
    before = sha256(source)
    outputs = [tmp_path / f"report{e}" for e in extensions()]
    assert {".json", ".txt"} <= {o.suffix for o in outputs}
    args = [str(source)]
    for output in outputs:
        args += ["-o", str(output)]
    result = CliRunner().invoke(main, ["check", *args])
    assert "Traceback" not in result.output
    assert sha256(source) == before
    assert not list(tmp_path.rglob("*.tmp"))  # atomic writes leave no temporary file behind
    if name == "damaged.xlsx":
        assert result.exit_code == 2, result.output
    else:
        assert result.exit_code in (0, 1), result.output
        missing = [o.name for o in outputs if not o.is_file() or not o.stat().st_size]
        assert not missing, result.output


@pytest.mark.parametrize("extension", extensions())
def test_a_report_over_an_input_is_refused(inputs: list[Path], extension: str) -> None:
    source = inputs[0]
    alias = source.parent / f"alias{extension}"
    alias.symlink_to(source)  # the same file under a name with the report's extension
    before = sha256(source)
    result = CliRunner().invoke(main, ["check", str(source), "-o", str(alias)])
    assert result.exit_code == 2
    assert "refusing to write a report over an input workbook" in result.output
    assert sha256(source) == before
    assert not list(source.parent.glob(f".{alias.name}.*"))


def test_a_report_named_as_an_xlsx_input_is_refused(inputs: list[Path]) -> None:
    if ".xlsx" not in extensions():
        pytest.skip("no reporter writes .xlsx yet")
    source = inputs[0]
    before = sha256(source)
    result = CliRunner().invoke(main, ["check", str(source), "-o", str(source)])
    assert result.exit_code == 2
    assert sha256(source) == before


INJECTION = HOSTILE / "formula-and-html-text.xlsx"


def test_reports_neutralise_formulas_and_html_from_the_input(tmp_path: Path) -> None:
    """Text from a workbook never becomes a live formula in a spreadsheet or live HTML in a page."""
    import openpyxl

    outputs = [tmp_path / f"report{e}" for e in extensions()]
    args = ["check", str(INJECTION)]
    for output in outputs:
        args += ["-o", str(output)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    checked = kept = 0
    for output in outputs:
        if output.suffix in (".html", ".htm", ".md", ".markdown"):
            text = output.read_text(encoding="utf-8")
            assert "<script>alert(2)" not in text, output.name
            assert "<img src=x" not in text, output.name
            assert "onerror=alert(1)" in text.replace("&#61;", "="), output.name  # kept, inert
            checked += 1
        elif output.suffix == ".xlsx":
            book = openpyxl.load_workbook(output)
            cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
            live = [
                c.coordinate
                for c in cells
                if c.data_type == "f" and "example.invalid" in str(c.value)
            ]
            assert not live, f"{output.name}: live formulas from the input at {live}"
            kept += any("example.invalid" in str(c.value) for c in cells)
            checked += 1
    assert checked >= 1
    if any(o.suffix == ".xlsx" for o in outputs):
        assert kept, "no spreadsheet report shows the text at all: the test would prove nothing"
