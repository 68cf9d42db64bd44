"""The HTML report: content, escaping, self-containment, and the page as headless Chromium renders it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from markupsafe import escape

from clustercheck.api import Checker
from clustercheck.config import Config
from clustercheck.engine import Run
from clustercheck.findings import Outcome, Waiver
from clustercheck.plugins import Plugins
from clustercheck.report.html import chart, render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
# Anything that would make the page fetch something: a src, an href that is not a fragment, a CSS
# url() or @import, a script.
EXTERNAL = re.compile(
    r"""(?:\bsrc\s*=|\bhref\s*=\s*["']?(?!#)|url\(|@import|<script|<link\b|<iframe|<object)""", re.I
)


class _Text(HTMLParser):
    """The text a reader sees: the body's text, without the style sheet."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._skip += tag in ("style", "head")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "head")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def page_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return parser.text


def test_shows_verdict_counts_and_every_finding(weak_run: Run) -> None:
    page = render(weak_run)
    text = page_text(page)
    project = weak_run.projects[0]
    assert "FAIL" in text
    summary = project.summary()
    assert f"{summary['error']} errors" in text
    for finding in project.findings:
        assert str(escape(finding.message)) in page
        assert str(finding.location) in text
    assert page.count('class="finding ') == len(project.findings)


def test_findings_are_grouped_by_principle_with_its_quote(weak_run: Run) -> None:
    page = render(weak_run)
    for finding in weak_run.projects[0].findings:
        rule = weak_run.rule(finding.rule)
        assert rule is not None
        assert str(escape(rule.principle)) in page
        assert str(escape(rule.source)) in page
    quoted = {
        (f.rule.rstrip("0123456789"), r.principle)
        for f in weak_run.projects[0].findings
        if (r := weak_run.rule(f.rule)) is not None
    }
    assert page.count('<blockquote class="principle">') == len(quoted)  # each quoted once
    families = re.findall(
        r'<section class="family"[^>]*>\s*<h3><span class="code">(\w+)</span>', page
    )
    assert families == list(
        dict.fromkeys(f.rule.rstrip("0123456789") for f in weak_run.projects[0].findings)
    )


def test_unknown_and_waived_findings_say_so(waived_run: Run) -> None:
    page = render(waived_run)
    unknown = [f for f in waived_run.projects[0].findings if f.unknown]
    assert unknown, "the weak design has findings of missing evidence"
    assert page.count("finding sev-unknown") == len(unknown)
    assert "insufficient evidence, not counted" in page
    assert page.count(' waived">') == 1
    assert "Covered by the national programme&#39;s board &lt;instead&gt;" in page
    assert "Approved by Evaluation team lead, until 2027-12-31" in page


def test_provenance_and_configuration(weak_run: Run) -> None:
    run = attrs.evolve(
        weak_run, config=attrs.evolve(weak_run.config, ignore=("SC02",), fail_on="warning")
    )
    text = page_text(render(run))
    project = run.projects[0]
    assert project.sha256 is not None
    assert project.sha256 in text
    assert f"clustercheck {run.version}" in text
    for info in (i for i in run.plugins if not i.builtin):
        assert f"{info.name} {info.version}" in text
    assert "ignore SC02" in text
    assert "fail-on warning" in text
    assert f"Review stage {project.stage}" in text


def test_text_from_the_workbook_is_escaped(weak_run: Run) -> None:
    project = weak_run.projects[0]
    evil = attrs.evolve(
        project.findings[0], message='<script>alert(1)</script><img src="http://x/">\x07'
    )
    run = attrs.evolve(
        weak_run, projects=(attrs.evolve(project, findings=(evil, *project.findings[1:])),)
    )
    page = render(run)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=&#34;http://x/&#34;&gt;" in page
    assert "\x07" not in page


def test_page_refers_to_nothing_outside_itself(weak_run: Run) -> None:
    page = render(weak_run)
    assert EXTERNAL.findall(page) == []
    assert "@font-face" not in page
    assert "@media print" in page
    assert "@media (max-width" in page


def test_chart_counts_every_rule_once(weak_run: Run) -> None:
    project = weak_run.projects[0]
    bars, height = chart(project)
    counted = {(bar.family, s.outcome): s.count for bar in bars for s in bar.segments}
    expected: dict[tuple[str, str], int] = {}
    for result in project.results:
        key = (result.rule.rstrip("0123456789"), result.outcome.value)
        expected[key] = expected.get(key, 0) + 1
    assert counted == expected
    assert height > bars[-1].y
    fails = sum(1 for r in project.results if r.outcome is Outcome.FAIL)
    assert sum(c for (_, o), c in counted.items() if o == "fail") == fails


def test_many_projects_have_an_overview(
    weak_run: Run, clustercheck_plugins: object, tmp_path: Path
) -> None:
    second = attrs.evolve(weak_run.projects[0], file="other.xlsx", status="pass", findings=())
    unreadable = attrs.evolve(
        weak_run.projects[0],
        file="broken.xlsx",
        status="unreadable",
        error="broken.xlsx: not a zip",
    )
    run = attrs.evolve(weak_run, projects=(weak_run.projects[0], second, unreadable))
    page = render(run)
    text = page_text(page)
    assert "UNREADABLE" in text
    assert "the worst of 3 workbooks" in text
    for anchor in ("project-1", "project-2", "project-3"):
        assert f'href="#{anchor}"' in page
        assert f'id="{anchor}"' in page
    assert "No findings: every rule that ran passed." in text
    assert "broken.xlsx: not a zip" in text
    # the portfolio view: a column per rule family, with the weak design's counted findings
    header = re.search(r"<thead>(.*?)</thead>", page, re.S).group(1)
    for family in ("WB", "TEAM", "CAP", "RT", "CC", "SC", "PR"):
        assert f">{family}</th>" in header
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", page, re.S).group(1)
    counts = re.findall(r'<td class="num[^"]*">(\d+)</td>', first_row)
    weak = weak_run.projects[0]
    team = sum(1 for f in weak.findings if f.rule.startswith("TEAM") and f.counts)
    assert int(counts[1]) == team


def test_a_crashed_rule_is_listed(crash_run: Run) -> None:
    text = page_text(render(crash_run))
    assert "INCOMPLETE" in text
    assert "Rules that failed to run" in text
    assert "RuntimeError: the rule broke <here>" in text


# -- in a real browser ---------------------------------------------------------------------------


def _chromium(
    tmp_path: Path, page: Path, *action: str
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run headless Chromium on ``page``; its result and the URLs the page itself asked for.

    Chromium's own background requests (updates, accounts) are logged with the initiator
    ``not an origin``; what a page loads carries the page's origin (``null`` for a file). No name
    resolves, so nothing leaves the machine either way.
    """
    assert CHROMIUM is not None
    net_log = tmp_path / f"net-{len(list(tmp_path.glob('net-*')))}.json"
    profile = tmp_path / "profile"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--log-net-log={net_log}",
        *action,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    log = json.loads(net_log.read_text("utf-8"))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    requested = [
        e["params"]["url"]
        for e in log["events"]
        if names.get(e["type"]) == "URL_REQUEST_START_JOB"
        and "url" in e.get("params", {})
        and e["params"].get("initiator") != "not an origin"
    ]
    return done, requested


@needs_chromium
def test_the_network_check_sees_a_page_that_fetches(tmp_path: Path) -> None:
    """The check below is real: a page with a remote image and style sheet is caught."""
    page = tmp_path / "fetches.html"
    page.write_text(
        '<html><body><img src="https://images.example.invalid/x.png">'
        '<link rel="stylesheet" href="https://fonts.example.invalid/css"></body></html>',
        "utf-8",
    )
    _, requested = _chromium(tmp_path, page, "--dump-dom")
    assert sorted(requested) == [
        "https://fonts.example.invalid/css",
        "https://images.example.invalid/x.png",
    ]


@needs_chromium
def test_chromium_renders_the_weak_design(weak_run: Run, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(weak_run), "utf-8")

    shot = tmp_path / "report.png"
    _, requested = _chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2000")
    assert requested == []
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 50_000, "a blank page compresses to a few kilobytes"

    done, requested = _chromium(tmp_path, page, "--dump-dom")
    assert requested == []
    dom = done.stdout
    text = page_text(dom)
    assert "FAIL" in text
    assert "Fails: findings at or above the failing severity" in text
    assert re.search(r"<svg[^>]*role=\"img\"", dom)
    assert (
        dom.count('class="o-fail"')
        >= sum(1 for r in weak_run.projects[0].results if r.outcome is Outcome.FAIL)
        > 0
    )
    for finding in weak_run.projects[0].findings:
        assert re.sub(r"\s+", " ", finding.message) in text


@needs_chromium
def test_chromium_renders_on_a_phone_and_to_paper(weak_run: Run, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render(weak_run), "utf-8")
    shot = tmp_path / "phone.png"
    _, requested = _chromium(tmp_path, page, f"--screenshot={shot}", "--window-size=390,1600")
    assert requested == []
    assert shot.stat().st_size > 20_000
    pdf = tmp_path / "report.pdf"
    _, requested = _chromium(tmp_path, page, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert requested == []
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2


def test_waivers_applied_by_the_engine_are_reported(
    weak_workbook: Path, clustercheck_plugins: Plugins
) -> None:
    waivers = [
        Waiver(rule="SC02", reason="The donor observes <informally>.", approved_by="Team lead"),
        Waiver(rule="TEAM01", reason="Not needed.", approved_by="Team lead"),
    ]
    run = Checker(plugins=clustercheck_plugins, config=Config(), waivers=waivers).check(
        [weak_workbook]
    )
    page = render(run)
    waived = [f for f in run.projects[0].findings if f.waiver is not None]
    assert [f.rule for f in waived] == ["SC02"]
    assert page.count(' waived">') == 1
    assert "The donor observes &lt;informally&gt;." in page
    assert "1 finding waived" in page_text(page)
    assert "waiver TEAM01 matched no finding" in page_text(page)
