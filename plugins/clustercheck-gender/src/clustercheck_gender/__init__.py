"""clustercheck-gender: gender-equality rules (family ``GEN``) for clustercheck.

The plugin adds a ``gender_marker`` field to the Project form and a ``women_led`` column to
Organisations, and rules that check the project is designed to advance gender equality and that
women-led enterprises have a voice in every Cluster Commission. Loaded through the ``clustercheck``
entry point ``gender``.
"""

from __future__ import annotations

from collections.abc import Iterable

from clustercheck.hookspecs import hookimpl
from clustercheck.rule import Rule
from clustercheck.workbook.schema import Column, Sheet
from clustercheck_gender.rules import MARKERS, RULES

__version__ = "1.0.0"

#: Columns added to existing sheets: a sheet named like a built-in one gains these columns.
COLUMNS = (
    Sheet(
        name="Project",
        columns=(
            Column(
                name="gender_marker",
                kind="choice",
                choices=MARKERS,
                description="UNIDO gender marker: 0 no contribution, 1 limited, 2a significant, "
                "2b gender equality is the principal objective.",
            ),
        ),
    ),
    Sheet(
        name="Organisations",
        columns=(
            Column(
                name="women_led",
                kind="boolean",
                description="Owned or led by women (a firm), or an association of women "
                "entrepreneurs (a business association)?",
            ),
        ),
    ),
)


@hookimpl
def clustercheck_workbook_schema() -> Iterable[Sheet]:
    """The gender_marker field and the women_led column."""
    return COLUMNS


@hookimpl
def clustercheck_rules() -> Iterable[Rule]:
    """The GEN rules."""
    return RULES
