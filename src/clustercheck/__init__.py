"""clustercheck: check a cluster development project's design, kept in a workbook, against its principles."""

from __future__ import annotations

from clustercheck.version import __version__

__all__ = ["__version__"]
