"""``--jobs N``: workbooks checked in N worker processes, with the same results as a serial run.

The standard library's :class:`~concurrent.futures.ProcessPoolExecutor` does the work. Each worker
gets what it needs once, from the pool's initializer: forked workers (POSIX, from a parent running
no other thread) inherit the parent's rules and schema; spawned ones (Windows, or a threaded parent)
build their plugins again from the options that built the parent's, since a plugin manager holds
modules and functions that do not cross a process boundary.

A worker that dies breaks the whole pool. The workbooks then in flight are suspects: each is
checked again alone, in a pool of its own, so that only the one that kills its worker is reported
``incomplete``; every other workbook is still checked and reported.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import attrs

from clustercheck.config import Config
from clustercheck.engine.checking import check_file, sha256_of
from clustercheck.engine.results import ProjectResult
from clustercheck.plugins import ENV_ALLOW, Plugins, get_plugins
from clustercheck.rule import Rule
from clustercheck.workbook.schema import Schema

OnResult = Callable[[ProjectResult], None]


@attrs.frozen(kw_only=True)
class _Recipe:
    """What a spawned worker needs to build the parent's plugins again (all of it pickles)."""

    options: tuple[str, ...]
    entry_points: bool
    allowed: frozenset[str] | None


@attrs.frozen(kw_only=True)
class _Work:
    """What every worker checks with."""

    rules: tuple[Rule, ...]
    schema: Schema
    config: Config
    whole_projects: bool


_work: _Work | None = None  # set in each worker by _initialise


def _initialise(work: _Work | None, recipe: _Recipe, config: Config, whole: bool) -> None:
    global _work
    if work is None:  # spawned: build the plugins the parent had
        env = dict(os.environ)
        if recipe.allowed is not None:
            env[ENV_ALLOW] = ",".join(sorted(recipe.allowed))
        plugins = get_plugins(recipe.options, env=env, entry_points=recipe.entry_points)
        work = _Work(
            rules=plugins.rules, schema=plugins.schema, config=config, whole_projects=whole
        )
    _work = work


def _check(path: Path) -> ProjectResult:
    assert _work is not None, "the pool's initializer sets up every worker"
    return check_file(
        path, _work.rules, _work.schema, _work.config, whole_project=_work.whole_projects
    )


def can_fork() -> bool:
    """Whether workers can be forked: fork exists, and no other thread could hold a lock."""
    # A fork copies only the calling thread; a lock another thread held stays locked for ever.
    return hasattr(os, "fork") and threading.active_count() == 1


def check_in_processes(
    files: Sequence[Path],
    plugins: Plugins,
    config: Config,
    *,
    jobs: int,
    on_result: OnResult | None = None,
    whole_projects: bool = True,
) -> tuple[ProjectResult, ...]:
    """Check ``files`` in ``jobs`` processes; the results in the order of ``files``.

    ``on_result`` is called in the parent as each result is in, in the order they finish.
    """
    fork = can_fork()
    work = _Work(
        rules=plugins.rules, schema=plugins.schema, config=config, whole_projects=whole_projects
    )
    recipe = _Recipe(
        options=plugins.options, entry_points=plugins.entry_points, allowed=plugins.allowed
    )
    context = multiprocessing.get_context("fork" if fork else "spawn")
    initargs = (work if fork else None, recipe, config, whole_projects)

    def pool(workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(workers, context, initializer=_initialise, initargs=initargs)

    results: dict[int, ProjectResult] = {}

    def done(index: int, result: ProjectResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(result)

    workers = min(jobs, len(files))
    suspects = _run(lambda: pool(workers), files, range(len(files)), 2 * workers, done)
    for index in suspects:  # each alone: only a workbook that kills its own worker is lost
        for lost in _run(lambda: pool(1), files, [index], 1, done):
            done(lost, _lost(files[lost]))
    return tuple(results[i] for i in range(len(files)))


def _run(
    pool: Callable[[], ProcessPoolExecutor],
    files: Sequence[Path],
    indexes: Sequence[int],
    window: int,
    done: Callable[[int, ProjectResult], None],
) -> list[int]:
    """Check ``files[i]`` for each index in a new pool, at most ``window`` in flight; returns the
    suspects: the indexes in flight when a worker died (the rest are checked in a fresh pool)."""
    waiting = list(reversed(indexes))
    running: dict[Future[ProjectResult], int] = {}
    suspects: list[int] = []
    with pool() as executor:
        try:
            while running or (waiting and not suspects):
                while waiting and not suspects and len(running) < window:
                    index = waiting.pop()
                    running[executor.submit(_check, files[index])] = index
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = running.pop(future)
                    error = future.exception()
                    if isinstance(error, BrokenProcessPool):
                        suspects.append(index)
                    elif error is not None:
                        raise error  # a bug, with the worker's traceback as its cause
                    else:
                        done(index, future.result())
        except BaseException:
            executor.shutdown(wait=True, cancel_futures=True)
            raise
    if suspects and waiting:  # the innocent rest, in a pool of their own
        suspects += _run(pool, files, list(reversed(waiting)), window, done)
    return sorted(suspects)


def _lost(path: Path) -> ProjectResult:
    """A workbook whose worker died while checking it: incomplete, with an error."""
    return ProjectResult(
        file=str(path),
        sha256=sha256_of(path),
        status="incomplete",
        error=f"{path}: the worker process checking it stopped (a worker process ended "
        "abruptly); check it again, or with --jobs 1",
    )
