"""A plugin that always finds the project title wanting: its finding proves it was loaded and run."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from clustercheck.findings import Finding
from clustercheck.hookspecs import hookimpl
from clustercheck.model import Project
from clustercheck.rule import Params, Rule, rule


@rule(
    code="TD01",
    name="title-has-marker",
    title="The project title contains the test marker",
    severity="warning",
    principle="Installed plugins are found through their entry point.",
    source="clustercheck's own installation tests",
    fix="Nothing: this rule exists to be seen firing.",
    parameters={"marker": ("testdist-marker", "Text the title must contain.")},
)
def title_has_marker(project: Project, params: Params) -> Iterator[Finding]:
    """The title contains ``marker``."""
    if params["marker"] not in (project.info.title or ""):
        yield Finding(message="testdist fired on the title", location=project.info.at("title"))


@hookimpl
def clustercheck_rules() -> Iterable[Rule]:
    return [title_has_marker]
