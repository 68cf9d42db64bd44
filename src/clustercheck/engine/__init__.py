"""The engine: rules run on one loaded project, and what a run produced.

- :mod:`~clustercheck.engine.checking` runs the rules on a project (or a file) and isolates crashes;
- :mod:`~clustercheck.engine.results` holds ProjectResult and Run, the values reports read;
- :mod:`~clustercheck.engine.waivers` reads waivers files and marks the findings they cover;
- :mod:`~clustercheck.engine.revisions` compares two runs (fixed, new, remaining findings);
- :mod:`~clustercheck.engine.redact` replaces person names with their ids.

Everything comes in as plain values: the engine never sees the plugin manager or a front end.
"""

from __future__ import annotations

from clustercheck.engine.checking import check_file, check_project, run_rule, sha256_of
from clustercheck.engine.results import PluginInfo, ProjectResult, Run

__all__ = [
    "PluginInfo",
    "ProjectResult",
    "Run",
    "check_file",
    "check_project",
    "run_rule",
    "sha256_of",
]
