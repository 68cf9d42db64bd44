"""Configuration and waiver files on the command line: every problem at once (exit 2), settings
for rules that are not loaded as warnings (the run goes on), choices ignoring case."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from clustercheck.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "example.xlsx"


def run(*args: object) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return tmp_path / "clustercheck.toml"


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_every_problem_of_the_file_is_one_error_line_each(config: Path) -> None:
    write(
        config,
        """
        fail_on = "warning"
        stage = "Final"

        [rules.TEAM04]
        min_local_share = 5

        [rules.CC02]
        required_categories = ["firms", "civil_society"]
        """,
    )
    result = run("check", EXAMPLE, "--config", config)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"clustercheck: error: {config}: fail_on: not a configuration key (known: fail-on, "
        "ignore, rules, select, stage, waivers); did you mean 'fail-on'?",
        f"clustercheck: error: {config}: rules.TEAM04.min_local_share: expected a number from 0 "
        "to 1, found 5.",
        f"clustercheck: error: {config}: rules.CC02.required_categories[0]: expected firm, "
        "business_association, support_institution, academic_research, financial_institution, "
        "local_authority, regional_government, national_government, civil_society, donor, unido, "
        "other_international or other, found 'firms'; did you mean 'firm'?",
    ]


def test_settings_for_a_plugin_that_is_not_loaded_warn_and_the_run_goes_on(config: Path) -> None:
    write(
        config,
        """
        ignore = ["BUDG"]

        [rules.BUDG02]
        min_training_share = 0.2

        [rules.TEAM04]
        min_local_share = 0.6
        """,
    )
    result = run("check", EXAMPLE, "--config", config)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"clustercheck: warning: {config}: ignore[0]: 'BUDG' matches no loaded rule, so it is not "
        "used.",
        f"clustercheck: warning: {config}: rules.BUDG02: no rule BUDG02 is loaded, so these "
        "settings are not used.",
    ]
    assert "PASS" in result.stdout


def test_a_disabled_plugin_s_tables_are_warnings_too(config: Path) -> None:
    write(config, "[rules.TEAM04]\nmin_local_share = 0.6\n")
    result = run("check", EXAMPLE, "--config", config, "-p", "no:unido", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"clustercheck: warning: {config}: rules.TEAM04: no rule TEAM04 is loaded, so these "
        "settings are not used.\n"
    )


def test_a_selection_that_matches_nothing_at_all_is_an_error() -> None:
    result = run("check", EXAMPLE, "--select", "BUDG")
    assert result.exit_code == 2
    assert result.stderr == (
        "clustercheck: error: --select: none of BUDG matches a loaded rule, so no rule would be "
        "checked (`clustercheck rules` lists them).\n"
    )
    partly = run("check", EXAMPLE, "--select", "TEAM,BUDG", "--format", "json")
    assert partly.exit_code == 0, partly.output
    assert partly.stderr == (
        "clustercheck: warning: --select: 'BUDG' matches no loaded rule, so it is not used.\n"
    )


def test_a_waiver_for_a_rule_that_is_not_loaded_warns(tmp_path: Path) -> None:
    waivers = write(
        tmp_path / "waivers.toml",
        """
        [[waiver]]
        rule = "BUDG02"
        reason = "The budget is reviewed by the donor."
        approved-by = "Portfolio manager"
        """,
    )
    result = run("check", EXAMPLE, "--waivers", waivers, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"clustercheck: warning: {waivers}: waiver 1 (BUDG02): no rule BUDG02 is loaded, so this "
        "waiver is not used.\n"
    )


def test_every_problem_of_a_waivers_file_at_once(tmp_path: Path) -> None:
    waivers = write(
        tmp_path / "waivers.toml",
        """
        [[waiver]]
        rule = "SC02"
        approved_by = "lead"
        reason = "r"

        [[waiver]]
        rule = "SC03"
        reason = "r"
        approved-by = "lead"
        expires = "end of 2027"
        """,
    )
    result = run("check", EXAMPLE, "--waivers", waivers)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"clustercheck: error: {waivers}: waiver 1 (SC02): approved_by: not a waiver key (known: "
        "approved-by, cell, cluster, expires, project, reason, rule); did you mean 'approved-by'?",
        f"clustercheck: error: {waivers}: waiver 2 (SC03): expires: expected a date like "
        "2027-12-31, found 'end of 2027'.",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--stage", "finale"),
            "Invalid value for '--stage': 'finale' is not one of 'design', 'inception', 'midterm', "
            "'final'; did you mean 'final'?",
        ),
        (
            ("--fail-on", "warn"),
            "Invalid value for '--fail-on': 'warn' is not one of 'error', 'warning', 'info', "
            "'never'; did you mean 'warning'?",
        ),
    ],
)
def test_a_near_miss_on_a_command_line_choice_gets_a_did_you_mean(
    args: tuple[str, ...], message: str
) -> None:
    result = run("check", EXAMPLE, *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


def test_command_line_choices_ignore_case(config: Path) -> None:
    result = run("check", EXAMPLE, "--stage", "Final", "--fail-on", "WARNING", "--format", "JSON")
    assert result.exit_code in (0, 1), result.output
    assert '"stage": "final"' in result.stdout
    write(config, 'stage = "Final"\nfail-on = "Never"\n')
    from_file = run("check", EXAMPLE, "--config", config, "--format", "json")
    assert from_file.exit_code == 0, from_file.output
    assert '"fail-on": "never"' in from_file.stdout


def test_a_near_miss_on_a_format_gets_a_did_you_mean() -> None:
    result = run("check", EXAMPLE, "--format", "jsn")
    assert result.exit_code == 2
    assert result.stderr.endswith("; did you mean 'json'?\n")
