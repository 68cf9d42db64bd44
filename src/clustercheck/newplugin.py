"""``clustercheck new-plugin``: write a ready-to-install plugin package from the bundled templates.

The templates live in ``clustercheck/scaffold/`` as ``*.tmpl`` files (so that neither ruff nor
pytest mistakes them for code of this package). ``$name``-style placeholders are filled with
:class:`string.Template`; a ``__module__`` folder is renamed to the plugin's module, and a
``dot-NAME`` file to ``.NAME``.
"""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from clustercheck.errors import ConfigError
from clustercheck.rule import FAMILY_TITLES, NAME
from clustercheck.version import __version__

if TYPE_CHECKING:
    # importlib.abc.Traversable is deprecated from 3.12 on; its new home exists from 3.11.
    if sys.version_info >= (3, 11):
        from importlib.resources.abc import Traversable
    else:
        from importlib.abc import Traversable

PREFIX = "clustercheck-"
FAMILY = re.compile(r"^[A-Z]{1,8}$")


def requirement(version: str = __version__) -> str:
    """The clustercheck versions a new plugin supports: this major version, from this minor on."""
    major, minor = (int(part) for part in version.split(".")[:2])
    return f"clustercheck>={major}.{minor},<{major + 1}"


@attrs.frozen(kw_only=True)
class PluginNames:
    """Every name a new plugin needs, derived from the one the user gave."""

    name: str  # the entry-point name, as `-p no:NAME` and CLUSTERCHECK_LOAD_PLUGINS use it
    distribution: str  # clustercheck-NAME, for pip
    module: str  # clustercheck_NAME, for import
    family: str  # the letters of its rule codes
    code: str  # its first rule's code

    def substitutions(self) -> dict[str, str]:
        return {
            "name": self.name,
            "distribution": self.distribution,
            "module": self.module,
            "family": self.family,
            "code": self.code,
            "requirement": requirement(),
            "clustercheck_version": __version__,
        }


def default_family(name: str) -> str:
    """``WU`` for ``water-use`` (initials), ``ENER`` for ``energy`` (first four letters)."""
    words = [w for w in name.split("-") if w]
    letters = "".join(w[0] for w in words) if len(words) > 1 else words[0][:4]
    return re.sub(r"[^A-Z]", "", letters.upper()) or "X"


def plugin_names(name: str, family: str | None = None) -> PluginNames:
    """Check ``name`` (kebab-case; a leading ``clustercheck-`` is dropped) and derive the rest."""
    name = name.strip().lower().removeprefix(PREFIX)
    if not NAME.match(name):
        raise ConfigError(
            f"a plugin name must be kebab-case letters and digits, e.g. water-use, not {name!r}"
        )
    family = (family or default_family(name)).upper()
    if not FAMILY.match(family):
        raise ConfigError(f"a rule family must be 1 to 8 capital letters, e.g. WU, not {family!r}")
    if family in FAMILY_TITLES:
        raise ConfigError(
            f"the rule family {family} belongs to clustercheck; choose another with --family"
        )
    return PluginNames(
        name=name,
        distribution=PREFIX + name,
        module="clustercheck_" + name.replace("-", "_"),
        family=family,
        code=f"{family}01",
    )


def _templates(
    folder: Traversable, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str]]:
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _templates(entry, (*prefix, entry.name))
        elif entry.name.endswith(".tmpl"):
            # Dotfiles are stored as dot-NAME: package-data globs skip hidden files.
            filename = re.sub(r"^dot-", ".", entry.name.removesuffix(".tmpl"))
            yield (*prefix, filename), entry.read_text(encoding="utf-8")


def write_plugin(name: str, directory: Path, family: str | None = None) -> Path:
    """Write the package of plugin ``name`` into a new folder ``directory/clustercheck-NAME``.

    Returns that folder. Raises :class:`~clustercheck.errors.ConfigError` for a bad name or family,
    or when the folder exists already (nothing is overwritten).
    """
    names = plugin_names(name, family)
    target = directory / names.distribution
    if target.exists():
        raise ConfigError("exists already; choose another name or --dir", file=str(target))
    values = names.substitutions()
    scaffold = resources.files("clustercheck") / "scaffold"
    files = [
        (Path(*(names.module if p == "__module__" else p for p in parts)), text)
        for parts, text in _templates(scaffold)
    ]
    for relative, text in files:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(string.Template(text).substitute(values), encoding="utf-8")
    return target
