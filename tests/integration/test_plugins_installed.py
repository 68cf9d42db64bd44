"""Plugins installed for real, in a fresh venv: found, run, blocked, and their failures reported."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BROKEN_CHAIN = textwrap.dedent(
    """
    import sys
    from clustercheck.plugins import get_plugins
    from clustercheck.testing import example_rows, write_rows

    rows = example_rows()
    chain = [("R1", "impact", None), ("R2", "outcome", "R1"), ("R3", "output", "R1")]
    for result_id, level, parent in chain:
        rows.add("Results", result_id=result_id, level=level, parent_id=parent,
                 statement="a change", assumptions=None if result_id == "R2" else "it holds")
    rows.add("Indicators", indicator_id="I1", result_id="R1", name="exports", target_value=5)
    write_rows(rows, sys.argv[1], get_plugins())
    """
)


def where(report: dict, family: str) -> list[tuple[str, str | None, str | None]]:
    found = report["projects"][0]["findings"]
    return [
        (f["rule"], (f["location"] or {}).get("sheet"), (f["location"] or {}).get("cell"))
        for f in found
        if f["rule"].startswith(family)
    ]


@pytest.fixture(scope="module")
def example(plugin_venv) -> Path:
    path = plugin_venv.work / "example.xlsx"
    if not path.exists():
        plugin_venv.run("clustercheck", "template", "--example", str(path), check=True)
    return path


def test_rules_lists_every_installed_plugin(plugin_venv):
    done = plugin_venv.clustercheck("rules", "--format", "json")
    assert done.returncode == 0, done.stderr
    owners = {r["code"]: r["plugin"] for r in json.loads(done.stdout)}
    assert (owners["TD01"], owners["ME01"], owners["GEN01"]) == ("testdist", "mande", "gender")
    # the UNIDO pack, built into the wheel and found through its entry point: all 23 rules
    assert sorted(code for code, plugin in owners.items() if plugin == "unido") == sorted(
        f"{family}{n:02d}"
        for family, count in (("TEAM", 4), ("CAP", 3), ("RT", 3), ("CC", 5), ("SC", 4), ("PR", 4))
        for n in range(1, count + 1)
    )


def test_explain_shows_an_installed_plugins_rule(plugin_venv):
    done = plugin_venv.clustercheck("explain", "TD01")
    assert done.returncode == 0, done.stderr
    assert "The project title contains the test marker" in done.stdout
    assert "testdist-marker" in done.stdout


def test_plugins_shows_each_plugin_and_each_failure(plugin_venv):
    listing = {
        p["name"]: p
        for p in json.loads(plugin_venv.clustercheck("plugins", "--format", "json").stdout)
    }
    testdist = listing["testdist"]
    assert (testdist["version"], testdist["rules"], testdist["error"]) == ("0.3.0", ["TD01"], None)
    assert testdist["distribution"] == "clustercheck-testdist"
    assert "clustercheck_rules" in testdist["hooks"]
    assert "broken on purpose" in listing["broken"]["error"]
    assert listing["ancient"]["error"].startswith("incompatible: it supports clustercheck <1,>=0.1")
    assert "this is clustercheck 1." in listing["ancient"]["error"]
    text = plugin_venv.clustercheck("plugins").stdout
    assert "FAILED: RuntimeError: clustercheck_broken is broken on purpose" in text


def test_check_runs_installed_rules_and_warns_about_failed_plugins(plugin_venv, example):
    done = plugin_venv.clustercheck("check", str(example), "--format", "json")
    report = json.loads(done.stdout)
    assert where(report, "TD") == [("TD01", "Project", "B3")]
    assert where(report, "ME")[0] == ("ME01", "Results", None)  # the example has no results chain
    assert "plugin 'broken' (from clustercheck-broken) failed to load" in done.stderr
    assert (
        "plugin 'ancient' (from clustercheck-ancient) failed to load: incompatible" in done.stderr
    )
    assert done.returncode == 3  # a plugin failed: the run is incomplete, every finding still there


def test_p_no_removes_an_installed_plugin(plugin_venv, example):
    rules = plugin_venv.clustercheck("rules", "-p", "no:testdist", "--format", "json")
    assert "TD01" not in {r["code"] for r in json.loads(rules.stdout)}
    done = plugin_venv.clustercheck(
        "check",
        str(example),
        "--format",
        "json",
        "-p",
        "no:testdist",
        "-p",
        "no:broken",
        "-p",
        "no:ancient",
    )
    assert where(json.loads(done.stdout), "TD") == []
    assert done.stderr == ""
    names = [
        p["name"]
        for p in json.loads(
            plugin_venv.clustercheck("plugins", "-p", "no:testdist", "--format", "json").stdout
        )
    ]
    assert "testdist" not in names


def test_the_allow_list_limits_which_plugins_load(plugin_venv, example):
    only = {"CLUSTERCHECK_LOAD_PLUGINS": "unido,mande"}
    names = [
        p["name"]
        for p in json.loads(
            plugin_venv.clustercheck("plugins", "--format", "json", env=only).stdout
        )
    ]
    assert names == ["unido", "mande"]
    done = plugin_venv.clustercheck("check", str(example), "--format", "json", env=only)
    report = json.loads(done.stdout)
    assert (where(report, "TD"), where(report, "GEN")) == ([], [])
    assert where(report, "ME") != []
    assert done.stderr == ""  # the broken plugins were never tried
    none = plugin_venv.clustercheck(
        "rules", "--format", "json", env={"CLUSTERCHECK_LOAD_PLUGINS": ""}
    )
    assert {r["plugin"] for r in json.loads(none.stdout)} == {"clustercheck.workbook.problems"}


def test_template_has_the_plugins_sheets_and_columns(plugin_venv):
    openpyxl = pytest.importorskip("openpyxl")
    path = plugin_venv.work / "blank.xlsx"
    plugin_venv.run("clustercheck", "template", "--force", str(path), check=True)
    book = openpyxl.load_workbook(path)
    assert {"Results", "Indicators"} <= set(book.sheetnames)
    assert "gender_marker" in [c.value for c in book["Project"]["A"]]
    assert "women_led" in [c.value for c in book["Organisations"][1]]
    assert [c.value for c in book["Results"][1]][:3] == ["result_id", "level", "parent_id"]


def test_mande_rules_fire_at_the_cells_of_a_broken_chain(plugin_venv, tmp_path):
    path = tmp_path / "broken-chain.xlsx"
    script = tmp_path / "make.py"
    script.write_text(BROKEN_CHAIN)
    plugin_venv.run("python", str(script), str(path), check=True)
    done = plugin_venv.clustercheck(
        "check", str(path), "--select", "ME", "--format", "json", "-p", "no:broken"
    )
    assert where(json.loads(done.stdout), "ME") == [
        ("ME02", "Results", "C4"),  # R3, an output, hangs on the impact R1
        ("ME03", "Results", "F3"),  # R2, an outcome, states no assumptions
        ("ME04", "Results", "A3"),  # R2 has no indicator
        ("ME04", "Results", "A4"),  # nor has R3
        ("ME05", "Indicators", "E2"),  # I1: no baseline
        ("ME05", "Indicators", "H2"),  # no target date
        ("ME05", "Indicators", "I2"),  # no means of verification
        ("ME05", "Indicators", "K2"),  # no responsible organisation
    ]
