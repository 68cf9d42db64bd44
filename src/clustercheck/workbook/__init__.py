"""Excel ⇄ model: the workbook format's schema, reading with input findings, the template."""
