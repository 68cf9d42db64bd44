"""The benchmark's generator still makes valid workbooks (no speed is asserted anywhere)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from clustercheck.plugins import Plugins
from clustercheck.workbook.reader import load
from tests.conftest import load_script

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    return load_script(BENCHMARKS / "generate.py")


@pytest.mark.parametrize("activities", [100, 321])
def test_generated_workbook_loads_without_input_findings(
    generate: ModuleType, tmp_path: Path, activities: int, clustercheck_plugins: Plugins
) -> None:
    path = generate.cached(tmp_path, activities)
    project = load(path, clustercheck_plugins.schema).project
    assert [(f.rule, f.location.sheet, f.location.cell) for f in project.problems] == []
    assert len(project.activities) == activities
    assert len({a.activity_id for a in project.activities}) == activities
    assert len(project.clusters) == max(2, activities // generate.ACTIVITIES_PER_CLUSTER)
    # Organisations and members grow with the clusters, and every reference resolves.
    assert len(project.organisations) > 10 * len(project.clusters)
    assert len(project.members) > 5 * len(project.clusters)
    assert all(project.org(a.lead_org) is not None for a in project.activities)


def test_generated_workbook_is_saved_as_excel_would(generate: ModuleType, tmp_path: Path) -> None:
    import zipfile

    path = generate.cached(tmp_path, 100)
    with zipfile.ZipFile(path) as book:
        sheet = book.read("xl/worksheets/sheet8.xml").decode()
        assert "xl/sharedStrings.xml" in book.namelist()
    assert "inlineStr" not in sheet
    assert '<dimension ref="A1:N101" />' in sheet


def test_a_project_too_small_for_its_layout_is_refused(generate: ModuleType) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate.project_rows(10)
