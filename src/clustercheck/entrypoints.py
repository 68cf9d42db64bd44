"""The plugins installed distributions advertise, found as importlib.metadata finds them.

importlib.metadata costs a run more to import (it brings the email package and its relatives) than
to use, so this reads the same files itself: each ``*.dist-info`` and ``*.egg-info`` folder on
``sys.path`` (the first folder of each distribution name wins), its ``entry_points.txt``, and the
``METADATA`` (or ``PKG-INFO``) headers of a distribution that advertises something. Where the
environment holds what it does not read (a zip file or an egg on the path, a finder of distributions
other than Python's own), importlib.metadata does the work. tests/test_entrypoints.py holds the two
to the same results.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence

import attrs


@attrs.frozen
class Advertised:
    """One entry point of a group, and what its distribution says of itself."""

    name: str
    value: str
    distribution: str | None = None
    version: str | None = None
    #: The requirements that always apply: Requires-Dist without a marker (an egg-info's
    #: ``requires.txt`` up to its first section). Enough to see which clustercheck a plugin supports.
    requires: tuple[str, ...] = ()


def entry_points(group: str) -> list[Advertised]:
    """The entry points of ``group``, in the order importlib.metadata gives them."""
    if not _plain_environment():
        return _from_importlib_metadata(group)
    found = []
    for folder in _distributions(sys.path):
        advertised = [
            (name, value) for section, name, value in _entry_points(folder) if section == group
        ]
        if advertised:
            headers = _headers(folder)
            for name, value in advertised:
                found.append(
                    Advertised(
                        name=name,
                        value=value,
                        distribution=_first(headers, "Name"),
                        version=_first(headers, "Version"),
                        requires=_requirements(folder, headers),
                    )
                )
    return found


def _plain_environment() -> bool:
    """Whether every distribution is a folder in a folder of ``sys.path``, found by Python's finder."""
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and callable(getattr(finder, "find_distributions", None)):
            return False
    return not any(entry.lower().endswith(".egg") or os.path.isfile(entry) for entry in sys.path)


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _distributions(path: Sequence[str]) -> Iterator[str]:
    """Each distribution's metadata folder, the first of each name winning (importlib.metadata's order)."""
    seen: set[str] = set()
    for entry in path:
        root = entry or "."
        try:
            children = os.listdir(root)
        except OSError:
            continue
        by_name: dict[str, list[str]] = {}  # grouped by name, as importlib.metadata's Lookup does
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                name = _normalize(low.rpartition(".")[0].partition("-")[0])
                by_name.setdefault(name, []).append(os.path.join(entry, child))
        for name, folders in by_name.items():
            for folder in folders:
                if name not in seen:
                    seen.add(name)
                    yield folder


def _read(folder: str, name: str) -> str | None:
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):  # absent, or a file where a folder should be
        return None


def _entry_points(folder: str) -> Iterator[tuple[str, str, str]]:
    """(group, name, value) for each line of ``entry_points.txt``, an INI file without its dialects."""
    section = None
    for line in (_read(folder, "entry_points.txt") or "").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line.strip("[]")
        elif section is not None and "=" in line:
            name, _, value = line.partition("=")
            yield section, name.strip(), value.strip()


def _headers(folder: str) -> list[tuple[str, str]]:
    """The header fields of the distribution's core metadata (an email message's headers)."""
    text = _read(folder, "METADATA") or _read(folder, "PKG-INFO") or ""
    fields: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            break  # the body (the description) begins
        if line[0] in " \t" and fields:  # a folded line continues the field before it
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {line.strip()}")
        elif ":" in line:
            key, _, value = line.partition(":")
            fields.append((key.strip(), value.strip()))
    return fields


def _first(headers: list[tuple[str, str]], key: str) -> str | None:
    return next((value for k, value in headers if k.lower() == key.lower()), None)


def _requirements(folder: str, headers: list[tuple[str, str]]) -> tuple[str, ...]:
    """Requires-Dist, or an egg-info's ``requires.txt`` up to its first section (extras, markers)."""
    declared = [value for key, value in headers if key.lower() == "requires-dist"]
    if declared or not folder.lower().endswith(".egg-info"):
        return _unconditional(declared)
    lines = []
    for line in (_read(folder, "requires.txt") or "").splitlines():
        if line.strip().startswith("["):
            break
        if line.strip():
            lines.append(line.strip())
    return tuple(lines)


def _unconditional(requirements: Iterable[str]) -> tuple[str, ...]:
    # Whitespace as one space: a field folded over lines reads the same from either reader.
    return tuple(" ".join(r.split()) for r in requirements if ";" not in r)


def _from_importlib_metadata(group: str) -> list[Advertised]:
    from importlib import metadata

    found = []
    for ep in metadata.entry_points(group=group):
        dist = ep.dist
        if dist is None:
            found.append(Advertised(name=ep.name, value=ep.value))
            continue
        about = dist.metadata  # parsed once: dist.name and dist.version would each parse it again
        found.append(
            Advertised(
                name=ep.name,
                value=ep.value,
                distribution=about["Name"],
                version=about["Version"],
                requires=_unconditional(about.get_all("Requires-Dist") or dist.requires or ()),
            )
        )
    return found
