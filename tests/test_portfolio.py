"""The portfolio: projects by rule family with counts and verdicts, in text, JSON and a sheet."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from clustercheck.api import Checker
from clustercheck.config import Config
from clustercheck.plugins import Plugins
from clustercheck.report.json import as_dict
from clustercheck.report.overview import portfolio, render_text
from clustercheck.report.portfolio import write
from clustercheck.report.text import render
from clustercheck.testing import Rows, example_rows
from clustercheck.workbook.example import weak_rows


@pytest.fixture
def three(make_workbook: Callable[..., Path], tmp_path: Path) -> list[Path]:
    """A passing proposal, the weak design, and a file that is no workbook."""
    weak = Rows(weak_rows())
    weak.project["project_id"] = "TUN-WEAK"
    weak.project["title"] = '=HYPERLINK("http://x")'  # text from a proposal stays inert
    broken = tmp_path / "c-broken.xlsx"
    broken.write_bytes(b"not a zip")
    return [
        make_workbook(example_rows(), "a-good.xlsx"),
        make_workbook(weak, "b-weak.xlsx"),
        broken,
    ]


def test_one_row_per_project_with_family_counts_and_verdicts(
    three: list[Path], clustercheck_plugins: Plugins
) -> None:
    run = Checker(plugins=clustercheck_plugins, config=Config()).check(three)
    folio = portfolio(run)
    assert folio.families[:7] == ("WB", "TEAM", "CAP", "RT", "CC", "SC", "PR")
    assert [(r.project_id, r.status) for r in folio.rows] == [
        ("TUN-CLU-2026", "pass"),
        ("TUN-WEAK", "fail"),
        (None, "unreadable"),
    ]
    weak = dict(zip(folio.families, folio.rows[1].families, strict=True))
    findings = run.projects[1].findings
    for family, count in weak.items():
        assert count == sum(
            1 for f in findings if f.counts and f.rule.rstrip("0123456789") == family
        )
    assert weak["CAP"] == 3  # three counterparts untrained, each a finding
    assert folio.rows[1].unknown == run.projects[1].summary()["unknown"] > 0
    assert sum(folio.rows[0].families) == 0
    assert folio.rows[2].problem is not None


def test_json_and_text_show_the_portfolio_only_for_several_projects(
    three: list[Path], clustercheck_plugins: Plugins
) -> None:
    run = Checker(plugins=clustercheck_plugins, config=Config()).check(three)
    data = as_dict(run)["portfolio"]
    assert isinstance(data, dict)
    assert data["verdicts"] == {"pass": 1, "fail": 1, "incomplete": 0, "unreadable": 1}
    assert [p["verdict"] for p in data["projects"]] == ["pass", "fail", "unreadable"]
    text = render(run)
    assert "Portfolio" in text
    assert render_text(portfolio(run))[2].startswith("TUN-WEAK      fail")
    single = Checker(plugins=clustercheck_plugins, config=Config()).check(three[:1])
    assert "portfolio" not in as_dict(single)
    assert "Portfolio" not in render(single)


def test_the_sheet_has_a_filter_one_row_per_project_and_inert_text(
    three: list[Path], clustercheck_plugins: Plugins, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    run = Checker(plugins=clustercheck_plugins, config=Config()).check(three)
    path = tmp_path / "screening.portfolio.xlsx"
    write(run, path)
    sheet = load_workbook(path)["Portfolio"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("project_id", "title", "verdict")
    assert len(rows) == 1 + 3
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}4"
    assert sheet.freeze_panes == "B2"
    weak = dict(zip(header, rows[2], strict=True))
    assert weak["verdict"] == "fail"
    assert weak["CAP"] == 3  # a number, so the column sorts
    assert weak["errors"] == run.projects[1].summary()["error"]
    assert sheet.cell(3, 2).data_type == "s"  # the formula-looking title is text
    assert weak["title"] == '=HYPERLINK("http://x")'
    assert dict(zip(header, rows[3], strict=True))["verdict"] == "unreadable"


def test_the_portfolio_reporter_is_chosen_by_its_double_extension(
    clustercheck_plugins: Plugins,
) -> None:
    from clustercheck.report.formats import reporter_for

    chosen = reporter_for(Path("Screening.Portfolio.XLSX"), clustercheck_plugins.reporters)
    assert chosen is not None
    assert chosen.name == "portfolio"
    plain = reporter_for(Path("proposal.xlsx"), clustercheck_plugins.reporters)
    assert plain is not None
    assert plain.name == "xlsx"
