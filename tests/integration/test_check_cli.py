"""The command line as users and scripts meet it: exit statuses, messages, JSON, plugins by -p."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner

from clustercheck.cli import main
from clustercheck.plugins import get_plugins
from clustercheck.report.json import report_schema
from clustercheck.workbook.reader import load
from tests.conftest import FIXTURES

EXAMPLE = FIXTURES / "example.xlsx"
WEAK = FIXTURES / "weak-design.xlsx"


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize(
    "path", [(), *[p for p, _ in _commands(main)]], ids=lambda p: " ".join(p) or "main"
)
def test_every_command_and_option_has_help(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0
    command = main
    for name in path:
        command = command.commands[name]
    assert command.help
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{' '.join(path)} {param.opts} has no help"


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\nfrom clustercheck.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('openpyxl', 'jinja2', 'pluggy', 'attrs') if m in sys.modules]\n"
        "print('heavy:' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "heavy:"


def test_the_example_passes_with_exit_0() -> None:
    result = run("check", EXAMPLE)
    assert result.exit_code == 0, result.output
    assert "PASS" in result.output


def test_the_weak_design_fails_with_exit_1_and_names_cells() -> None:
    result = run("check", WEAK)
    assert result.exit_code == 1
    assert "FAIL" in result.stdout
    assert "Team!" in result.stdout or "Clusters!" in result.stdout


def test_json_of_real_runs_validates_against_the_shipped_schema(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip at all")
    result = run(
        "check",
        EXAMPLE,
        WEAK,
        FIXTURES / "input" / "many-mistakes.xlsx",
        broken,
        "--format",
        "json",
    )
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    jsonschema.validate(report, report_schema())
    statuses = [p["status"] for p in report["projects"]]
    assert statuses == ["pass", "fail", "fail", "unreadable"]
    assert report["projects"][3]["error"].startswith(str(broken))


def test_an_unreadable_file_among_several_does_not_stop_the_others(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("hello")
    result = run("check", broken, WEAK)
    assert result.exit_code == 2
    assert "weak-design.xlsx" in result.stdout
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"clustercheck: error: {broken}")
    assert "Traceback" not in result.output


def test_folders_are_searched_for_workbooks(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.xlsx").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")  # Excel's lock file is not a workbook to check
    result = run("check", tmp_path, "--format", "json")
    assert [p["file"] for p in json.loads(result.stdout)["projects"]] == [
        str(tmp_path / "sub" / "a.xlsx")
    ]


@pytest.mark.parametrize(
    ("config", "culprit"),
    [
        ('colour = "red"\n', "colour: not a configuration key"),
        ('select = ["TEAM99X"]\n', "select: none of TEAM99X matches a loaded rule"),
        ("[rules.TEAM02]\nmax_clusters = 2\n", "rules.TEAM02.max_clusters"),
        ('[rules.TEAM02]\nmin_cda_fte = "half"\n', "rules.TEAM02.min_cda_fte"),
    ],
)
def test_configuration_errors_exit_2_naming_the_culprit(
    tmp_path: Path, config: str, culprit: str
) -> None:
    path = tmp_path / "clustercheck.toml"
    path.write_text(config)
    result = run("check", EXAMPLE, "--config", path)
    assert result.exit_code == 2
    assert culprit in result.stderr
    assert result.stdout == ""


def test_fail_on_and_select_from_the_command_line_win_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "clustercheck.toml"
    path.write_text('fail-on = "never"\n')
    assert run("check", WEAK, "--config", path).exit_code == 0
    assert run("check", WEAK, "--config", path, "--fail-on", "error").exit_code == 1
    only_wb = run("check", WEAK, "--select", "WB", "--format", "json")
    assert json.loads(only_wb.stdout)["projects"][0]["findings"] == []


def test_a_parameter_in_the_configuration_changes_the_verdict(tmp_path: Path) -> None:
    path = tmp_path / "clustercheck.toml"
    path.write_text("[rules.PR03]\nmin_duration_months = 120\n")
    result = run("check", EXAMPLE, "--config", path, "--format", "json")
    findings = json.loads(result.stdout)["projects"][0]["findings"]
    assert [f["rule"] for f in findings] == ["PR03"]


CRASHING = """
from clustercheck.hookspecs import hookimpl
from clustercheck.rule import rule

@rule(code="ZZ01", name="crashes", title="Always crashes", severity="error")
def crashes(project, params):
    raise RuntimeError("the rule fell over")

@hookimpl
def clustercheck_rules():
    return [crashes]
"""


def test_a_crashing_rule_exits_3_with_every_other_finding(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "crashing_plugin.py").write_text(textwrap.dedent(CRASHING))
    monkeypatch.syspath_prepend(str(tmp_path))
    result = run("check", WEAK, "-p", "crashing_plugin", "--format", "json")
    assert result.exit_code == 3
    project = json.loads(result.stdout)["projects"][0]
    assert project["status"] == "incomplete"
    assert {
        "rule": "ZZ01",
        "outcome": "error",
        "message": "RuntimeError: the rule fell over",
    } in project["results"]
    baseline = json.loads(run("check", WEAK, "--format", "json").stdout)["projects"][0]["findings"]
    assert project["findings"] == baseline


def test_a_plugin_that_fails_to_import_is_a_warning_and_the_rest_work(
    tmp_path: Path, monkeypatch
) -> None:
    (tmp_path / "broken_plugin.py").write_text("raise ImportError('missing dependency foo')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    result = run("check", EXAMPLE, "-p", "broken_plugin")
    assert result.exit_code == 3
    assert "plugin 'broken_plugin'" in result.stderr
    assert "missing dependency foo" in result.stderr
    listing = json.loads(run("plugins", "-p", "broken_plugin", "--format", "json").stdout)
    broken = next(p for p in listing if p["name"] == "broken_plugin")
    assert broken["error"] == "ImportError: missing dependency foo"
    assert next(p for p in listing if p["name"] == "unido")["error"] is None


def test_clashing_rule_codes_name_both_plugins(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "clash_plugin.py").write_text(
        CRASHING.replace('"ZZ01"', '"TEAM01"').replace("crashes", "clash")
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    listing = json.loads(run("plugins", "-p", "clash_plugin", "--format", "json").stdout)
    clash = next(p for p in listing if p["name"] == "clash_plugin")
    assert "TEAM01" in clash["error"]
    assert "'unido'" in clash["error"]
    assert "'clash_plugin'" in clash["error"]


def test_only_functions_named_after_a_hook_implement_it(tmp_path: Path, monkeypatch) -> None:
    # As in pytest, a hook is implemented by a function of its name; pluggy's specname is not
    # looked at, and neither is anything else in the module.
    (tmp_path / "renamed_plugin.py").write_text(
        CRASHING.replace("@hookimpl\n", '@hookimpl(specname="clustercheck_rules")\n').replace(
            "def clustercheck_rules", "def my_rules"
        )
    )
    (tmp_path / "named_plugin.py").write_text(CRASHING)
    monkeypatch.syspath_prepend(str(tmp_path))
    listing = json.loads(
        run("plugins", "-p", "renamed_plugin", "-p", "named_plugin", "--format", "json").stdout
    )
    hooks = {p["name"]: p["hooks"] for p in listing}
    assert hooks["renamed_plugin"] == []
    assert hooks["named_plugin"] == ["clustercheck_rules"]


COUNTING = """
from clustercheck.hookspecs import hookimpl
from clustercheck.report import Reporter

def render(run):
    return "".join(f"{len(p.project.activities)}\\n" for p in run.projects)

@hookimpl
def clustercheck_reporters():
    return [Reporter(name="counts", description="Activities", extensions=(".counts",), render=render)]
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plugins_report_reads_whole_projects(tmp_path: Path, monkeypatch, jobs: str) -> None:
    # Built-in reports read only a project's form and team, and only those are kept for them;
    # a plugin's report may read any record, so the projects stay whole when one is asked for.
    (tmp_path / "counting_plugin.py").write_text(COUNTING)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("a.xlsx", "b.xlsx"):
        shutil.copyfile(EXAMPLE, tmp_path / name)
    files = [tmp_path / "a.xlsx", tmp_path / "b.xlsx"]
    shown = run("check", *files, "-p", "counting_plugin", "--format", "counts", "--jobs", jobs)
    written = tmp_path / "out.counts"
    run("check", *files, "-p", "counting_plugin", "-o", written, "--jobs", jobs)
    activities = len(load(EXAMPLE, get_plugins(()).schema).project.activities)
    assert activities > 0
    assert shown.stdout == written.read_text() == f"{activities}\n" * 2


def test_the_pack_can_be_disabled_like_any_plugin() -> None:
    listed = json.loads(run("rules", "-p", "no:unido", "--format", "json").stdout)
    assert {r["plugin"] for r in listed} == {"clustercheck.workbook.problems"}
    allowed = json.loads(
        run("rules", "--format", "json", env={"CLUSTERCHECK_LOAD_PLUGINS": ""}).stdout
    )
    assert all(r["code"].startswith("WB") for r in allowed)


def test_rules_json_has_the_fields_of_the_contract() -> None:
    listed = json.loads(run("rules", "--format", "json").stdout)
    assert len([r for r in listed if r["plugin"] == "unido"]) == 23
    for entry in listed:
        assert {"code", "name", "title", "severity", "plugin", "parameters"} <= set(entry)


def test_explain_shows_parameters_with_values_in_force(tmp_path: Path) -> None:
    path = tmp_path / "clustercheck.toml"
    path.write_text("[rules.TEAM04]\nmin_local_share = 0.6\n")
    result = run("explain", "team04", "--config", path)
    assert result.exit_code == 0
    assert "min_local_share = 0.5 \u2192 0.6  (configured)" in result.stdout
    assert "Principle:" in result.stdout
    assert "How to fix:" in result.stdout


def test_explain_suggests_a_close_code() -> None:
    result = run("explain", "TEAM1")
    assert result.exit_code == 2
    assert "did you mean" in result.stderr


def test_no_color_and_non_terminals_get_plain_text() -> None:
    assert "\x1b[" not in run("check", WEAK).stdout
    forced = CliRunner().invoke(main, ["check", str(WEAK)], color=True, env={"NO_COLOR": "1"})
    assert "\x1b[" not in forced.stdout


def test_version_lists_the_plugins() -> None:
    result = run("--version")
    assert result.stdout.startswith("clustercheck 1.0.0")
    assert "unido" in result.stdout


def test_template_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    assert run("template", target).exit_code == 0
    again = run("template", target)
    assert again.exit_code == 2
    assert "--force" in again.stderr
    assert run("template", target, "--example", "--force").exit_code == 0
    assert run("check", target).exit_code == 0


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("x")
    bad_config = tmp_path / "c.toml"
    bad_config.write_text("nope = 1\n")
    quiet = run("check", broken, "--config", bad_config)
    assert "Traceback" not in quiet.output
    loud = CliRunner().invoke(main, ["check", str(broken), "--config", str(bad_config), "--debug"])
    assert loud.exception is not None


CONFIGURING = """
import attrs
from clustercheck.hookspecs import hookimpl

@hookimpl
def clustercheck_configure(config):
    return attrs.evolve(config, ignore=config.ignore + ("TEAM02",))
"""


def test_a_plugin_can_adjust_the_configuration(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "configuring_plugin.py").write_text(CONFIGURING)
    (tmp_path / "invalid_plugin.py").write_text(CONFIGURING.replace('"TEAM02"', '"TEAM-02"'))
    monkeypatch.syspath_prepend(str(tmp_path))
    plain = json.loads(run("check", WEAK, "--format", "json").stdout)["projects"][0]
    adjusted = json.loads(run("check", WEAK, "-p", "configuring_plugin", "--format", "json").stdout)
    assert "TEAM02" in {f["rule"] for f in plain["findings"]}
    assert "TEAM02" not in {f["rule"] for f in adjusted["projects"][0]["findings"]}
    assert adjusted["configuration"]["ignore"] == ["TEAM02"]
    invalid = run("check", WEAK, "-p", "invalid_plugin")
    assert invalid.exit_code == 2
    assert invalid.stderr == (
        "clustercheck: error: plugin 'invalid_plugin' made the configuration invalid: ignore[0]: "
        "expected a rule code or prefix (letters, then digits), found 'TEAM-02'; "
        "did you mean 'TEAM02'?\n"
    )
