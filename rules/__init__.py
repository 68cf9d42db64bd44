"""The UNIDO rule pack: clustercheck's first-party rules, one module per principle.

Registered through the ``clustercheck`` entry-point group (as ``unido``), exactly as a third-party
plugin would be; ``-p no:unido`` or ``CLUSTERCHECK_LOAD_PLUGINS`` turn it off like any other.
"""

from __future__ import annotations

from clustercheck.hookspecs import hookimpl
from clustercheck.rule import Rule

from . import capacity, commission, method, steering, team, transfer

MODULES = (team, capacity, transfer, commission, steering, method)


def all_rules() -> list[Rule]:
    """Every rule of the pack, in the order of the rules reference."""
    return [rule for module in MODULES for rule in module.RULES]


@hookimpl
def clustercheck_rules() -> list[Rule]:
    return all_rules()
