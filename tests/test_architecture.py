"""The layers of docs/architecture.md hold: imports point down only, as import-linter checks them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which(
    "lint-imports"
)
needs_linter = pytest.mark.skipif(LINT is None, reason="import-linter is not installed")


def lint(source: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with the project's contract, on the clustercheck package found in ``source``."""
    assert LINT is not None
    return subprocess.run(
        [LINT, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(source), "PATH": str(Path(sys.executable).parent)},
        cwd=source,
        check=False,
    )


@needs_linter
def test_the_layers_contract_is_kept() -> None:
    result = lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@needs_linter
@pytest.mark.parametrize(
    ("module", "wrong"),
    [
        ("engine/checking.py", "from clustercheck import plugins"),  # the engine takes plain values
        ("workbook/schema.py", "if TYPE_CHECKING:\n    from clustercheck.report import Reporter"),
        ("report/text.py", "def later():\n    from clustercheck.cli import main"),
    ],
)
def test_a_wrong_way_import_breaks_the_contract(tmp_path: Path, module: str, wrong: str) -> None:
    copy = tmp_path / "clustercheck"
    shutil.copytree(ROOT / "src" / "clustercheck", copy)
    target = copy / module
    text = target.read_text(encoding="utf-8")
    if "TYPE_CHECKING" in wrong and "import TYPE_CHECKING" not in text:
        wrong = "from typing import TYPE_CHECKING\n" + wrong
    target.write_text(text + "\n" + wrong + "\n", encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
