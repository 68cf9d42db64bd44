"""The library API gives the Run the command line reports, and docs/api.md's example runs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from clustercheck import api
from clustercheck.cli import main
from clustercheck.errors import ConfigError
from clustercheck.report.json import as_dict
from tests.conftest import FIXTURES, ROOT


@pytest.fixture
def proposals(tmp_path: Path) -> Path:
    folder = tmp_path / "proposals"
    folder.mkdir()
    for name in ("example.xlsx", "weak-design.xlsx", "weak-design-revised.xlsx"):
        shutil.copyfile(FIXTURES / name, folder / name)
    return folder


@pytest.mark.parametrize(
    ("arguments", "options"),
    [
        ([], {}),
        (["--select", "CC,SC", "--fail-on", "warning"], {"select": "CC,SC", "fail_on": "warning"}),
        (
            ["--ignore", "CAP", "--stage", "final", "--redact"],
            {"ignore": ["CAP"], "stage": "final", "redact": True},
        ),
        (["--jobs", "2"], {"jobs": 2}),
    ],
)
def test_the_library_gives_the_run_the_command_line_reports(
    proposals: Path, arguments: list[str], options: dict[str, object]
) -> None:
    result = CliRunner().invoke(main, ["check", str(proposals), "--format", "json", *arguments])
    run = api.check([proposals], **options)
    assert result.exit_code == run.exit_code
    assert json.loads(result.stdout) == json.loads(json.dumps(as_dict(run)))


def test_a_checker_checks_again_with_what_it_loaded(proposals: Path) -> None:
    checker = api.Checker.load(api.Options(select=("TEAM",)))
    first, second = checker.check([proposals]), checker.check([proposals / "example.xlsx"])
    assert [p.file for p in second.projects] == [first.projects[0].file]
    assert second.projects[0].findings == first.projects[0].findings
    assert all(f.rule.startswith("TEAM") for p in first.projects for f in p.findings)


def test_what_cannot_be_done_is_one_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no workbooks"):
        api.check([tmp_path])
    with pytest.raises(ConfigError, match="there is no review stage 'finished'"):
        api.Checker.load(api.Options(stage="finished"))
    checker = api.Checker.load()
    with pytest.raises(ConfigError, match=r"cannot tell the format of report\.pdf"):
        checker.reporter_for(Path("report.pdf"))
    with pytest.raises(ConfigError, match="did you mean CC02"):
        api.find_rule(checker.plugins, "cc2")


def test_the_example_in_docs_api_runs(proposals: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    example = re.search(r"```python\n(.*?)```", text, re.S)
    assert example is not None
    monkeypatch.chdir(proposals.parent)
    exec(compile(example.group(1), "docs/api.md", "exec"), {})  # our own docs' example
    assert (proposals.parent / "screening.html").is_file()
    assert (proposals.parent / "screening.portfolio.xlsx").is_file()
