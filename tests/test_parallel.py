"""--jobs: the parent and its workers share the workbooks, and the results keep the input order."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import attrs
import pytest

from clustercheck import parallel
from clustercheck.config import Config
from clustercheck.engine import check_file
from clustercheck.plugins import get_plugins

EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "example.xlsx"


def test_parent_and_worker_both_check_and_order_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if parallel._start_method() != "fork":
        pytest.skip("the marker below reaches workers only when they are forked")
    files = []
    for index in range(12):
        files.append(tmp_path / f"p{index:02d}.xlsx")
        shutil.copyfile(EXAMPLE, files[-1])

    def marked(path, plugins, config):  # which process checked which file
        return attrs.evolve(check_file(path, plugins, config), error=str(os.getpid()))

    monkeypatch.setattr(parallel, "check_file", marked)
    plugins = get_plugins(())
    results = parallel.check_in_processes(files, plugins, Config(), jobs=2)
    assert [r.file for r in results] == [str(f) for f in files]
    checkers = {r.error for r in results}
    assert str(os.getpid()) in checkers  # the parent took its share
    assert len(checkers) == 2  # and so did the one worker
    serial = [check_file(f, plugins, Config()) for f in files]
    assert [(r.status, r.findings) for r in results] == [(r.status, r.findings) for r in serial]
