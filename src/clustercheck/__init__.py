"""clustercheck: check a cluster development project's design, kept in a workbook, against its principles."""

from __future__ import annotations

__version__ = "1.0.0"
