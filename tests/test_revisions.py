"""Revisions: findings matched across two checks by rule, cluster and record, not by row."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from clustercheck.api import Checker
from clustercheck.config import Config
from clustercheck.engine import Run
from clustercheck.engine.revisions import diff_runs
from clustercheck.plugins import Plugins
from clustercheck.report.diff import RENDERERS
from clustercheck.testing import Rows, example_rows
from clustercheck.workbook.example import FIXED_IN_REVISION, fixed_rows, weak_rows
from tests.conftest import FIXTURES


def _check(paths: list[Path], plugins: Plugins, fail_on: str = "error") -> Run:
    return Checker(plugins=plugins, config=Config(fail_on=fail_on)).check(paths)


def _where(findings: object) -> list[tuple[str, str | None]]:
    return [(f.rule, str(f.location) if f.location else None) for f in findings]  # type: ignore[attr-defined]


def test_the_revision_fixes_exactly_the_listed_gaps(
    make_workbook: Callable[..., Path], clustercheck_plugins: Plugins
) -> None:
    old = _check([make_workbook(Rows(weak_rows()))], clustercheck_plugins)
    new = _check([make_workbook(Rows(fixed_rows()))], clustercheck_plugins)
    diff = diff_runs(old, new, clustercheck_plugins.schema)
    (project,) = diff.projects
    assert sorted({f.rule for f in project.fixed}) == sorted(FIXED_IN_REVISION)
    assert project.added == ()
    fixed_rules = set(FIXED_IN_REVISION)
    still = [f for f in old.projects[0].findings if f.rule not in fixed_rules]
    assert _where(project.remaining) == _where(still)
    assert diff.exit_code == 0


def test_going_back_makes_the_fixed_gaps_new_and_fails(
    make_workbook: Callable[..., Path], clustercheck_plugins: Plugins
) -> None:
    old = _check([make_workbook(Rows(fixed_rows()))], clustercheck_plugins)
    new = _check([make_workbook(Rows(weak_rows()))], clustercheck_plugins)
    diff = diff_runs(old, new, clustercheck_plugins.schema)
    assert sorted({f.rule for f in diff.projects[0].added}) == sorted(FIXED_IN_REVISION)
    assert diff.exit_code == 1  # TEAM02 is an error
    relaxed = diff_runs(
        old,
        _check([new.projects[0].file], clustercheck_plugins, "never"),
        clustercheck_plugins.schema,
    )
    assert relaxed.exit_code == 0


def test_a_row_inserted_above_shifts_no_finding_into_new(
    make_workbook: Callable[..., Path], clustercheck_plugins: Plugins
) -> None:
    base = example_rows()
    base.set("Organisations", {"org_id": "ORG-CTAA"}, is_local=False)
    shifted = Rows(base.data)
    first = dict(shifted.row("Activities", activity_id="A01"), activity_id="A00")
    shifted.sheet("Activities").insert(0, first)  # every activity moves one row down
    old = _check([make_workbook(base)], clustercheck_plugins)
    new = _check([make_workbook(shifted)], clustercheck_plugins)
    assert old.projects[0].findings, "the changed example should give a finding to follow"
    old_cells = [f.location.cell for f in old.projects[0].findings if f.location]
    new_cells = [f.location.cell for f in new.projects[0].findings if f.location]
    assert old_cells != new_cells  # the rows moved ...
    (project,) = diff_runs(old, new, clustercheck_plugins.schema).projects
    assert project.fixed == ()  # ... yet every gap is the same gap
    assert project.added == ()
    assert len(project.remaining) == len(new.projects[0].findings)


def test_the_same_row_number_with_another_record_is_a_new_finding(
    make_workbook: Callable[..., Path], clustercheck_plugins: Plugins
) -> None:
    first = example_rows()
    first.set("Organisations", {"org_id": "ORG-CTAA"}, is_local=False)
    second = example_rows()
    second.set("Organisations", {"org_id": "ORG-CNCC"}, is_local=False)
    old = _check([make_workbook(first)], clustercheck_plugins)
    new = _check([make_workbook(second)], clustercheck_plugins)
    (project,) = diff_runs(old, new, clustercheck_plugins.schema).projects
    assert project.fixed
    assert project.added
    assert all("ORG-CTAA" in f.message for f in project.fixed)
    assert all("ORG-CNCC" in f.message for f in project.added)


def test_folders_are_matched_by_project_id(tmp_path: Path, clustercheck_plugins: Plugins) -> None:
    from clustercheck.testing import write_rows

    for folder, rows in (("old", weak_rows), ("new", fixed_rows)):
        (tmp_path / folder).mkdir()
        other = example_rows()
        other.project["project_id"] = "OTHER-1"
        alone = example_rows()
        alone.project["project_id"] = f"ONLY-{folder.upper()}"
        # Names sort differently on each side: pairing must not depend on file order.
        names = ("a", "b", "c") if folder == "old" else ("c", "b", "a")
        write_rows(Rows(rows()), tmp_path / folder / f"{names[0]}-proposal.xlsx")
        write_rows(other, tmp_path / folder / f"{names[1]}-other.xlsx")
        write_rows(alone, tmp_path / folder / f"{names[2]}-alone.xlsx")
    old = _check([tmp_path / "old"], clustercheck_plugins)
    new = _check([tmp_path / "new"], clustercheck_plugins)
    diff = diff_runs(old, new, clustercheck_plugins.schema)
    ids = {p.project_id: p for p in diff.projects}
    assert set(ids) == {"TUN-CLU-2026", "OTHER-1"}
    assert sorted({f.rule for f in ids["TUN-CLU-2026"].fixed}) == sorted(FIXED_IN_REVISION)
    assert ids["OTHER-1"].fixed == ids["OTHER-1"].added == ()
    assert [r.project_id for r in diff.only_old] == ["ONLY-OLD"]
    assert [r.project_id for r in diff.only_new] == ["ONLY-NEW"]
    data = json.loads(RENDERERS["json"](diff))
    assert data["unmatched"]["old"][0]["project_id"] == "ONLY-OLD"


def test_every_format_renders_the_fixed_findings(clustercheck_plugins: Plugins) -> None:
    old = _check([FIXTURES / "weak-design.xlsx"], clustercheck_plugins)
    new = _check([FIXTURES / "weak-design-revised.xlsx"], clustercheck_plugins)
    diff = diff_runs(old, new, clustercheck_plugins.schema)
    data = json.loads(RENDERERS["json"](diff))
    assert data["schema"] == "clustercheck-diff/1"
    (project,) = data["projects"]
    assert project["project_id"] == "TUN-CLU-2026"
    assert sorted({f["rule"] for f in project["fixed"]}) == sorted(FIXED_IN_REVISION)
    assert project["new"] == []
    assert {"rule", "severity", "message", "cluster", "location"} <= set(project["fixed"][0])
    text = RENDERERS["text"](diff)
    markdown = RENDERERS["markdown"](diff)
    page = RENDERERS["html"](diff)
    for code in FIXED_IN_REVISION:
        assert code in text.split("Remaining:")[0]
        assert code in markdown.split("### Remaining")[0]
        assert code in page.split('class="remaining"')[0]
    assert "### New" not in markdown
    assert page.startswith("<!DOCTYPE html>")


def test_the_html_page_escapes_workbook_text_and_fetches_nothing(
    clustercheck_plugins: Plugins,
) -> None:
    import attrs

    old = _check([FIXTURES / "weak-design.xlsx"], clustercheck_plugins)
    new = _check([FIXTURES / "weak-design-revised.xlsx"], clustercheck_plugins)
    diff = diff_runs(old, new, clustercheck_plugins.schema)
    (project,) = diff.projects
    hostile = attrs.evolve(project.fixed[0], message='<script>alert("x")</script>\x07 & more')
    diff = attrs.evolve(diff, projects=(attrs.evolve(project, fixed=(hostile,)),))
    page = RENDERERS["html"](diff)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more" in page
    assert "\x07" not in page  # control characters HTML cannot hold are dropped
    assert " src=" not in page
    assert "http" not in page.split("</style>")[1]
    # The page has the report's look: its stylesheet and its finding cards.
    assert '<li class="finding sev-' in page
    assert ".finding" in page
