"""``clustercheck new-plugin`` writes a package that installs, passes its own tests, and works."""

from __future__ import annotations

import json
import textwrap

import pytest
from click.testing import CliRunner

from clustercheck.cli import main
from clustercheck.newplugin import plugin_names

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


@pytest.mark.slow
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


@pytest.mark.slow
def test_its_own_tests_pass(plugin_venv, scaffolded):
    package, _ = scaffolded
    done = plugin_venv.run("python", "-m", "pytest", "-p", "no:cacheprovider", "-q", cwd=package)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 passed" in done.stdout


@pytest.mark.slow
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


@pytest.mark.parametrize(
    ("name", "family", "expected"),
    [
        (
            "water-use",
            None,
            ("water-use", "clustercheck-water-use", "clustercheck_water_use", "WU01"),
        ),
        (
            "clustercheck-energy",
            None,
            ("energy", "clustercheck-energy", "clustercheck_energy", "ENER01"),
        ),
        ("energy", "nrg", ("energy", "clustercheck-energy", "clustercheck_energy", "NRG01")),
    ],
)
def test_names_are_derived_from_the_plugin_name(name, family, expected):
    names = plugin_names(name, family)
    assert (names.name, names.distribution, names.module, names.code) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Water_Use"], "must be kebab-case"),
        (["water", "--family", "TEAM"], "belongs to clustercheck"),
        (["water", "--family", "W1"], "1 to 8 capital letters"),
    ],
)
def test_bad_names_exit_2_with_one_sentence(args, message, tmp_path):
    result = CliRunner().invoke(main, ["new-plugin", *args, "--dir", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_package_is_never_overwritten(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["new-plugin", "water", "--dir", str(tmp_path)]).exit_code == 0
    init = tmp_path / "clustercheck-water" / "src" / "clustercheck_water" / "__init__.py"
    init.write_text("# mine\n")
    again = runner.invoke(main, ["new-plugin", "water", "--dir", str(tmp_path)])
    assert again.exit_code == 2
    assert "exists already" in again.output
    assert init.read_text() == "# mine\n"
