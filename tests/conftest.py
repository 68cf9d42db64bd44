"""Shared test set-up: where the repository's fixtures are, and its scripts as modules."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@functools.cache
def load_script(path: Path) -> ModuleType:
    """A script of the repository (``fixtures/build.py``, ``benchmarks/generate.py``, ...) as a
    module, loaded once per test session."""
    name = f"script_{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # attrs and dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def fixtures_dir() -> Path:
    """The committed fixture workbooks (``fixtures/``)."""
    return FIXTURES
