"""Fixtures for the GEN rules: the valid example project, with the plugin's columns filled in."""

from __future__ import annotations

import pytest

from clustercheck.testing import Rows

#: Women-led members of the example's two Cluster Commissions: a firm, and a women's association.
WOMEN_LED = {"ORG-F04", "ORG-F09"}


@pytest.fixture
def gender_rows(project_rows: Rows) -> Rows:
    """The example project, marked 2a, with women_led filled in for every organisation."""
    project_rows.project["gender_marker"] = "2a"
    for org in project_rows.sheet("Organisations"):
        org["women_led"] = org["org_id"] in WOMEN_LED
    return project_rows
