"""Shared test set-up: where the repository's fixtures are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    """The committed fixture workbooks (``fixtures/``)."""
    return FIXTURES
