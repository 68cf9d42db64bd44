"""The two sheets this plugin adds to the workbook: the results chain and its indicators.

Both are optional (``required=False``): a workbook made before the plugin was installed still loads
without WB001, and the ME rules report the missing results chain as a gap in the design instead.
"""

from __future__ import annotations

from clustercheck.workbook.schema import Column, Sheet

LEVELS = ("impact", "outcome", "output")

RESULTS = Sheet(
    name="Results",
    required=False,
    description="The results chain: impact, outcomes and outputs, one row each.",
    columns=(
        Column(name="result_id", kind="id", required=True, description="The result's id, e.g. R1."),
        Column(
            name="level",
            kind="choice",
            choices=LEVELS,
            required=True,
            description="impact, outcome or output.",
        ),
        Column(
            name="parent_id",
            kind="ref",
            ref="Results",
            description="The result this one contributes to: an output's outcome, an outcome's impact.",
        ),
        Column(name="statement", kind="text", description="The change the result describes."),
        Column(
            name="cluster_id",
            kind="ref",
            ref="Clusters",
            description="Its cluster; blank for project-wide results.",
        ),
        Column(
            name="assumptions",
            kind="text",
            description="What must hold for this result to lead to its parent.",
        ),
    ),
)

INDICATORS = Sheet(
    name="Indicators",
    required=False,
    description="How each result is measured: one row per indicator.",
    columns=(
        Column(name="indicator_id", kind="id", required=True, description="The indicator's id."),
        Column(
            name="result_id",
            kind="ref",
            ref="Results",
            required=True,
            description="The result it measures.",
        ),
        Column(name="name", kind="text", required=True, description="What is measured."),
        Column(name="unit", kind="text", description="Unit of measure, e.g. firms, %, USD."),
        Column(name="baseline_value", kind="number", description="Value at the baseline."),
        Column(name="baseline_date", kind="date", description="When the baseline was measured."),
        Column(name="target_value", kind="number", description="Value to reach."),
        Column(
            name="target_date", kind="date", description="When to reach it (within the project)."
        ),
        Column(
            name="means_of_verification",
            kind="text",
            description="Where the value will come from: survey, records, report.",
        ),
        Column(name="frequency", kind="text", description="How often it is measured."),
        Column(
            name="responsible_org",
            kind="ref",
            ref="Organisations",
            description="The organisation that measures and reports it.",
        ),
    ),
)

SHEETS = (RESULTS, INDICATORS)
