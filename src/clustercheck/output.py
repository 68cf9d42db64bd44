"""Writing files safely: atomically (a temporary file renamed into place), never over an input."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from clustercheck.errors import ClustercheckError


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (resolving links; false when either does not exist)."""
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], *, inputs: Iterable[Path] = ()) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one rename.

    Refuses (ClustercheckError) to write over any of ``inputs``. On failure the temporary file is
    removed and ``target`` is untouched.
    """
    path = Path(target)
    for source in inputs:
        if same_file(path, source):
            raise ClustercheckError(
                "refusing to write a report over an input workbook; choose another name",
                file=str(path),
            )
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ClustercheckError("the folder to write into does not exist", file=str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    # mkstemp makes the file private (0600); a report is an ordinary file, so honour the umask.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
