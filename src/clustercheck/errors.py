"""The exceptions clustercheck raises on purpose: each renders as one sentence naming its place."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


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

    @property
    def sentences(self) -> tuple[str, ...]:
        """Each problem as one sentence: this one, or (for a ConfigError) every one it carries."""
        return (str(self),)


class WorkbookError(ClustercheckError):
    """A file that cannot be read as a project-setup workbook at all."""


class ConfigError(ClustercheckError):
    """A configuration or waiver file, or a command-line value, that is not valid.

    ``key`` is the path of the culprit in the file (``rules.CC02.required_categories[0]``). A file
    is checked whole, as a workbook is: one ConfigError then carries every problem found
    (``problems``, each a ConfigError of one sentence), and ``str()`` is those sentences, one a
    line.
    """

    def __init__(
        self,
        message: str = "",
        *,
        file: str | None = None,
        key: str | None = None,
        problems: Sequence[ConfigError] = (),
    ) -> None:
        self.key = key
        self._problems = tuple(problems)
        if len(self._problems) > 1 and not message:
            message = "\n".join(p.message_at_key for p in self._problems)
        elif len(self._problems) == 1:
            single = self._problems[0]
            message, file, self.key, self._problems = single.message, single.file, single.key, ()
        super().__init__(message, file=file)

    @property
    def message_at_key(self) -> str:
        """The message after the key path it is about, without the file."""
        return f"{self.key}: {self.message}" if self.key else self.message

    @property
    def problems(self) -> tuple[ConfigError, ...]:
        """Every problem this error stands for: itself when it is one."""
        return self._problems or (self,)

    @property
    def sentences(self) -> tuple[str, ...]:
        return tuple(ClustercheckError.__str__(p._keyed()) for p in self.problems)

    def _keyed(self) -> ClustercheckError:
        return ClustercheckError(self.message_at_key, file=self.file)

    def __str__(self) -> str:
        return "\n".join(self.sentences)


class PluginError(ClustercheckError):
    """A plugin that cannot be loaded or contributes something invalid."""


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The one of ``choices`` that ``word`` is a near miss of (ignoring case), if any."""
    import difflib  # here: only a mistake needs it, and most runs make none

    by_fold = {c.casefold(): c for c in choices}
    close = difflib.get_close_matches(word.casefold(), list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'fail-on'?"`` when one of ``choices`` is a near miss of ``word``, else ``""``.

    Case is ignored (``Firm`` for ``firm`` is a near miss too); the suggestion keeps its spelling.
    """
    close = close_match(word, choices)
    return f"; did you mean {close!r}?" if close is not None else ""
