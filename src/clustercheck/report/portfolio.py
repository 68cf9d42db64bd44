"""The portfolio as an Excel sheet a donor can sort and filter: ``-o screening.portfolio.xlsx``.

Its extension is ``.portfolio.xlsx`` because plain ``.xlsx`` is the annotated copy of a workbook.
One row per proposal, one numeric column per rule family; a filter on the header row and the header
frozen. Text from the proposals (titles, file names) is written inert, never as a formula.
"""

from __future__ import annotations

from pathlib import Path

from clustercheck.engine import Run
from clustercheck.report.overview import portfolio
from clustercheck.rule import family_title

SHEET = "Portfolio"
VERDICT_FILLS = {
    "pass": "FFC6EFCE",
    "fail": "FFFFC7CE",
    "incomplete": "FFE4DFEC",
    "unreadable": "FFFFC7CE",
}


def write(run: Run, path: Path) -> None:
    """Write the run's portfolio to ``path`` as a one-sheet workbook."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from clustercheck.workbook.template import set_text

    folio = portfolio(run)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    headers = [
        "project_id",
        "title",
        "verdict",
        *folio.families,
        "errors",
        "warnings",
        "info",
        "unknown",
        "waived",
        "file",
        "problem",
    ]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        set_text(cell, header)
        cell.font = Font(bold=True)
        if header in folio.families:
            cell.comment = Comment(f"{family_title(header)}: findings that count", "clustercheck")
    for index, row in enumerate(folio.rows, start=2):
        values: list[object] = [
            row.project_id,
            row.title,
            row.status,
            *row.families,
            row.error,
            row.warning,
            row.info,
            row.unknown,
            row.waived,
            row.file,
            row.problem,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=index, column=column)
            if isinstance(value, int):
                cell.value = value
            elif value is not None:
                set_text(cell, value)
        fill = VERDICT_FILLS[row.status]
        sheet.cell(row=index, column=3).fill = PatternFill(
            "solid", start_color=fill, end_color=fill
        )
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{max(len(folio.rows) + 1, 2)}"
    sheet.freeze_panes = "B2"
    widths = {"project_id": 16, "title": 48, "verdict": 11, "file": 40, "problem": 40}
    for column, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(
            header, max(8, len(header) + 2)
        )
    book.save(path)
