"""The JSON report, schema ``clustercheck-report/1`` (its JSON Schema ships beside this module)."""

from __future__ import annotations

import json
from typing import Any

from clustercheck.engine.results import ProjectResult, Run
from clustercheck.report.overview import portfolio

SCHEMA_ID = "clustercheck-report/1"


def render(run: Run) -> str:
    """The run as JSON text."""
    return json.dumps(as_dict(run), indent=2, ensure_ascii=False) + "\n"


def as_dict(run: Run) -> dict[str, object]:
    """The JSON report as Python data: what :func:`render` writes."""
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "clustercheck", "version": run.version},
        "plugins": [
            {"name": i.name, "version": i.version, "error": i.error}
            for i in run.plugins
            if not i.builtin
        ],
        "configuration": run.config.to_dict(),
        "projects": [project_dict(p) for p in run.projects],
        **({"waivers": run.waivers.to_dict()} if run.waivers is not None else {}),
        **({"portfolio": portfolio(run).to_dict()} if len(run.projects) > 1 else {}),
    }


def project_dict(result: ProjectResult) -> dict[str, object]:
    """The JSON form of one project's result."""
    return {
        "file": result.file,
        "sha256": result.sha256,
        "project_id": result.project_id,
        "title": result.title,
        "stage": result.stage,
        "status": result.status,
        "error": result.error,
        "summary": result.summary(),
        "results": [r.to_dict() for r in result.results],
        "findings": [f.to_dict() for f in result.findings],
    }


def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``clustercheck-report/1``."""
    from importlib import resources  # only here: writing a report does not need it

    text = resources.files("clustercheck.report").joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
