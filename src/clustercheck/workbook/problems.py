"""The WB rule family: the input problems the loader finds, reported like any rule's findings.

The rules are registered by ``clustercheck.plugins`` as a built-in plugin, like any other rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from clustercheck.findings import Finding, Location, Severity
from clustercheck.model import Project
from clustercheck.rule import Check, Params, Rule

#: code -> (name, title, what to do about it)
WB_RULES: dict[str, tuple[str, str, str]] = {
    "WB001": (
        "missing-sheet",
        "A sheet the rules need is absent",
        "Add the sheet (`clustercheck template` writes one with every sheet).",
    ),
    "WB002": (
        "missing-column",
        "A required column is absent from a sheet's header row",
        "Add the column to row 1 of the sheet, spelled as in the template.",
    ),
    "WB003": ("blank-required", "A required cell is blank", "Fill in the cell."),
    "WB004": (
        "wrong-type",
        "A value cannot be read as the column's type",
        "Type the value as the column's note says: a date, a number, a share or yes/no.",
    ),
    "WB005": (
        "not-in-vocabulary",
        "A value outside the column's vocabulary",
        "Pick one of the allowed values (the template's drop-down lists them).",
    ),
    "WB006": ("duplicate-id", "An id used twice in one sheet", "Give each record its own id."),
    "WB007": (
        "dangling-reference",
        "A reference to an id that does not exist",
        "Use an id that exists on the sheet referred to, or add that record.",
    ),
    "WB008": ("date-order", "An end date before its start date", "Correct one of the two dates."),
}

SOURCE = "clustercheck workbook format (workbook.md, 'Input errors')"


def problem(code: str, message: str, location: Location | None) -> Finding:
    """An input finding of the WB family."""
    return Finding(
        rule=code,
        name=WB_RULES[code][0],
        severity=Severity.ERROR,
        message=message,
        location=location,
    )


def _reporter(code: str) -> Check:
    def check(project: Project, params: Params) -> Iterator[Finding]:
        return (f for f in project.problems if f.rule == code)

    check.__doc__ = f"Report the {code} problems met while loading the workbook."
    return check


def wb_rules() -> list[Rule]:
    """The WB001-WB008 rules."""
    return [
        Rule(
            code=code,
            name=name,
            title=title,
            severity=Severity.ERROR,
            check=_reporter(code),
            description=f"{title}. Reported by the loader while it reads the workbook.",
            principle="Every problem with the data is reported with its place, all of them in one run.",
            source=SOURCE,
            fix=fix,
        )
        for code, (name, title, fix) in WB_RULES.items()
    ]
