"""Which files a check reads: the paths as given, and the workbooks found below folders."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path


def expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, and the ``*.xlsx`` files found below folders (sorted; Excel lock files skipped)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*.xlsx") if p.is_file() and not p.name.startswith("~$")
            )
        else:
            yield path
