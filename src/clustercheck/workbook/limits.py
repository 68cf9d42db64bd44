"""The size limits a workbook must keep before its XML is parsed: one place, documented.

Workbooks come from strangers, so a file is measured (from its zip directory and one streaming pass
over its parts) before it is parsed. Each limit is far above any real project design and low enough
that a check finishes in bounded time and memory. Each can be changed with an environment variable,
``CLUSTERCHECK_<NAME>`` (``CLUSTERCHECK_MAX_ROWS=500000``); SECURITY.md lists them with the reasons.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import attrs

from clustercheck.errors import ConfigError

MIB = 1 << 20


@attrs.frozen(kw_only=True)
class Limits:
    """How large a workbook may be; every count is inclusive."""

    #: Parts (zip members); a workbook has a few dozen, one per sheet, comment, drawing, ...
    max_parts: int = 10_000
    #: Uncompressed bytes of any one part (the zip's declared size, which reading enforces).
    max_part_bytes: int = 256 * MIB
    #: Uncompressed bytes of all parts together.
    max_total_bytes: int = 1024 * MIB
    #: Uncompressed/compressed ratio allowed for a part larger than ``ratio_from_bytes``: real
    #: sheets compress 5-20 times, a zip bomb thousands of times.
    max_ratio: int = 200
    ratio_from_bytes: int = MIB
    #: Row elements in any one sheet (Excel allows 1,048,576; a project design has hundreds, and a
    #: large programme's work plan may have 100,000). Each costs the reader time even when empty,
    #: so this bounds the time spent on blank rows.
    max_rows: int = 250_000
    #: Cell elements in the whole workbook (~5-10 µs each to parse and check: 3,000,000 is well under
    #: a minute, and leaves room for a 100,000-activity work plan).
    max_cells: int = 3_000_000
    #: Shared strings (all are held in memory while the sheets are read).
    max_strings: int = 1_000_000
    #: Bytes of an XML part before its root element (declaration and comments): a long one can only
    #: be hiding something.
    max_prolog_bytes: int = 64 * 1024


def _env_name(field: str) -> str:
    return f"CLUSTERCHECK_{field.upper()}"


def current(environ: Mapping[str, str] | None = None) -> Limits:
    """The limits in force: the defaults, each overridden by its environment variable if set."""
    environ = os.environ if environ is None else environ
    values: dict[str, int] = {}
    for field in attrs.fields(Limits):
        name = _env_name(field.name)
        text = environ.get(name)
        if text is None or not text.strip():
            continue
        try:
            value = int(text.strip().replace("_", ""))
        except ValueError:
            value = 0
        if value <= 0:
            raise ConfigError(
                f"the environment variable {name} must be a positive whole number, not {text!r}"
            )
        values[field.name] = value
    return Limits(**values)


def describe() -> list[tuple[str, int, str]]:
    """(environment variable, default, meaning) for each limit, for documentation and tests."""
    docs = {
        "max_parts": "parts (zip members) in a workbook",
        "max_part_bytes": "uncompressed bytes of any one part",
        "max_total_bytes": "uncompressed bytes of all parts",
        "max_ratio": "compression ratio of a part larger than ratio_from_bytes",
        "ratio_from_bytes": "size from which the compression ratio is limited",
        "max_rows": "row elements in any one sheet",
        "max_cells": "cell elements in the whole workbook",
        "max_strings": "shared strings in the workbook",
        "max_prolog_bytes": "bytes of an XML part before its root element",
    }
    defaults = Limits()
    return [
        (_env_name(f.name), int(getattr(defaults, f.name)), docs[f.name])
        for f in attrs.fields(Limits)
    ]
