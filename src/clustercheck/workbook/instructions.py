"""The text of the template's ``Instructions`` sheet: the conventions of the format, in plain words.

It is written for an evaluator or a project officer filling the workbook in Excel, not for a
programmer; the sheet list at the end is generated from the schema, so plugin sheets appear in it.
"""

from __future__ import annotations

from clustercheck.workbook.schema import Schema

TITLE = "How to fill in this workbook"

#: (heading, paragraph) pairs; a heading of "" continues the previous section.
CONVENTIONS: tuple[tuple[str, str], ...] = (
    (
        "What this workbook is",
        "It describes the design of one cluster development project: its clusters, the organisations "
        "involved, the project team, the governance bodies and who sits on them, and the work plan. "
        "clustercheck reads it and checks the design against the principles of UNIDO's approach to "
        "cluster development. Fill in what you know; leave a cell blank when you do not know.",
    ),
    (
        "Sheets",
        "Each sheet holds one kind of record. Sheets are found by name, whatever the capitals, spaces "
        "or underscores ('Body Members' is the same as 'BodyMembers'). Sheets the checker does not "
        "know are ignored, so you may add your own notes on a separate sheet. The order of the sheets "
        "does not matter.",
    ),
    (
        "Header row",
        "Row 1 of every table holds the column names; the data starts on row 2, one record per row. "
        "Keep the column names: 'Person ID' or 'person-id' would also be understood, but a renamed "
        "column is not. Hover over a column name to read what the column is for, what it may hold and "
        "whether it is required. Extra columns of your own are kept but not checked. Empty rows are "
        "skipped.",
    ),
    (
        "The Project sheet",
        "'Project' is a form, not a table: column A holds the field names and column B their values.",
    ),
    (
        "Required cells (*)",
        "A '*' in a column's note means the column is required: every record must have a value "
        "there, and a blank required cell is reported as an input error at that cell.",
    ),
    (
        "Ids and references",
        "Every record of a table has an id in its first column (cluster_id, org_id, person_id, ...). "
        "Ids are short texts such as CL1 or ORG-MIN and must be unique within their sheet. Other "
        "sheets refer to a record by its id: an org_id in 'BodyMembers' must be an org_id listed in "
        "'Organisations'. A reference to an id that does not exist is reported as an input error.",
    ),
    (
        "Vocabularies (drop-down lists)",
        "Columns with a fixed list of values show a drop-down arrow when you select a cell. Capitals, "
        "spaces and hyphens do not matter ('Cluster Commission' is read as cluster_commission). A "
        "value outside the list is reported as an input error that names the allowed values.",
    ),
    (
        "Lists of values",
        "Some cells hold several values: several ids (involved_orgs, selected_by, cluster_ids) or "
        "several vocabulary values (roles, functions, target_roles). Separate them with ';' or ',', "
        "for example: ORG-MIN; ORG-CNCC. In these columns the drop-down offers one value at a time; "
        "type the others after a ';'.",
    ),
    (
        "Dates",
        "Enter dates as Excel dates or as text in the form YYYY-MM-DD (2026-03-15). Other forms, "
        "such as 15/03/2026 or 'March 2026', are reported as input errors, because they are read "
        "differently in different countries. An end date must not be before its start date.",
    ),
    (
        "Yes/no cells",
        "Write yes or no (y/n, true/false, 1/0 and Excel TRUE/FALSE are understood too; an 'x' means "
        "yes).",
    ),
    (
        "Numbers and shares",
        "Numbers may be typed as numbers or as text ('0.5'). A share (such as fte, the share of full "
        "time a person works on the project) is a number from 0 to 1: 0.5, or a cell formatted as a "
        "percentage showing 50%.",
    ),
    (
        "Blank means unknown",
        "A blank cell means that the information is not known, never 'no' or 'zero'. A check that "
        "needs a blank cell reports its result as unknown (not enough evidence) and names the cell, "
        "so that you can fill it in. Where a check asks that the design contain something (a "
        "training, a handover, selection criteria), leaving it out is reported as a gap.",
    ),
    (
        "Formulas",
        "Formulas are read by the value Excel last calculated. Save the file in Excel or LibreOffice "
        "before checking it, so that every formula has a value.",
    ),
    (
        "Sheets added by plugins",
        "Installed clustercheck plugins may add sheets and columns (for example for monitoring and "
        "evaluation or gender data). They follow the same conventions and are listed below with the "
        "built-in sheets.",
    ),
)


def sheet_overview(schema: Schema) -> list[tuple[str, str]]:
    """One (sheet name, description) line per sheet of ``schema``, noting the optional ones."""
    lines = []
    for sheet in schema.sheets:
        text = sheet.description or ""
        if not sheet.required:
            text = f"{text} Optional.".strip()
        lines.append((sheet.name, text))
    return lines
