"""Report formats: one module per format, each registered as a Reporter through the reporters hook.

The built-in formats are declared in ``clustercheck.report.formats``, which imports a format's module
only when a report is made in it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from clustercheck.engine.results import Run


@attrs.frozen(kw_only=True)
class Reporter:
    """A report format.

    ``render(run)`` returns text (for standard output or a text file); ``write(run, path)`` writes a
    file (for binary formats). A reporter has one or both. ``extensions`` are the ``-o`` file endings
    that choose it, with their dot (``".html"``).
    """

    name: str
    description: str
    extensions: tuple[str, ...] = ()
    render: Callable[[Run], str] | None = attrs.field(default=None, eq=False)
    write: Callable[[Run, Path], None] | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        if self.render is None and self.write is None:
            raise ValueError(f"reporter {self.name!r} needs a render or a write function")

    def render_text(self, run: Run) -> str:
        """The report as text (for standard output); only for a reporter with ``render``."""
        if self.render is None:
            raise TypeError(f"the {self.name} format writes files only")
        return self.render(run)

    def write_file(self, run: Run, path: Path) -> None:
        """Write the report to ``path`` (the caller makes it atomic)."""
        if self.write is not None:
            self.write(run, path)
        else:
            assert self.render is not None  # checked in __attrs_post_init__
            path.write_text(self.render(run), encoding="utf-8")
