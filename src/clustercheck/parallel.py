"""Checking workbooks in parallel processes, with the same results as a serial run.

``--jobs N`` runs N - 1 worker processes and the parent: the workers take workbooks from the front of
the list, the parent from the back. A forked worker inherits the parent's plugins; a spawned one
builds its own from the options that built the parent's (a plugin manager holds modules and
functions, which do not cross a process boundary). Each checks one workbook at a time and sends the
:class:`~clustercheck.engine.ProjectResult` back. Results are put back in input order.
"""

from __future__ import annotations

import concurrent.futures
import gc
import multiprocessing
import threading
import types
from collections.abc import Callable, Mapping, Sequence
from multiprocessing.reduction import register
from pathlib import Path

from clustercheck.config import Config
from clustercheck.engine import ProjectResult, check_file
from clustercheck.errors import PluginError
from clustercheck.plugins import ENV_ALLOW, Plugins, get_plugins

# One process-wide value, set by the pool's initializer: the worker's own plugins, built once.
_WORKER: dict[str, Plugins] = {}


def _mappingproxy(data: dict[str, object]) -> Mapping[str, object]:
    return types.MappingProxyType(data)


def _reduce_mappingproxy(
    proxy: Mapping[str, object],
) -> tuple[Callable[[dict[str, object]], Mapping[str, object]], tuple[dict[str, object]]]:
    # The loader keeps read-only mappings in records; pickle cannot send them as they are.
    return _mappingproxy, (dict(proxy),)


def _initialise(
    options: tuple[str, ...], entry_points: bool, allowed: frozenset[str] | None
) -> None:
    register(types.MappingProxyType, _reduce_mappingproxy)
    if "plugins" in _WORKER:
        return  # a forked worker has the parent's plugins already
    env = {} if allowed is None else {ENV_ALLOW: ",".join(sorted(allowed))}
    _WORKER["plugins"] = get_plugins(options, env=env, entry_points=entry_points)


def _check(path: Path, config: Config, codes: tuple[str, ...]) -> ProjectResult:
    plugins = _WORKER["plugins"]
    built = tuple(r.code for r in plugins.rules)
    if built != codes:
        # A plugin that loads differently in a fresh process would give different results.
        raise PluginError(
            "a worker process loaded other rules than the main process; run with --jobs 1"
        )
    return check_file(path, plugins, config)


def _start_method() -> str:
    # fork starts a worker in milliseconds, spawn in about a second (it imports everything again);
    # but forking a process that runs other threads can deadlock, so only a single-threaded
    # parent forks.
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def check_in_processes(
    files: Sequence[Path],
    plugins: Plugins,
    config: Config,
    *,
    jobs: int,
    on_result: Callable[[ProjectResult], None] | None = None,
) -> tuple[ProjectResult, ...]:
    """Check ``files`` in ``jobs`` processes; the results in the order of ``files``."""
    codes = tuple(r.code for r in plugins.rules)
    method = _start_method()
    context = multiprocessing.get_context(method)
    if method == "fork":
        _WORKER["plugins"] = plugins  # inherited by each forked worker: nothing to rebuild
        # So is the loader, imported here once rather than on every worker's first workbook.
        import clustercheck.workbook.reader  # noqa: F401

        # Objects the workers inherit are left out of their cycle collections, which would
        # otherwise write to (and so copy) every page of the inherited heap in every worker.
        gc.freeze()
    try:
        return _run_pool(files, plugins, config, codes, context, jobs, on_result)
    finally:
        _WORKER.pop("plugins", None)
        if method == "fork":
            gc.unfreeze()


def _run_pool(
    files: Sequence[Path],
    plugins: Plugins,
    config: Config,
    codes: tuple[str, ...],
    context: multiprocessing.context.BaseContext,
    jobs: int,
    on_result: Callable[[ProjectResult], None] | None,
) -> tuple[ProjectResult, ...]:
    # The parent is one of the jobs: it checks workbooks too, taking them from the end of the
    # queue while the workers take them from the front (a queued one is cancelled in the pool
    # first; one a worker has started is left to it). So no process waits idle, and the parent's
    # share is never pickled.
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=min(jobs, len(files)) - 1,
        mp_context=context,
        initializer=_initialise,
        initargs=(plugins.options, plugins.entry_points, plugins.allowed),
    ) as pool:
        futures = [pool.submit(_check, path, config, codes) for path in files]
        results: list[ProjectResult | None] = [None] * len(files)
        for index in reversed(range(len(files))):
            if not futures[index].cancel():
                break  # a worker has it, and every one before it
            results[index] = result = check_file(files[index], plugins, config)
            if on_result is not None:
                on_result(result)
        running = {future: i for i, future in enumerate(futures) if not future.cancelled()}
        for future in concurrent.futures.as_completed(running):
            results[running[future]] = result = future.result()
            if on_result is not None:
                on_result(result)
    return tuple(r for r in results if r is not None)
