"""Rule parameters that declare constraints: minimum, maximum, choices and choices for list items,
checked with the configuration (every problem at once, with a did-you-mean)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from clustercheck.api import Checker, Options
from clustercheck.errors import ConfigError
from clustercheck.model import Stage
from clustercheck.rule import Parameter, rule

BUDGET_PLUGIN = """
from clustercheck.hookspecs import hookimpl
from clustercheck.rule import Parameter, rule


@rule(
    code="BUDG02",
    name="training-share",
    title="Enough of the budget goes to training",
    severity="warning",
    parameters={
        "min_training_share": Parameter(
            default=0.1, description="Least share of the budget for training", minimum=0, maximum=1
        ),
        "currency": Parameter(default="EUR", description="Currency", choices=["EUR", "USD"]),
        "max_lines": Parameter(default=50, description="Most budget lines", maximum=500),
    },
)
def training_share(project, params):
    yield from ()


@hookimpl
def clustercheck_rules():
    return [training_share]
"""


def _check(value: object, **constraints: object) -> tuple[object, list[tuple[str, str]]]:
    default = constraints.pop("default")
    return Parameter(name="p", default=default, description="", **constraints).check(value)


@pytest.mark.parametrize(
    ("constraints", "value", "problem"),
    [
        ({"default": 0.5, "minimum": 0, "maximum": 1}, 5, "expected a number from 0 to 1, found 5"),
        (
            {"default": 0.5, "minimum": 0, "maximum": 1},
            True,
            "expected a number from 0 to 1, found true",
        ),
        ({"default": 3, "minimum": 1}, 0, "expected an integer of at least 1, found 0"),
        ({"default": 3, "maximum": 12}, 13, "expected an integer of at most 12, found 13"),
        ({"default": 3, "choices": [1, 3, 6]}, 2, "expected 1, 3 or 6, found 2"),
        (
            {"default": "design", "choices": Stage},
            "finale",
            "expected design, inception, midterm or final, found 'finale'; did you mean 'final'?",
        ),
        (
            {"default": "EUR", "choices": ["EUR", "USD"]},
            ["EUR"],
            "expected EUR or USD, found ['EUR']",
        ),
        ({"default": ["a"]}, "a", "expected a list of text values, found 'a'"),
        (
            {"default": ["design"], "item_choices": Stage},
            "design",
            "expected a list, each item design, inception, midterm or final, found 'design'",
        ),
    ],
)
def test_a_value_outside_the_constraints_is_refused(
    constraints: dict[str, object], value: object, problem: str
) -> None:
    assert _check(value, **constraints)[1] == [("", problem)]


def test_list_items_are_checked_one_by_one_with_their_index() -> None:
    converted, problems = _check(["Final", "desing", 4], default=["design"], item_choices=Stage)
    assert converted == ("final", "desing", 4)
    assert problems == [
        (
            "[1]",
            "expected design, inception, midterm or final, found 'desing'; did you mean 'design'?",
        ),
        ("[2]", "expected text, found 4"),
    ]


def test_values_within_the_constraints_are_converted() -> None:
    assert _check(1, default=0.5, minimum=0, maximum=1) == (1.0, [])
    assert _check(" USD ", default="EUR", choices=["EUR", "USD"]) == ("USD", [])
    assert Parameter(name="p", default=0.5, description="", minimum=0, maximum=1).expected == (
        "a number from 0 to 1"
    )


@pytest.mark.parametrize(
    ("constraints", "error", "message"),
    [
        ({"default": "a", "minimum": 0}, TypeError, "minimum and maximum need a number default"),
        ({"default": True, "choices": [True]}, TypeError, "choices need a string or number"),
        ({"default": "a", "item_choices": ["a"]}, TypeError, "item_choices need a list default"),
        (
            {"default": 5, "maximum": 1},
            ValueError,
            "parameter 'p': its default fails its constraints: expected an integer of at most 1, "
            "found 5",
        ),
    ],
)
def test_a_plugin_author_s_inconsistent_declaration_fails_at_import(
    constraints: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(")):
        Parameter(name="p", description="", **constraints)


def test_the_rule_decorator_names_a_parameter_after_its_key() -> None:
    @rule(
        code="XY01",
        name="x-y",
        title="X",
        severity="info",
        parameters={
            "share": Parameter(default=0.5, description="A share", minimum=0, maximum=1),
            "plain": (3, "An integer, unconstrained"),
        },
    )
    def check(project, params):
        yield from ()

    assert [(p.name, p.minimum, p.maximum) for p in check.parameters] == [
        ("share", 0, 1),
        ("plain", None, None),
    ]
    with pytest.raises(ValueError, match="'share' is declared with another name, 'other'"):
        rule(
            code="XY02",
            name="x-y",
            title="X",
            severity="info",
            parameters={"share": Parameter(name="other", default=0.5, description="")},
        )(check.check)


@pytest.fixture
def budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plugin author's folder: the budget plugin module, found by ``-p``, and nothing else."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "budget_constraints.py").write_text(BUDGET_PLUGIN)
    return tmp_path


def test_a_plugin_s_bounds_and_choices_are_checked_with_the_configuration(budget: Path) -> None:
    config = budget / "clustercheck.toml"
    config.write_text(
        textwrap.dedent(
            """
            [rules.BUDG02]
            min_training_share = 5
            currency = "eur "
            max_lines = 1000
            """
        )
    )
    with pytest.raises(ConfigError) as raised:
        Checker.load(Options(plugins=("budget_constraints",), config=config))
    assert raised.value.sentences == (
        f"{config}: rules.BUDG02.min_training_share: expected a number from 0 to 1, found 5.",
        f"{config}: rules.BUDG02.max_lines: expected an integer of at most 500, found 1000.",
    )
    config.write_text("[rules.BUDG02]\nmin_training_share = 0.2\ncurrency = 'usd'\n")
    checker = Checker.load(Options(plugins=("budget_constraints",), config=config))
    assert checker.config.rules["BUDG02"].params == {"min_training_share": 0.2, "currency": "USD"}
    assert checker.notes == ()


def test_the_settings_of_a_plugin_that_is_not_loaded_are_a_note(budget: Path) -> None:
    config = budget / "clustercheck.toml"
    config.write_text("select = ['TEAM', 'BUDG']\n[rules.BUDG02]\nmin_training_share = 0.2\n")
    checker = Checker.load(Options(config=config))
    assert checker.notes == (
        f"{config}: select[1]: 'BUDG' matches no loaded rule, so it is not used.",
        f"{config}: rules.BUDG02: no rule BUDG02 is loaded, so these settings are not used.",
    )
    assert "BUDG02" not in checker.config.rules
