"""The exceptions clustercheck raises on purpose: each renders as one sentence naming its place."""

from __future__ import annotations


class ClustercheckError(Exception):
    """Base of every error clustercheck reports to a user.

    ``str(error)`` is one plain sentence that names the file and, where known, the sheet and cell.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell

    def __str__(self) -> str:
        place = ""
        if self.file:
            place = self.file
            if self.sheet:
                place += f", sheet {self.sheet!r}"
                if self.cell:
                    place += f", cell {self.cell}"
            place += ": "
        text = place + self.message
        return text if text.endswith((".", "?", "!")) else text + "."


class WorkbookError(ClustercheckError):
    """A file that cannot be read as a project-setup workbook at all."""


class ConfigError(ClustercheckError):
    """A configuration or waiver file, or a command-line value, that is not valid."""


class PluginError(ClustercheckError):
    """A plugin that cannot be loaded or contributes something invalid."""
