"""``clustercheck new-plugin`` writes a package that installs, passes its own tests, and works."""

from __future__ import annotations

import json
import textwrap

import pytest

pytestmark = pytest.mark.slow

BLANK_SECTOR = textwrap.dedent(
    """
    import sys
    from clustercheck.plugins import get_plugins
    from clustercheck.testing import example_rows, write_rows

    rows = example_rows()
    rows.set("Clusters", {"cluster_id": "CL2"}, sector=None)
    write_rows(rows, sys.argv[1], get_plugins())
    """
)


@pytest.fixture(scope="module")
def scaffolded(plugin_venv):
    """The package ``new-plugin`` wrote, and its files before pip-installing it into the venv."""
    made = plugin_venv.clustercheck("new-plugin", "water-use", "--dir", str(plugin_venv.work))
    assert made.returncode == 0, made.stderr
    package = plugin_venv.work / "clustercheck-water-use"
    files = sorted(p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file())
    plugin_venv.pip_install(f"{package}[test]")
    return package, files


def test_it_writes_a_complete_package(scaffolded):
    package, files = scaffolded
    assert files == [
        ".gitignore",
        "README.md",
        "pyproject.toml",
        "src/clustercheck_water_use/__init__.py",
        "src/clustercheck_water_use/py.typed",
        "tests/test_rules.py",
        "tox.ini",
    ]
    pyproject = (package / "pyproject.toml").read_text()
    assert 'water-use = "clustercheck_water_use"' in pyproject
    assert '"clustercheck>=1.0,<2"' in pyproject


def test_its_own_tests_pass(plugin_venv, scaffolded):
    package, _ = scaffolded
    done = plugin_venv.run("python", "-m", "pytest", "-p", "no:cacheprovider", "-q", cwd=package)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed" in done.stdout


def test_its_rule_is_listed_explained_and_fires(plugin_venv, scaffolded, tmp_path):
    rules = json.loads(plugin_venv.clustercheck("rules", "--format", "json").stdout)
    assert {"code": "WU01", "plugin": "water-use"}.items() <= next(
        r for r in rules if r["code"] == "WU01"
    ).items()
    assert "How to fix" in plugin_venv.clustercheck("explain", "WU01").stdout

    path = tmp_path / "no-sector.xlsx"
    (tmp_path / "make.py").write_text(BLANK_SECTOR)
    plugin_venv.run("python", str(tmp_path / "make.py"), str(path), check=True)
    done = plugin_venv.clustercheck(
        "check", str(path), "--select", "WU", "--format", "json", "-p", "no:broken"
    )
    findings = json.loads(done.stdout)["projects"][0]["findings"]
    assert [(f["rule"], f["location"]["sheet"], f["location"]["cell"]) for f in findings] == [
        ("WU01", "Clusters", "C3")
    ]
    assert findings[0]["cluster"] == "CL2"
