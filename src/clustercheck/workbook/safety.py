"""Opening a workbook file safely: what it really is is checked before openpyxl sees it."""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from clustercheck.errors import WorkbookError


def check_file(path: Path) -> None:
    """Raise WorkbookError unless ``path`` is a regular file that may be an xlsx workbook."""
    if not path.exists():
        raise WorkbookError("no such file", file=str(path))
    if not path.is_file():
        raise WorkbookError("not a file", file=str(path))


def open_workbook_plain(path: Path, *, data_only: bool) -> Any:
    """openpyxl's read-only workbook, with any failure as one WorkbookError sentence."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it does not read (data validation extensions, ...).
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(
                path, read_only=True, data_only=data_only, keep_links=False
            )
    except Exception as exc:  # any failure to open is the file's, said in one sentence
        raise WorkbookError(
            f"cannot be read as an xlsx workbook ({type(exc).__name__}: {exc})", file=str(path)
        ) from exc


@contextlib.contextmanager
def open_workbook(path: Path, *, data_only: bool) -> Iterator[Any]:
    """Open ``path`` read-only for the duration of the block, and close it after."""
    book = open_workbook_plain(path, data_only=data_only)
    try:
        yield book
    finally:
        book.close()
