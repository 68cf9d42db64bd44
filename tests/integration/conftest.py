"""One fresh virtual environment for the slow tests that need plugins really installed.

It holds clustercheck (built from this tree, as a user's pip would build it), pytest, the two
example plugins, and three test distributions from ``dists/``: ``testdist`` (one rule, TD01),
``broken`` (raises on import) and ``ancient`` (requires clustercheck<1, installed with --no-deps,
so clustercheck must refuse it). Sources are copied out first so no build debris lands in the tree.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[2]
DISTS = Path(__file__).resolve().parent / "dists"
DEBRIS = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist", ".tox", ".venv")


@attrs.frozen
class Venv:
    """A virtual environment and the way to run its programs."""

    path: Path
    work: Path

    @property
    def bin(self) -> Path:
        return self.path / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> str:
        return str(self.bin / "python")

    def env(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("CLUSTERCHECK_", "PYTEST_"))
        }
        env.pop("PYTHONPATH", None)
        env.update({"NO_COLOR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
        env.update(extra or {})
        return env

    def run(
        self,
        *args: str,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        check: bool = False,
    ) -> subprocess.CompletedProcess[str]:
        """Run a program of the venv (``clustercheck``, ``python``…) and capture its output."""
        program = str(self.bin / args[0])
        done = subprocess.run(
            [program, *args[1:]],
            capture_output=True,
            text=True,
            env=self.env(env),
            cwd=cwd or self.work,
            timeout=600,
            check=False,
        )
        if check and done.returncode != 0:
            pytest.fail(f"{' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
        return done

    def pip_install(self, *args: str) -> None:
        self.run("python", "-m", "pip", "install", "--quiet", *args, check=True)

    def clustercheck(
        self, *args: str, env: Mapping[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        return self.run("clustercheck", *args, env=env)


def copy_source(source: Path, target: Path, parts: Sequence[str] | None = None) -> Path:
    """Copy a project to ``target`` without build debris (``parts``: only these entries)."""
    target.mkdir(parents=True)
    for entry in parts if parts is not None else [p.name for p in source.iterdir()]:
        path = source / entry
        if path.is_dir():
            shutil.copytree(path, target / entry, ignore=DEBRIS)
        elif path.exists():
            shutil.copy2(path, target / entry)
    return target


@pytest.fixture(scope="session")
def plugin_venv(tmp_path_factory: pytest.TempPathFactory) -> Venv:
    """A fresh venv with clustercheck, the example plugins and the test distributions installed."""
    base = tmp_path_factory.mktemp("plugin-venv")
    core = copy_source(
        ROOT,
        base / "src" / "clustercheck",
        ["pyproject.toml", "README.md", "LICENSE", "src", "rules"],
    )
    sources = [
        copy_source(ROOT / "plugins" / name, base / "src" / name)
        for name in ("clustercheck-mande", "clustercheck-gender")
    ]
    sources += [copy_source(DISTS / name, base / "src" / name) for name in ("testdist", "broken")]
    ancient = copy_source(DISTS / "ancient", base / "src" / "ancient")
    subprocess.run(
        [sys.executable, "-m", "venv", str(base / "venv")], check=True, capture_output=True
    )
    venv = Venv(base / "venv", base / "work")
    venv.work.mkdir()
    # All in one resolution, so the plugins' clustercheck requirement is met by this tree's build.
    venv.pip_install(str(core), "pytest>=8", *map(str, sources))
    # It cannot be installed beside clustercheck 1 with its requirement: what an old lock file does.
    venv.pip_install("--no-deps", str(ancient))
    return venv
