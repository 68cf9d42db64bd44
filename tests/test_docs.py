"""The generated documentation is in sync with the code that it documents."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from clustercheck.cli import main
from tests.conftest import load_script

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _build():
    return load_script(DOCS / "build.py")


def test_rules_reference_is_generated_from_the_rules() -> None:
    """If this fails, run ``python docs/build.py`` and commit docs/rules.md."""
    assert (DOCS / "rules.md").read_text(encoding="utf-8") == _build().rules_reference()


def test_rules_reference_is_what_the_cli_prints() -> None:
    result = CliRunner().invoke(
        main, ["rules", "--format", "markdown"], env={"CLUSTERCHECK_LOAD_PLUGINS": "unido"}
    )
    assert result.stdout == (DOCS / "rules.md").read_text(encoding="utf-8")


def test_every_rule_has_complete_metadata_and_a_reference_entry() -> None:
    from clustercheck.plugins import get_plugins

    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in get_plugins(env={"CLUSTERCHECK_LOAD_PLUGINS": "unido"}).rules:
        missing = [
            f
            for f in ("title", "description", "principle", "source", "fix")
            if not getattr(rule, f)
        ]
        assert missing == [], rule.code
        assert all(p.description for p in rule.parameters), rule.code
        assert f"### {rule.code}\n" in text


def test_workbook_tables_are_generated_from_the_schema() -> None:
    """If this fails, run ``python docs/build.py`` and commit docs/workbook.md."""
    current = (DOCS / "workbook.md").read_text(encoding="utf-8")
    assert current == _build().workbook_reference(current)
    assert "| `person_id`* | id |" in current
