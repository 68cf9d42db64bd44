"""Every file in fixtures/hostile: exit 2 with one sentence, or findings, in bounded time and memory."""

from __future__ import annotations

import pytest

from clustercheck.workbook.reader import load
from tests.hostile.conftest import HOSTILE, build_hostile, measured_cli

CASES = build_hostile().CASES
SECONDS = 5.0
MEGABYTES = 300.0


def test_every_fixture_file_is_a_case() -> None:
    on_disk = {p.name for p in HOSTILE.iterdir() if p.name != "README.md"}
    assert on_disk == {case.name for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_cli_answers_in_one_sentence_within_limits(case) -> None:
    result = measured_cli("check", HOSTILE / case.name)
    stderr = result["stderr"]
    assert "Traceback" not in stderr
    assert "internal error" not in stderr
    # CPU time, not wall time: what the check costs, whatever else the machine is doing.
    assert result["cpu"] < SECONDS, (
        f"{case.name}: {result['cpu']:.2f} s CPU ({result['wall']:.2f} s wall)"
    )
    assert result["maxrss_mb"] < MEGABYTES, f"{case.name}: {result['maxrss_mb']:.0f} MB"
    if case.kind == "error":
        assert result["rc"] == 2, stderr
        lines = stderr.splitlines()
        assert len(lines) == 1, stderr
        sentence = lines[0]
        assert sentence.startswith(f"clustercheck: error: {HOSTILE / case.name}")
        assert sentence.endswith(".")
        for words in case.expect:
            assert words in sentence
    else:
        assert result["rc"] in (0, 1), stderr
        assert stderr == ""


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "loads"], ids=lambda c: c.name)
def test_surprises_load_with_findings_at_their_cells(case) -> None:
    findings = load(HOSTILE / case.name).findings
    got = [(f.rule, f.location.sheet, f.location.cell) for f in findings if f.location]
    assert sorted(got) == sorted(case.expect)
    assert all(f.location is not None for f in findings)


def test_surprising_text_is_kept_as_written() -> None:
    clusters = load(HOSTILE / "right-to-left.xlsx").project.clusters
    assert clusters[0].name.startswith("\u202econtrol-right-to-left")
    assert "皮革和鞋类" in clusters[0].sector
    long = load(HOSTILE / "long-text.xlsx").project.clusters[0]
    assert len(long.selection_criteria) == 32_767


def test_hidden_sheets_are_read() -> None:
    project = load(HOSTILE / "hidden-sheets.xlsx").project
    assert project.team
    assert project.bodies
