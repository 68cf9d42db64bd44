"""Keep docs/plugins.md honest: every hook is documented, every example in it runs.

Blocks fenced as ```` ```python example ```` are plugin modules: each is imported as a module and
registered as a plugin, and what its hooks return is used. Blocks fenced ```` ```python test ```` are
the guide's tests: they run under pytest against the guide's example plugins.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from clustercheck import hookspecs, testing
from clustercheck.api import Checker
from clustercheck.config import Config
from clustercheck.model import Stage
from clustercheck.plugins import Plugins, configure, get_plugins

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
TEXT = GUIDE.read_text(encoding="utf-8")
BLOCK = re.compile(r"^```python (example|test)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
EXAMPLES = [m.group(2) for m in BLOCK.finditer(TEXT) if m.group(1) == "example"]
TESTS = [m.group(2) for m in BLOCK.finditer(TEXT) if m.group(1) == "test"]
HOOKS = sorted(
    name for name, _ in inspect.getmembers(hookspecs) if name.startswith("clustercheck_")
)


def section(heading: str) -> str:
    """The text under ``heading`` up to the next heading of any level."""
    start = TEXT.index(heading) + len(heading)
    following = re.search(r"^#+ ", TEXT[start:], re.MULTILINE)
    return TEXT[start : start + following.start()] if following else TEXT[start:]


@pytest.fixture
def example_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The guide's example blocks as importable modules ``docs_example_N``."""
    names = []
    for number, code in enumerate(EXAMPLES):
        name = f"docs_example_{number}"
        (tmp_path / f"{name}.py").write_text(code, encoding="utf-8")
        names.append(name)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield names
    for name in names:
        sys.modules.pop(name, None)


@pytest.fixture
def guide_plugins(example_modules: list[str]) -> Plugins:
    plugins = get_plugins(example_modules)
    failed = [(i.name, i.error) for i in plugins.infos if i.error]
    assert failed == []
    return plugins


def test_the_guide_has_examples_of_both_kinds() -> None:
    assert len(EXAMPLES) >= 6
    assert len(TESTS) >= 1


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_its_arguments(hook: str) -> None:
    arguments = list(inspect.signature(getattr(hookspecs, hook)).parameters)
    heading = f"### `{hook}({', '.join(arguments)})`"
    assert heading in TEXT
    body = section(heading)
    for argument in arguments:
        assert f"`{argument}`" in body
    assert "```python example" in body  # and an example that the tests below run


def test_every_hook_has_a_spec_and_no_other_hook_is_documented() -> None:
    documented = re.findall(r"^### `(clustercheck_\w+)\(", TEXT, re.MULTILINE)
    assert sorted(documented) == HOOKS


@pytest.mark.parametrize("number", range(len(EXAMPLES)))
def test_each_example_is_a_plugin_clustercheck_accepts(number: int, example_modules: list[str]):
    name = example_modules[number]
    plugins = get_plugins([name], entry_points=False)
    info = next(i for i in plugins.infos if i.name == name)
    assert info.error is None
    assert info.hooks  # it implements at least one hook, under a name the specs know


def test_the_examples_rules_pass_on_the_valid_example(guide_plugins: Plugins, tmp_path: Path):
    codes = [c for c, owner in guide_plugins.owners.items() if owner.startswith("docs_example_")]
    assert {"WU01", "WU02", "XM01"} <= set(codes)
    path = testing.write_rows(testing.example_rows(), tmp_path / "example.xlsx", guide_plugins)
    project = testing.load_project(path, guide_plugins)
    assert project.problems == ()
    for code in codes:
        assert testing.check(code, project, guide_plugins).where == []


def test_the_examples_schema_reaches_the_workbook(guide_plugins: Plugins, tmp_path: Path):
    rows = testing.example_rows()
    rows.set("Clusters", {"cluster_id": "CL1"}, water_intensity="high")
    rows.add("Risks", risk_id="K1", statement="Exports fall", owner="ORG-MIN", likelihood="low")
    project = testing.load_project(
        testing.write_rows(rows, tmp_path / "x.xlsx", guide_plugins), guide_plugins
    )
    assert project.cluster_by_id["CL1"].extra["water_intensity"] == "high"
    assert [r.get("owner") for r in project.tables["Risks"]] == ["ORG-MIN"]


def test_the_example_reporter_renders_a_real_run(guide_plugins: Plugins, tmp_path: Path):
    rows = testing.example_rows()
    rows.set("Clusters", {"cluster_id": "CL1"}, sector=None)
    path = testing.write_rows(rows, tmp_path / "x.xlsx", guide_plugins)
    run = Checker(plugins=guide_plugins, config=Config(select=("WU",))).check([path])
    lines = guide_plugins.reporters["csv"].render(run).splitlines()  # type: ignore[misc]
    assert lines[0] == "file,rule,severity,cell,message"
    assert lines[1].split(",")[1:4] == ["WU01", "warning", "Clusters!C2"]


def test_the_example_configure_hook_changes_the_configuration(guide_plugins: Plugins):
    assert "PR" in configure(guide_plugins, Config(stage=Stage.DESIGN)).ignore
    assert configure(guide_plugins, Config(stage=Stage.FINAL)).ignore == ()


def test_the_guides_tests_pass_with_its_example_plugins(example_modules: list[str], tmp_path: Path):
    (tmp_path / "test_guide.py").write_text("\n\n".join(TESTS), encoding="utf-8")
    # Stands in for installing the guide's plugin: its modules are loaded with -p.
    (tmp_path / "conftest.py").write_text(
        "import pytest\nfrom clustercheck.plugins import get_plugins\n\n\n"
        "@pytest.fixture\ndef clustercheck_plugins():\n"
        f"    return get_plugins({example_modules!r})\n",
        encoding="utf-8",
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**_environ(), "PYTHONPATH": str(tmp_path)},
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{TESTS[0].count('def test_')} passed" in done.stdout


def _environ() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERCHECK_", "PYTEST_"))}


def _plain(signature: inspect.Signature) -> str:
    """A signature as the guide writes it: names and defaults, no annotations."""
    parts, star = [], False
    for p in signature.parameters.values():
        if p.kind is p.KEYWORD_ONLY and not star:
            parts.append("*")
            star = True
        text = {p.VAR_POSITIONAL: f"*{p.name}", p.VAR_KEYWORD: f"**{p.name}"}.get(p.kind, p.name)
        star = star or p.kind is p.VAR_POSITIONAL
        parts.append(text if p.default is p.empty else f"{text}={p.default!r}")
    return ", ".join(parts)


@pytest.mark.parametrize("helper", ["example_rows", "write_rows", "load_project", "check"])
def test_the_helpers_have_the_signatures_the_guide_shows(helper: str):
    assert f"`{helper}({_plain(inspect.signature(getattr(testing, helper)))})`" in TEXT


def test_every_fixture_in_the_guide_exists():
    named = re.findall(
        r"^\| `(\w+)", section("## Testing fixtures (`clustercheck.testing`)"), re.MULTILINE
    )
    assert named == [
        "clustercheck_plugins",
        "project_rows",
        "make_workbook",
        "make_project",
        "check_rule",
    ]
    for name in named:
        assert hasattr(testing, name)
    for method in re.findall(
        r"`(\w+)\(",
        section("## Testing fixtures (`clustercheck.testing`)")
        .split("`Rows`:")[1]
        .split("`RuleCheck`")[0],
    ):
        assert callable(getattr(testing.Rows, method))
