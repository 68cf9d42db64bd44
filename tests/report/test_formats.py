"""The built-in formats are registered without importing their modules, and use them when asked."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from clustercheck.engine import Run
from clustercheck.plugins import Plugins, get_plugins
from clustercheck.report.formats import BUILTIN_FORMATS, BuiltinFormat


def test_every_format_is_a_builtin_plugin_of_its_own() -> None:
    clustercheck_plugins = get_plugins(entry_points=False)
    builtins = {i.name: i for i in clustercheck_plugins.infos if i.builtin}
    assert list(builtins) == ["clustercheck.workbook.problems", *BUILTIN_FORMATS]
    for module, fmt in BUILTIN_FORMATS.items():
        assert builtins[module].hooks == ("clustercheck_reporters",)
        assert builtins[module].error is None
        assert clustercheck_plugins.reporters[fmt.reporter.name] is fmt.reporter
    assert list(clustercheck_plugins.reporters) == [
        "text",
        "json",
        "html",
        "markdown",
        "sarif",
        "junit",
        "xlsx",
        "portfolio",
    ]


def test_loading_the_plugins_imports_no_format_module() -> None:
    code = (
        "import json, sys\n"
        "from clustercheck.plugins import get_plugins\n"
        "get_plugins(entry_points=False)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('clustercheck.report', 'jinja2')))))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(shown) == ["clustercheck.report", "clustercheck.report.formats"]


@pytest.mark.parametrize("fmt", list(BUILTIN_FORMATS.values()), ids=lambda f: f.reporter.name)
def test_a_format_calls_its_module(
    fmt: BuiltinFormat, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    module = importlib.import_module(fmt.module)
    run: Any = object()  # a stand-in: the module's function is replaced
    calls: list[tuple[object, ...]] = []
    if fmt.reporter.render is not None:
        assert fmt.reporter.write is None
        monkeypatch.setattr(module, "render", lambda *args: calls.append(args) or "made")
        assert fmt.reporter.render(run) == "made"
        assert calls == [(run,)]
    else:
        assert fmt.reporter.write is not None
        monkeypatch.setattr(module, "write", lambda *args: calls.append(args))
        fmt.reporter.write(run, tmp_path / "report")
        assert calls == [(run, tmp_path / "report")]


def test_the_registered_reporter_makes_the_modules_report(
    weak_run: Run, clustercheck_plugins: Plugins
) -> None:
    from clustercheck.report import json as json_report
    from clustercheck.report import markdown, text

    for name, module in (("json", json_report), ("markdown", markdown), ("text", text)):
        render = clustercheck_plugins.reporters[name].render
        assert render is not None
        assert render(weak_run) == module.render(weak_run), name
