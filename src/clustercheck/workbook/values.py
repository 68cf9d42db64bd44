"""Reading one cell's value as its column's kind, the way workbook.md's conventions say.

Each ``read_*`` takes a raw cell value (never None: blank cells are handled by the caller) and returns
the typed value, or raises :class:`Invalid` with the WB code and a sentence saying what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from clustercheck.workbook.schema import Column

#: Excel's error values, which a cell shows when its formula failed.
EXCEL_ERRORS = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!"}
)
TRUE_WORDS = frozenset({"yes", "y", "true", "1", "x"})
FALSE_WORDS = frozenset({"no", "n", "false", "0"})
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SEPARATORS = re.compile(r"[;,]")
VOCAB_SEPARATORS = re.compile(r"[\s\-]+")

Reader = Callable[[object], object]


class Invalid(Exception):
    """A value that cannot be read as its column's kind; ``code`` is the WB code to report."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _text(value: object) -> str:
    if type(value) is str:  # most cells: skip the isinstance chain below
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


def read_text(value: object) -> str:
    return _text(value)


def read_id(value: object) -> str:
    """An id is text; a number typed as an id (``7``) is the id ``"7"``."""
    return _text(value)


def read_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        if ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                pass
        raise Invalid("WB004", f"{text!r} is not a date (an Excel date, or text YYYY-MM-DD)")
    raise Invalid("WB004", f"{_text(value)!r} is not a date (an Excel date, or text YYYY-MM-DD)")


def _number(value: object, what: str) -> float:
    if isinstance(value, bool):
        raise Invalid("WB004", f"{value!r} is not {what}")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        try:
            if text.endswith("%"):
                return float(text[:-1]) / 100
            return float(text)
        except ValueError:
            pass
    raise Invalid("WB004", f"{_text(value)!r} is not {what}")


def read_number(value: object) -> float:
    number = _number(value, "a number")
    if number != number or number in (float("inf"), float("-inf")):
        raise Invalid("WB004", f"{_text(value)!r} is not a number")
    return number


def read_share(value: object) -> float:
    share = _number(value, "a share (a number from 0 to 1)")
    if not 0 <= share <= 1:
        raise Invalid(
            "WB004", f"{_text(value)!r} is not a share (a number from 0 to 1; 50% is 0.5)"
        )
    return share


def read_integer(value: object, minimum: float | None = None) -> int:
    number = _number(value, "a whole number")
    if not number.is_integer():
        raise Invalid("WB004", f"{_text(value)!r} is not a whole number")
    if minimum is not None and number < minimum:
        raise Invalid("WB004", f"{_text(value)!r} is below the minimum, {minimum:g}")
    return int(number)


def read_boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = _text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise Invalid("WB004", f"{_text(value)!r} is not yes or no (yes/no, true/false, y/n, 1/0, x)")


def vocab_key(text: str) -> str:
    """A vocabulary value as compared: lower case, spaces and hyphens read as underscores."""
    return VOCAB_SEPARATORS.sub("_", text.strip().lower())


def choice_reader(column: Column) -> Reader:
    """A reader for one value of ``column``'s vocabulary, suggesting the closest on a mistake."""
    names = {vocab_key(c): c for c in column.choices}
    allowed: dict[str, object] = dict(names)
    if column.vocabulary is not None:
        allowed = {vocab_key(member.value): member for member in column.vocabulary}

    # A column holds a handful of distinct spellings over thousands of rows: each is keyed once.
    seen: dict[str, object] = {}

    def read(value: object) -> object:
        if type(value) is str:
            known = seen.get(value)
            if known is not None:
                return known
        text = _text(value)
        found = allowed.get(vocab_key(text))
        if found is not None:
            if type(value) is str:
                seen[value] = found
            return found
        import difflib  # only on a mistake

        close = difflib.get_close_matches(vocab_key(text), list(allowed), n=1, cutoff=0.6)
        hint = f"; did you mean {names[close[0]]!r}?" if close else ""
        raise Invalid("WB005", f"{text!r} is not one of {', '.join(column.choices)}{hint}")

    return read


def split_list(value: object) -> list[str]:
    """A list cell's items: separated by ``;`` or ``,``, blanks dropped."""
    return [text for item in SEPARATORS.split(_text(value)) if (text := item.strip())]


#: Distinct values a column shares at most (each costs a dict entry); later ones are not shared.
SHARED_LIMIT = 50_000


def _shared(read: Reader, *, by_value: bool = True) -> Reader:
    """``read``, returning one object for equal results (lists, dates, amounts) instead of a copy per cell.

    A list column repeats a few lists, a date column a few hundred dates and an amount column a few
    round figures over thousands of rows; reading gives every cell new strings, tuples, dates and
    floats, which a large workbook's records would otherwise hold by the hundred thousand (the peak
    memory of a 100,000-row check). The results are immutable, so sharing them changes nothing else.
    """
    by_text: dict[str, object] = {}
    results: dict[object, object] = {}

    def keep(result: object) -> object:
        if not by_value:
            return result
        known = results.get(result)
        if known is not None:
            return known
        if len(results) < SHARED_LIMIT:
            results[result] = result
        return result

    def read_shared(value: object) -> object:
        if type(value) is str:
            known = by_text.get(value)
            if known is None:
                known = keep(read(value))
                if len(by_text) < SHARED_LIMIT:
                    by_text[value] = known
            return known
        return keep(read(value))

    return read_shared


def reader_for(column: Column) -> Reader:
    """The function that reads a non-blank cell of ``column``."""
    kind = column.kind
    if kind == "choice":
        return choice_reader(column)
    if kind == "choices":
        one = choice_reader(column)
        return _shared(lambda value: tuple(dict.fromkeys(one(item) for item in split_list(value))))
    if kind == "refs":
        ids: dict[str, str] = {}  # one string per id, however many lists name it
        # Shared by text only: equal lists spelled apart are rare, and a dict of every list is not.
        return _shared(
            lambda value: tuple(dict.fromkeys(ids.setdefault(i, i) for i in split_list(value))),
            by_value=False,
        )
    if kind == "integer":
        minimum = column.minimum
        return lambda value: read_integer(value, minimum)
    if kind == "date":
        return _shared(read_date)
    if kind == "number":
        return _shared(read_number)
    return {
        "id": read_id,
        "ref": read_id,
        "text": read_text,
        "date": read_date,
        "share": read_share,
        "boolean": read_boolean,
    }[kind]
