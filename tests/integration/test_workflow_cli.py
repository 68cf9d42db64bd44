"""The evaluator's and donor's workflow through the command line: waivers, portfolios, revisions,
redaction and parallel checking."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner, Result

from clustercheck.cli import main
from clustercheck.cli.terminal import progress
from clustercheck.report.json import report_schema
from clustercheck.testing import Rows, example_rows, write_rows
from clustercheck.workbook.example import FIXED_IN_REVISION
from tests.conftest import FIXTURES

WEAK = FIXTURES / "weak-design.xlsx"
REVISED = FIXTURES / "weak-design-revised.xlsx"


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def one_error(tmp_path: Path) -> Path:
    """The example without the Cap Bon CDA: exactly one error, TEAM02 on Clusters!A3 (CL2)."""
    rows = example_rows()
    rows.remove("Team", person_id="P03")
    return write_rows(rows, tmp_path / "proposal.xlsx")


def waivers_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "waivers.toml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


WAIVE_TEAM02 = """
    [[waiver]]
    rule = "TEAM02"
    project = "TUN-CLU-2026"
    cluster = "CL2"
    cell = "Clusters!A3"
    reason = "The CDA is recruited through the counterpart's own procedure."
    approved-by = "Evaluation team lead"
    expires = {expires}
"""


def check_json_and_sarif(tmp_path: Path, *args: object) -> tuple[Result, dict[str, Any], Any]:
    sarif_path = tmp_path / "report.sarif"
    result = run("check", "--format", "json", "-o", sarif_path, *args)
    report = json.loads(result.stdout)
    jsonschema.validate(report, report_schema())
    return result, report, json.loads(sarif_path.read_text("utf-8"))


def sarif_results(sarif: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [r for r in sarif["runs"][0]["results"] if r["ruleId"] == rule]


def test_a_waived_finding_is_reported_as_waived_and_does_not_fail(
    tmp_path: Path, one_error: Path
) -> None:
    plain = run("check", one_error)
    assert plain.exit_code == 1
    waivers = waivers_file(tmp_path, WAIVE_TEAM02.format(expires="2099-12-31"))
    result, report, sarif = check_json_and_sarif(tmp_path, one_error, "--waivers", waivers)
    assert result.exit_code == 0, result.output
    (project,) = report["projects"]
    assert project["status"] == "pass"
    assert project["summary"]["error"] == 0
    assert project["summary"]["waived"] == 1
    (finding,) = [f for f in project["findings"] if f["rule"] == "TEAM02"]
    assert finding["waived"] == {
        "reason": "The CDA is recruited through the counterpart's own procedure.",
        "approved-by": "Evaluation team lead",
        "expires": "2099-12-31",
    }
    assert report["waivers"]["applied"] == 1
    assert report["waivers"]["unused"] == report["waivers"]["expired"] == []
    (sarif_result,) = sarif_results(sarif, "TEAM02")
    (suppression,) = sarif_result["suppressions"]
    assert suppression["justification"] == finding["waived"]["reason"]
    assert suppression["status"] == "accepted"
    text = run("check", one_error, "--waivers", waivers)
    assert "waived by Evaluation team lead" in text.stdout
    assert "1 waived" in text.stdout


def test_an_expired_waiver_is_not_applied_and_says_so(tmp_path: Path, one_error: Path) -> None:
    waivers = waivers_file(tmp_path, WAIVE_TEAM02.format(expires="2020-01-31"))
    result, report, sarif = check_json_and_sarif(tmp_path, one_error, "--waivers", waivers)
    assert result.exit_code == 1
    (finding,) = [f for f in report["projects"][0]["findings"] if f["rule"] == "TEAM02"]
    assert "waived" not in finding
    assert [w["rule"] for w in report["waivers"]["expired"]] == ["TEAM02"]
    assert "expired on 2020-01-31 and was not applied" in result.stderr
    assert "suppressions" not in sarif_results(sarif, "TEAM02")[0]


def test_a_waiver_that_matches_nothing_is_reported_unused(tmp_path: Path, one_error: Path) -> None:
    body = WAIVE_TEAM02.format(expires="2099-12-31").replace('"CL2"', '"CL1"')
    waivers = waivers_file(tmp_path, body)
    result, report, sarif = check_json_and_sarif(tmp_path, one_error, "--waivers", waivers)
    assert result.exit_code == 1
    assert [w["cluster"] for w in report["waivers"]["unused"]] == ["CL1"]
    assert "matched no finding" in result.stderr
    assert "suppressions" not in sarif_results(sarif, "TEAM02")[0]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('rule = "TEAM02"\napproved-by = "lead"', "waiver 1 (TEAM02) has no 'reason'"),
        (
            'rule = "TEAM02"\nreason = "r"\napproved-by = "lead"\nexpires = "31/12/2027"',
            "waiver 1 (TEAM02): expires: expected a date like 2027-12-31, found '31/12/2027'.",
        ),
        ('rule = "TEAM02"\nreason = "r"', "has no 'approved-by'"),
    ],
)
def test_an_invalid_waiver_is_a_configuration_error(
    tmp_path: Path, one_error: Path, body: str, message: str
) -> None:
    waivers = waivers_file(tmp_path, "[[waiver]]\n" + body)
    result = run("check", one_error, "--waivers", waivers, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""  # nothing is checked with a broken waivers file
    assert message in result.stderr
    assert str(waivers) in result.stderr
    assert "Traceback" not in result.stderr


def test_the_waivers_file_is_found_through_the_configuration(
    tmp_path: Path, one_error: Path
) -> None:
    waivers_file(tmp_path, WAIVE_TEAM02.format(expires="2099-12-31"))
    config = tmp_path / "clustercheck.toml"
    config.write_text('waivers = "waivers.toml"\n', encoding="utf-8")
    result = run("check", one_error, "--config", config, "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["projects"][0]["summary"]["waived"] == 1


def _variant(index: int) -> Rows:
    """Proposal ``index`` of a generated folder: the example with a few deterministic changes."""
    rows = example_rows()
    rows.project["project_id"] = f"GEN-{index:03d}"
    rows.project["title"] = f"Generated proposal {index}"
    if index % 3 == 1:
        rows.remove("Team", person_id="P03")  # TEAM02 and more
    if index % 4 == 2:
        rows.remove("BodyMembers", body_id="B-PSC", org_id="ORG-SECO")  # SC02
    if index % 5 == 3:
        rows.set("Bodies", {"body_id": "B-PSC"}, meetings_per_year=None)  # SC03 unknown
    if index % 7 == 0:
        rows.set("Clusters", {"cluster_id": "CL2"}, selection_criteria=None)  # PR01
    return rows


def test_thirty_proposals_in_two_processes_give_the_same_json_and_a_portfolio(
    tmp_path: Path,
) -> None:
    from openpyxl import load_workbook

    folder = tmp_path / "proposals"
    folder.mkdir()
    for index in range(30):
        write_rows(_variant(index), folder / f"proposal-{index:02d}.xlsx")
    (folder / "proposal-99-broken.xlsx").write_bytes(b"a damaged download")
    command = [sys.executable, "-c", "from clustercheck.cli import main; main()", "check"]
    outputs = {}
    for jobs in ("1", "2"):
        sheet = tmp_path / f"jobs{jobs}.portfolio.xlsx"
        done = subprocess.run(
            [*command, str(folder), "--format", "json", "--jobs", jobs, "-o", str(sheet)],
            capture_output=True,
            check=False,
            cwd=tmp_path,
        )
        assert done.returncode == 2, done.stderr  # the broken file; the rest are still checked
        assert b"proposal-99-broken.xlsx" in done.stderr
        outputs[jobs] = done.stdout
    assert outputs["1"] == outputs["2"]
    report = json.loads(outputs["2"])
    jsonschema.validate(report, report_schema())
    assert len(report["projects"]) == 31
    assert [p["project_id"] for p in report["projects"][:30]] == [f"GEN-{i:03d}" for i in range(30)]
    verdicts = report["portfolio"]["verdicts"]
    assert verdicts["unreadable"] == 1
    assert verdicts["fail"] == sum(1 for i in range(30) if i % 3 == 1)  # TEAM02 is the one error
    rows = list(
        load_workbook(tmp_path / "jobs2.portfolio.xlsx")["Portfolio"].iter_rows(values_only=True)
    )
    assert len(rows) == 1 + 31  # the header, then one row per proposal
    assert [r[0] for r in rows[1:31]] == [f"GEN-{i:03d}" for i in range(30)]


def test_diff_of_the_weak_design_and_its_revision_lists_exactly_the_fixed_findings() -> None:
    result = run("diff", WEAK, REVISED, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "clustercheck-diff/1"
    (project,) = data["projects"]
    assert project["new"] == []
    assert sorted({f["rule"] for f in project["fixed"]}) == sorted(FIXED_IN_REVISION)
    check_old = json.loads(run("check", WEAK, "--format", "json").stdout)
    check_new = json.loads(run("check", REVISED, "--format", "json").stdout)
    old_findings = check_old["projects"][0]["findings"]
    assert len(project["fixed"]) == sum(1 for f in old_findings if f["rule"] in FIXED_IN_REVISION)
    assert project["remaining"] == check_new["projects"][0]["findings"]


def test_diff_exits_1_when_the_revision_adds_a_finding_at_or_above_fail_on() -> None:
    backwards = run("diff", REVISED, WEAK)
    assert backwards.exit_code == 1
    assert "New:" in backwards.stdout
    assert run("diff", REVISED, WEAK, "--fail-on", "never").exit_code == 0
    markdown = run("diff", REVISED, WEAK, "--format", "markdown", "--fail-on", "never")
    assert "### New" in markdown.stdout
    page = run("diff", WEAK, REVISED, "--format", "html")
    assert page.stdout.startswith("<!DOCTYPE html>")


def test_diff_of_an_unreadable_file_exits_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"no workbook")
    result = run("diff", WEAK, broken)
    assert result.exit_code == 2
    assert "broken.xlsx" in result.stderr


def test_redact_removes_every_team_name_from_every_report(tmp_path: Path) -> None:
    names = [r["name"] for r in example_rows().sheet("Team")]
    # TEAM03 and PR03 name the Sfax CDA in the weak design.
    plain = run("check", WEAK, "--format", "json")
    assert "Karim Trabelsi" in plain.stdout
    outputs = [tmp_path / "r.html", tmp_path / "r.sarif", tmp_path / "r.md", tmp_path / "r.txt"]
    args = [a for o in outputs for a in ("-o", o)]
    for fmt in ("json", "text"):
        result = run("check", WEAK, "--redact", "--format", fmt, *args)
        assert result.exit_code == 1
        assert "P02" in result.stdout
        texts = [result.stdout, *(o.read_text("utf-8") for o in outputs)]
        for text in texts:
            for name in names:
                assert name not in text


def test_the_progress_bar_shows_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, total, shown in (
        (Terminal(), 3, True),
        (io.StringIO(), 3, False),
        (Terminal(), 1, False),
    ):
        monkeypatch.setattr(sys, "stderr", stream)
        with progress(total) as advance:
            for _ in range(total):
                advance(None)
        assert ("checking" in stream.getvalue()) is shown


def test_redact_replaces_the_team_names_in_the_annotated_copy(tmp_path: Path) -> None:
    import openpyxl

    copy = tmp_path / "copy.xlsx"
    assert run("check", WEAK, "--redact", "-o", copy).exit_code == 1
    book = openpyxl.load_workbook(copy)
    cells = [
        str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value
    ]
    comments = [
        c.comment.text for ws in book.worksheets for row in ws.iter_rows() for c in row if c.comment
    ]
    for name in (r["name"] for r in example_rows().sheet("Team") if r["name"]):
        assert not [text for text in cells + comments if name in text], name
    assert "P02" in {str(book["Team"][f"B{row}"].value) for row in range(2, 8)}
    unredacted = tmp_path / "plain.xlsx"
    run("check", WEAK, "-o", unredacted)
    assert "Karim Trabelsi" in {
        str(c.value) for row in openpyxl.load_workbook(unredacted)["Team"].iter_rows() for c in row
    }
