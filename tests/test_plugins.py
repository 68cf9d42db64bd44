"""Plugins: hooks are called through pluggy, with only the arguments each implementation names."""

from __future__ import annotations

from pathlib import Path

import pytest

from clustercheck.api import Checker, Options
from clustercheck.cli import main

NO_ARGUMENTS = """
from clustercheck.hookspecs import hookimpl

CALLS = []


@hookimpl
def clustercheck_configure():
    CALLS.append("configure")
"""

CHANGES = """
import attrs

from clustercheck.hookspecs import hookimpl


@hookimpl
def clustercheck_configure(config):
    return attrs.evolve(config, ignore=(*config.ignore, "PR03"))
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh current folder, where ``-p`` finds plugin modules as a plugin author keeps them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_configure_hook_without_arguments_is_called(here: Path) -> None:
    (here / "quiet_plugin.py").write_text(NO_ARGUMENTS)
    checker = Checker.load(Options(plugins=("quiet_plugin",)))
    module = checker.plugins.manager.get_plugin("quiet_plugin")
    assert module.CALLS == ["configure"]
    assert checker.config.ignore == ()


def test_a_configure_hook_changes_the_configuration(here: Path) -> None:
    (here / "ignoring_plugin.py").write_text(CHANGES)
    checker = Checker.load(Options(plugins=("ignoring_plugin",), ignore=("CAP01",)))
    assert checker.config.ignore == ("CAP01", "PR03")


def test_the_command_line_runs_a_configure_hook_without_arguments(here: Path) -> None:
    from click.testing import CliRunner

    (here / "quiet_plugin.py").write_text(NO_ARGUMENTS)
    example = Path(__file__).resolve().parents[1] / "fixtures" / "example.xlsx"
    result = CliRunner().invoke(main, ["check", str(example), "-p", "quiet_plugin"])
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output
