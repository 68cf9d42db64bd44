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


@pytest.mark.parametrize(
    ("text", "culprit"),
    [
        ('colour = "red"\n', "'colour'"),
        ('fail-on = "sometimes"\n', "'fail-on'"),
        ('stage = "closing"\n', "'stage'"),
        ('select = "TEAM"\nignore = [1]\n', "'ignore'"),
        ('[rules.TEAM04]\nseverity = "fatal"\n', "rules.TEAM04.severity"),
        ("this is = not toml\n", "not valid TOML"),
    ],
)
def test_shape_errors_name_the_key(tmp_path: Path, text: str, culprit: str) -> None:
    path = tmp_path / "clustercheck.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert culprit in str(raised.value)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("data", "culprit"),
    [
        ({"select": ["NOPE"]}, "'NOPE'"),
        ({"ignore": ["XX01"]}, "'XX01'"),
        ({"rules": {"ZZ99": {}}}, "rules.ZZ99"),
        ({"rules": {"TEAM04": {"min_share": 0.5}}}, "rules.TEAM04.min_share"),
        ({"rules": {"TEAM04": {"min_local_share": "half"}}}, "rules.TEAM04.min_local_share"),
        ({"rules": {"SC02": {"donor_required": 1}}}, "rules.SC02.donor_required"),
    ],
)
def test_rule_errors_name_the_code_or_parameter(rules, data: dict, culprit: str) -> None:
    with pytest.raises(ConfigError) as raised:
        validate(parse(data, source="clustercheck.toml"), rules)
    assert culprit in str(raised.value)


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
