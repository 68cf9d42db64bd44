"""The JSON report, schema ``clustercheck-report/1`` (its JSON Schema ships beside this module)."""

from __future__ import annotations

import json
from typing import Any

from clustercheck.engine import Run


def render(run: Run) -> str:
    """The run as JSON text."""
    return json.dumps(run.to_dict(), indent=2, ensure_ascii=False) + "\n"


def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``clustercheck-report/1``."""
    from importlib import resources  # only here: a report does not need it (2 ms to import)

    text = resources.files("clustercheck.report").joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
