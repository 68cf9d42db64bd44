"""Shared helpers for the hostile-input tests: the fixture table, and a measured CLI run."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

from tests.conftest import load_script

# Hypothesis imports libcst to suggest a patch when a property fails, and libcst triggers a
# DeprecationWarning that filterwarnings=error turns into an INTERNALERROR hiding the failing
# example. Importing it here first, with that warning ignored, keeps failures readable.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    with contextlib.suppress(ImportError):
        import hypothesis.extra._patching  # noqa: F401  # imported for its side effect only

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "fixtures" / "hostile"

#: Runs one command in a child and reports its exit status, output, CPU time and peak memory:
#: a fresh process per run, so RUSAGE_CHILDREN covers that one command only.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr, "wall": wall,
                  "cpu": usage.ru_utime + usage.ru_stime, "maxrss_mb": usage.ru_maxrss / 1024}))
"""
_CLI = "import sys; from clustercheck.cli import main; sys.argv[0] = 'clustercheck'; main()"


def build_hostile() -> ModuleType:
    """fixtures/build_hostile.py, imported for its CASES table."""
    return load_script(ROOT / "fixtures" / "build_hostile.py")


def measured_cli(*args: str | Path, cwd: Path | None = None) -> dict[str, Any]:
    """``clustercheck ARGS`` in a child process, measured."""
    command = [sys.executable, "-c", _MEASURE, sys.executable, "-c", _CLI, *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=cwd, timeout=120)
    result: dict[str, Any] = json.loads(done.stdout)
    return result
