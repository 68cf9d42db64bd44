"""``clustercheck check -o`` writes every report format, each atomically, and says where."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from clustercheck.cli import main

FORMATS = {
    "a.html": "html",
    "b.xlsx": "xlsx",
    "c.md": "markdown",
    "d.sarif": "sarif",
    "e.xml": "junit",
}


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # no clustercheck.toml from the repository
    monkeypatch.delenv("CLUSTERCHECK_LOAD_PLUGINS", raising=False)
    return CliRunner()


def test_every_format_is_written(runner: CliRunner, weak_workbook: Path, tmp_path: Path) -> None:
    before = weak_workbook.read_bytes()
    args = ["check", str(weak_workbook)]
    for name in FORMATS:
        args += ["-o", str(tmp_path / name)]
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output  # the weak design fails
    for name, reporter in FORMATS.items():
        path = tmp_path / name
        assert path.stat().st_size > 0, name
        assert f"wrote {reporter} report to {path}" in result.stderr
    assert weak_workbook.read_bytes() == before
    assert list(tmp_path.glob(".*.tmp")) == []  # no temporary file left behind
    assert "<svg" in (tmp_path / "a.html").read_text("utf-8")
    assert openpyxl.load_workbook(tmp_path / "b.xlsx").sheetnames[0] == "Findings"
    assert (tmp_path / "c.md").read_text("utf-8").startswith("# Project design review")
    assert json.loads((tmp_path / "d.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert ET.parse(tmp_path / "e.xml").getroot().tag == "testsuites"


def test_annotating_several_workbooks_is_refused(
    runner: CliRunner, weak_workbook: Path, tmp_path: Path
) -> None:
    second = tmp_path / "second.xlsx"
    second.write_bytes(weak_workbook.read_bytes())
    result = runner.invoke(main, ["check", str(weak_workbook), str(second), "-o", "out.xlsx"])
    assert result.exit_code == 2
    assert "an annotated workbook is a copy of one workbook, and 2 were checked" in result.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_the_input_is_never_overwritten(runner: CliRunner, weak_workbook: Path) -> None:
    before = weak_workbook.read_bytes()
    result = runner.invoke(main, ["check", str(weak_workbook), "-o", str(weak_workbook)])
    assert result.exit_code == 2
    assert "refusing to write a report over an input workbook" in result.stderr
    assert weak_workbook.read_bytes() == before
