"""Regenerate the generated documentation: ``python docs/build.py`` (a test keeps it in sync).

- ``docs/rules.md`` from the metadata of every rule the installed plugins provide, built-ins and the
  UNIDO pack only (third-party plugins installed here are left out);
- the sheet tables of ``docs/workbook.md``, between its ``<!-- schema -->`` markers.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
MARKERS = re.compile(r"(<!-- schema:start -->\n).*?(<!-- schema:end -->)", re.S)


def rules_reference() -> str:
    from clustercheck.plugins import get_plugins
    from clustercheck.report.reference import rules_markdown

    plugins = get_plugins(env={"CLUSTERCHECK_LOAD_PLUGINS": "unido"})
    return rules_markdown(plugins.rules, plugins.owners)


def workbook_reference(current: str) -> str:
    from clustercheck.report.reference import schema_markdown
    from clustercheck.workbook.schema import build_schema

    tables = schema_markdown(build_schema())
    return MARKERS.sub(lambda m: m.group(1) + tables + m.group(2), current)


def main() -> int:
    (DOCS / "rules.md").write_text(rules_reference(), encoding="utf-8")
    workbook = DOCS / "workbook.md"
    workbook.write_text(workbook_reference(workbook.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
