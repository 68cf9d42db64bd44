"""Configuration: files found and read, command line over file, every error naming its culprit."""

from __future__ import annotations

from pathlib import Path

import pytest

from clustercheck.config import (
    Config,
    find_config,
    load_config,
    merge,
    parse,
    resolve_params,
    validate,
)
from clustercheck.errors import ConfigError
from clustercheck.findings import Severity
from clustercheck.model import Category, Stage
from clustercheck.plugins import get_plugins


@pytest.fixture(scope="module")
def rules():
    return get_plugins().rules


def test_clustercheck_toml_is_found_in_a_parent(tmp_path: Path) -> None:
    (tmp_path / "clustercheck.toml").write_text('fail-on = "warning"\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(nested) == tmp_path / "clustercheck.toml"


def test_pyproject_counts_only_with_a_tool_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config(tmp_path) is None
    (tmp_path / "pyproject.toml").write_text('[tool.clustercheck]\nignore = ["SC02"]\n')
    found = find_config(tmp_path)
    assert found == tmp_path / "pyproject.toml"
    assert load_config(found).ignore == ("SC02",)


def test_the_interfaces_example_parses(tmp_path: Path, rules) -> None:
    path = tmp_path / "clustercheck.toml"
    path.write_text(
        'select = ["TEAM", "CAP", "RT", "CC", "SC"]\nignore = ["SC02"]\nfail-on = "warning"\n\n'
        '[rules.TEAM04]\nseverity = "error"\nmin_local_share = 0.6\n'
    )
    config = validate(load_config(path), rules)
    assert config.fail_on == "warning"
    assert config.rules["TEAM04"].severity is Severity.ERROR
    team04 = next(r for r in rules if r.code == "TEAM04")
    assert resolve_params(team04, config)["min_local_share"] == 0.6


KNOWN = "(known: fail-on, ignore, rules, select, stage, waivers)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'colour = "red"\n',
            f"colour: not a configuration key {KNOWN}.",
        ),
        (
            'fail_on = "warning"\n',
            f"fail_on: not a configuration key {KNOWN}; did you mean 'fail-on'?",
        ),
        (
            'fail-on = "sometimes"\n',
            "fail-on: expected error, warning, info or never, found 'sometimes'.",
        ),
        (
            'stage = "finale"\n',
            "stage: expected design, inception, midterm or final, found 'finale'; "
            "did you mean 'final'?",
        ),
        ("stage = 3\n", "stage: expected design, inception, midterm or final, found 3."),
        ('select = "TEAM"\nignore = [1]\n', "ignore[0]: expected a rule code or prefix, found 1."),
        ("select = true\n", "select: expected a list of rule codes or prefixes, found true."),
        ("waivers = [1, 2]\n", "waivers: expected the path of a waivers file, found [1, 2]."),
        (
            'rules = "TEAM04"\n',
            "rules: expected a table of rule codes ([rules.CODE]), found 'TEAM04'.",
        ),
        (
            "[rules]\nTEAM04 = 0.6\n",
            "rules.TEAM04: expected a table of settings ([rules.CODE]), found 0.6.",
        ),
        (
            '[rules.TEAM04]\nseverity = "fatal"\n',
            "rules.TEAM04.severity: expected error, warning or info, found 'fatal'.",
        ),
        (
            '[rules.TEAM04]\nseverity = "warn"\n',
            "rules.TEAM04.severity: expected error, warning or info, found 'warn'; "
            "did you mean 'warning'?",
        ),
    ],
)
def test_a_shape_error_names_file_key_expected_and_found(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "clustercheck.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert raised.value.sentences == (f"{path}: {message}",)


def test_a_file_that_is_not_toml_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "clustercheck.toml"
    path.write_text("this is = not toml\n")
    with pytest.raises(ConfigError, match=r"clustercheck.toml: is not valid TOML \(.*line 1"):
        load_config(path)


def test_every_problem_of_a_file_is_reported_at_once_in_file_order() -> None:
    data = {
        "fail_on": "warning",
        "stage": "closing",
        "ignore": ["SC02", 1],
        "rules": {"TEAM04": {"severity": "fatal"}, "SC02": "info"},
        "waivers": 3,
    }
    with pytest.raises(ConfigError) as raised:
        parse(data, source="clustercheck.toml")
    assert raised.value.sentences == (
        f"clustercheck.toml: fail_on: not a configuration key {KNOWN}; did you mean 'fail-on'?",
        "clustercheck.toml: stage: expected design, inception, midterm or final, found 'closing'.",
        "clustercheck.toml: ignore[1]: expected a rule code or prefix, found 1.",
        "clustercheck.toml: rules.TEAM04.severity: expected error, warning or info, found 'fatal'.",
        "clustercheck.toml: rules.SC02: expected a table of settings ([rules.CODE]), found 'info'.",
        "clustercheck.toml: waivers: expected the path of a waivers file, found 3.",
    )
    assert str(raised.value) == "\n".join(raised.value.sentences)
    assert [p.key for p in raised.value.problems] == [
        "fail_on",
        "stage",
        "ignore[1]",
        "rules.TEAM04.severity",
        "rules.SC02",
        "waivers",
    ]


def test_key_paths_in_a_pyproject_start_at_its_tool_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.clustercheck]\nfail_on = "info"\n[tool.clustercheck.rules.SC02]\nseverity = 1\n'
    )
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert raised.value.sentences == (
        f"{path}: tool.clustercheck.fail_on: not a configuration key {KNOWN}; "
        "did you mean 'fail-on'?",
        f"{path}: tool.clustercheck.rules.SC02.severity: expected error, warning or info, found 1.",
    )


def test_choices_in_the_file_ignore_case_as_workbook_values_do() -> None:
    config = parse(
        {"stage": "Final", "fail-on": "WARNING", "rules": {"SC02": {"severity": "Info"}}}
    )
    assert config.stage is Stage.FINAL
    assert config.fail_on == "warning"
    assert config.rules["SC02"].severity is Severity.INFO


def _problems(rules, data: dict) -> tuple[str, ...]:
    with pytest.raises(ConfigError) as raised:
        validate(parse(data, source="clustercheck.toml"), rules)
    return raised.value.sentences


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"rules": {"TEAM04": {"min_share": 0.5}}},
            "rules.TEAM04.min_share: TEAM04 has no parameter 'min_share' (its settings: severity, "
            "min_local_share); did you mean 'min_local_share'?",
        ),
        (
            {"rules": {"TEAM04": {"min_local_share": "half"}}},
            "rules.TEAM04.min_local_share: expected a number from 0 to 1, found 'half'.",
        ),
        (
            {"rules": {"TEAM04": {"min_local_share": 5}}},
            "rules.TEAM04.min_local_share: expected a number from 0 to 1, found 5.",
        ),
        (
            {"rules": {"CC03": {"min_firm_share": -0.1}}},
            "rules.CC03.min_firm_share: expected a number from 0 to 1, found -0.1.",
        ),
        (
            {"rules": {"SC02": {"donor_required": 1}}},
            "rules.SC02.donor_required: expected a boolean, found 1.",
        ),
        (
            {"rules": {"PR03": {"min_duration_months": 0}}},
            "rules.PR03.min_duration_months: expected an integer of at least 1, found 0.",
        ),
        (
            {"rules": {"PR03": {"min_duration_months": 24.5}}},
            "rules.PR03.min_duration_months: expected an integer of at least 1, found 24.5.",
        ),
        (
            {"rules": {"CC02": {"required_categories": "firm"}}},
            "rules.CC02.required_categories: expected a list, each item firm, business_association, "
            "support_institution, academic_research, financial_institution, local_authority, "
            "regional_government, national_government, civil_society, donor, unido, "
            "other_international or other, found 'firm'.",
        ),
        (
            {"select": ["TEAM-04"]},
            "select[0]: expected a rule code or prefix (letters, then digits), found 'TEAM-04'; "
            "did you mean 'TEAM04'?",
        ),
        (
            {"select": ["BUDG", "ZZ"]},
            "select: none of BUDG, ZZ matches a loaded rule, so no rule would be checked "
            "(`clustercheck rules` lists them).",
        ),
    ],
)
def test_a_rule_error_names_the_key_what_was_expected_and_found(
    rules, data: dict, message: str
) -> None:
    assert _problems(rules, data) == (f"clustercheck.toml: {message}",)


def test_list_items_are_checked_against_the_workbook_vocabulary(rules) -> None:
    categories = ["firms", "Civil_Society", 3, "donor"]
    sentences = _problems(rules, {"rules": {"CC02": {"required_categories": categories}}})
    vocabulary = ", ".join(c.value for c in Category if c is not Category.OTHER) + " or other"
    assert sentences == (
        "clustercheck.toml: rules.CC02.required_categories[0]: expected "
        f"{vocabulary}, found 'firms'; did you mean 'firm'?",
        "clustercheck.toml: rules.CC02.required_categories[2]: expected text, found 3.",
    )


def test_list_items_are_kept_in_the_vocabulary_s_spelling(rules) -> None:
    data = {"rules": {"CC02": {"required_categories": ["Firm", " civil_society "]}}}
    config = validate(parse(data), rules)
    assert config.rules["CC02"].params["required_categories"] == ("firm", "civil_society")


def test_every_parameter_problem_of_every_rule_at_once(rules) -> None:
    data = {
        "rules": {
            "TEAM04": {"min_local_share": 5, "min_shar": 0.5},
            "CAP03": {"required_phases": ["diagnostics"]},
            "SC03": {"min_meetings_per_year": -1},
        }
    }
    assert [s.split(": ")[1] for s in _problems(rules, data)] == [
        "rules.TEAM04.min_local_share",
        "rules.TEAM04.min_shar",
        "rules.CAP03.required_phases[0]",
        "rules.SC03.min_meetings_per_year",
    ]


def test_a_table_for_a_rule_that_is_not_loaded_is_a_warning(rules) -> None:
    notes: list[str] = []
    data = {
        "select": ["TEAM", "BUDG"],
        "ignore": ["BUDG01"],
        "rules": {
            "BUDG02": {"min_training_share": 5},
            "TEAM4": {},
            "TEAM04": {"min_local_share": 0.6},
        },
    }
    config = validate(parse(data, source="clustercheck.toml"), rules, warn=notes.append)
    assert notes == [
        "clustercheck.toml: select[1]: 'BUDG' matches no loaded rule, so it is not used.",
        "clustercheck.toml: ignore[0]: 'BUDG01' matches no loaded rule, so it is not used.",
        "clustercheck.toml: rules.BUDG02: no rule BUDG02 is loaded, so these settings are not used.",
        "clustercheck.toml: rules.TEAM4: no rule TEAM4 is loaded, so these settings are not used; "
        "did you mean 'TEAM04'?",
    ]
    assert set(config.rules) == {"TEAM04"}
    assert config.selected("TEAM01")
    assert not config.selected("CAP01")


def test_command_line_codes_are_named_by_their_option(rules) -> None:
    notes: list[str] = []
    config = merge(parse({}, source="clustercheck.toml"), select=("TEAM", "BUDG"))
    validate(config, rules, warn=notes.append, command_line={"select"})
    assert notes == ["--select: 'BUDG' matches no loaded rule, so it is not used."]
    with pytest.raises(ConfigError) as raised:
        validate(merge(config, select=("BUDG",)), rules, command_line={"select"})
    assert raised.value.sentences == (
        "--select: none of BUDG matches a loaded rule, so no rule would be checked "
        "(`clustercheck rules` lists them).",
    )


def test_integers_are_accepted_for_number_parameters(rules) -> None:
    config = validate(parse({"rules": {"TEAM04": {"min_local_share": 1}}}), rules)
    assert config.rules["TEAM04"].params["min_local_share"] == 1.0


def test_command_line_values_win() -> None:
    config = merge(Config(fail_on="warning", ignore=("SC",)), fail_on="info", ignore=None)
    assert config.fail_on == "info"
    assert config.ignore == ("SC",)


@pytest.mark.parametrize(
    ("select", "ignore", "code", "selected"),
    [
        ((), (), "TEAM01", True),
        (("TEAM",), (), "CAP01", False),
        (("TEAM",), ("TEAM04",), "TEAM04", False),
        (("TEAM04",), ("TEAM",), "TEAM04", True),  # the more specific wins
        ((), ("CC",), "CC05", False),
    ],
)
def test_select_and_ignore_by_code_or_prefix(select, ignore, code, selected) -> None:
    assert Config(select=select, ignore=ignore).selected(code) is selected
