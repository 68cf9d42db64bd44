"""Fixtures for the ME rules: the valid example project, with a valid results chain added."""

from __future__ import annotations

import datetime as dt

import pytest

from clustercheck.testing import Rows


def add_results_chain(rows: Rows) -> Rows:
    """Give ``rows`` a complete, measured results chain: one impact, one outcome, one output."""
    chain = [
        ("R1", "impact", None, "Leather and harissa firms grow their exports"),
        ("R2", "outcome", "R1", "Cluster firms sell jointly abroad"),
        ("R3", "output", "R2", "A joint export consortium is set up"),
    ]
    for result_id, level, parent_id, statement in chain:
        rows.add(
            "Results",
            result_id=result_id,
            level=level,
            parent_id=parent_id,
            statement=statement,
            assumptions="Export demand holds" if level != "impact" else None,
        )
        rows.add(
            "Indicators",
            indicator_id=f"I{result_id[1:]}",
            result_id=result_id,
            name=f"Progress on {statement.lower()}",
            unit="firms",
            baseline_value=0,
            baseline_date=dt.date(2026, 1, 15),
            target_value=12,
            target_date=dt.date(2029, 6, 30),
            means_of_verification="Annual cluster survey",
            frequency="annual",
            responsible_org="ORG-APII",
        )
    return rows


@pytest.fixture
def mande_rows(project_rows: Rows) -> Rows:
    """The example project with a complete results chain: every ME rule passes on it."""
    return add_results_chain(project_rows)
