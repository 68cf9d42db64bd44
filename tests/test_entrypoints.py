"""Entry-point discovery gives what importlib.metadata gives, without importing it."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from clustercheck import entrypoints
from clustercheck.entrypoints import Advertised, entry_points

METADATA = """\
Metadata-Version: 2.1
Name: Foo_Bar
Version: 1.2
Summary: a plugin
Requires-Dist: clustercheck>=1.0
Requires-Dist: openpyxl; python_version < "3.12"
Requires-Dist:
  attrs

Name: not a header, the description
"""

ENTRY_POINTS = """\
# a comment
[console_scripts]
foo = foo.cli:main

[clustercheck]
 foo  =  foo_plugin.hooks:plugin
bar=bar_plugin
"""


def write(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Two folders on sys.path holding distributions as pip and setuptools leave them."""
    first, second = tmp_path / "first", tmp_path / "second"
    write(first / "Foo_Bar-1.2.dist-info", {"METADATA": METADATA, "entry_points.txt": ENTRY_POINTS})
    # The same distribution again, later on the path: importlib.metadata ignores it.
    write(
        second / "foo.bar-9.0.dist-info",
        {
            "METADATA": "Name: foo.bar\nVersion: 9.0\n",
            "entry_points.txt": "[clustercheck]\nx = y\n",
        },
    )
    write(
        second / "legacy-0.1.egg-info",
        {
            "PKG-INFO": "Metadata-Version: 1.1\nName: legacy\nVersion: 0.1\n",
            "entry_points.txt": "[clustercheck]\nlegacy = legacy.plugin\n",
            "requires.txt": "clustercheck<1\n\n[docs]\nsphinx\n",
        },
    )
    write(second / "quiet-1.0.dist-info", {"METADATA": "Name: quiet\nVersion: 1.0\n"})
    (second / "not-metadata-1.0.dist-info").write_text("a file, not a folder")
    monkeypatch.setattr(sys, "path", [str(first), str(tmp_path / "missing"), str(second)])
    return first, second


def test_reads_what_distributions_advertise(site: tuple[Path, Path]) -> None:
    assert entrypoints._plain_environment()
    foo_bar = {
        "distribution": "Foo_Bar",
        "version": "1.2",
        "requires": ("clustercheck>=1.0", "attrs"),
    }
    assert entry_points("clustercheck") == [
        Advertised(name="foo", value="foo_plugin.hooks:plugin", **foo_bar),
        Advertised(name="bar", value="bar_plugin", **foo_bar),
        Advertised(
            name="legacy",
            value="legacy.plugin",
            distribution="legacy",
            version="0.1",
            requires=("clustercheck<1",),
        ),
    ]


@pytest.mark.parametrize("group", ["clustercheck", "console_scripts", "pytest11", "absent"])
def test_the_same_as_importlib_metadata(site: tuple[Path, Path], group: str) -> None:
    assert entry_points(group) == entrypoints._from_importlib_metadata(group)


@pytest.mark.parametrize("group", ["clustercheck", "console_scripts", "pytest11"])
def test_the_same_as_importlib_metadata_in_this_environment(group: str) -> None:
    assert entrypoints._plain_environment()
    assert entry_points(group) == entrypoints._from_importlib_metadata(group)


def test_a_zip_on_the_path_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "plugins.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zipped-1.0.dist-info/METADATA", "Name: zipped\nVersion: 1.0\n")
        zipped.writestr("zipped-1.0.dist-info/entry_points.txt", "[clustercheck]\nz = zipped\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    assert not entrypoints._plain_environment()
    assert entry_points("clustercheck") == [
        Advertised(name="z", value="zipped", distribution="zipped", version="1.0")
    ]


def test_another_finder_of_distributions_is_left_to_importlib_metadata(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Finder:
        @staticmethod
        def find_distributions(context: object = None) -> list[object]:
            return []

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Finder])
    assert not entrypoints._plain_environment()


def test_a_check_does_not_import_importlib_metadata() -> None:
    code = (
        "import sys\nfrom clustercheck.plugins import get_plugins\n"
        "plugins = get_plugins()\n"
        "assert 'unido' in [i.name for i in plugins.infos], plugins.infos\n"
        "print(sorted(m for m in sys.modules if m.startswith(('importlib.metadata', 'email'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_line_without_a_name_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # importlib.metadata raises on such a line (in any group); one broken file must not hide
    # every plugin, so it is passed over.
    write(
        tmp_path / "odd-1.0.dist-info",
        {
            "METADATA": "Name: odd\nVersion: 1.0\n",
            "entry_points.txt": "[console_scripts]\nnot an entry\n[clustercheck]\nodd = odd\n",
        },
    )
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert entry_points("clustercheck") == [
        Advertised(name="odd", value="odd", distribution="odd", version="1.0")
    ]
