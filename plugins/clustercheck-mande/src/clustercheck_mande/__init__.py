"""clustercheck-mande: monitoring and evaluation rules (family ``ME``) for clustercheck.

The plugin adds two optional sheets, ``Results`` (the results chain) and ``Indicators`` (how each
result is measured), and rules that check the chain is complete, every result is measurable and the
work plan pays for monitoring. Loaded through the ``clustercheck`` entry point ``mande``.
"""

from __future__ import annotations

from collections.abc import Iterable

from clustercheck.hookspecs import hookimpl
from clustercheck.rule import Rule
from clustercheck.workbook.schema import Sheet
from clustercheck_mande.rules import RULES
from clustercheck_mande.schema import SHEETS

__version__ = "1.0.0"


@hookimpl
def clustercheck_workbook_schema() -> Iterable[Sheet]:
    """The Results and Indicators sheets."""
    return SHEETS


@hookimpl
def clustercheck_rules() -> Iterable[Rule]:
    """The ME rules."""
    return RULES
