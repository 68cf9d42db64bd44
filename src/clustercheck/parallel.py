"""Checking workbooks in parallel processes, with the same results as a serial run.

``--jobs N`` runs N - 1 worker processes, and the parent checks workbooks too. The results come
back in the order of the input.

Where the platform can fork (Linux and the other POSIX systems, from a parent that runs no other
thread), the workers are forked. They inherit the plugins, the configuration and the loader, so
nothing is rebuilt and nothing is sent to them but indexes. The indexes of the workbooks wait in a
pipe, and every process, the parent included, reads the next one when it is free (the way GNU
make's jobserver hands out tokens). Each worker writes its results into a pipe of its own, which a
thread in the parent empties as they come; the parent unpickles them between its own workbooks.

Elsewhere (Windows, or a parent running threads, where forking can deadlock), a
:class:`~concurrent.futures.ProcessPoolExecutor` spawns the workers, which build their plugins from
the options that built the parent's (a plugin manager holds modules and functions, which do not
cross a process boundary). The pool is given two workbooks a worker at a time, from the front of
the queue, and the parent takes its own from the back.

A worker that dies leaves ``incomplete`` the workbooks it had not sent back (a forked worker, the
one it was checking; a spawned one breaks the pool, which fails every workbook it held, and the
parent checks the rest itself); every other workbook is still reported.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import pickle
import select
import signal
import struct
import threading
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from clustercheck.config import Config
from clustercheck.engine import ProjectResult, check_file, sha256_of
from clustercheck.errors import PluginError
from clustercheck.plugins import ENV_ALLOW, Plugins, get_plugins

if TYPE_CHECKING:
    import multiprocessing.context

OnResult = Callable[[ProjectResult], None]
Done = Callable[[int, ProjectResult], None]  # a workbook's index in the input, and its result
Check = Callable[[Path, Plugins, Config], ProjectResult]  # check_file, with its options set


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
    ``whole_projects`` is :func:`~clustercheck.engine.check_file`'s ``whole_project``.
    """
    check = functools.partial(check_file, whole_project=whole_projects)
    results: list[ProjectResult | None] = [None] * len(files)

    def done(index: int, result: ProjectResult) -> None:
        results[index] = result
        if on_result is not None:
            on_result(result)

    workers = min(jobs, len(files)) - 1
    if can_fork():
        _check_forked(files, plugins, config, workers, done, check)
    else:
        _check_spawned(files, plugins, config, workers, done, check)
    return tuple(r for r in results if r is not None)


def can_fork() -> bool:
    """Whether workers can be forked: fork exists, and no other thread could hold a lock."""
    # A fork copies only the calling thread; a lock another thread held stays locked for ever.
    return hasattr(os, "fork") and threading.active_count() == 1


# --- forked workers ---------------------------------------------------------------------------

_INDEX = struct.Struct("<I")
_LENGTH = struct.Struct("<Q")
_PROTOCOL = pickle.HIGHEST_PROTOCOL


class _Tickets:
    """The indexes of the workbooks still to check; the workers read theirs from a pipe.

    Only the parent writes to the pipe, and never waits to: :meth:`parent_takes` first puts in what
    fits. Each write is at most PIPE_BUF bytes, which a pipe takes whole or not at all, and each read
    takes one whole index. While some indexes do not fit, the parent takes its own from the end of
    those; once all are in, it reads the pipe like a worker (the pipe is closed then, so a read ends).
    """

    def __init__(self, count: int) -> None:
        self._reader, self._writer = os.pipe()
        os.set_blocking(self._writer, False)
        self._pending = range(count)  # not in the pipe yet
        self._next = b""  # the next write, made once however often the pipe is full
        self._supply()

    def _supply(self) -> None:
        while self._pending:
            if not self._next:
                chunk = self._pending[: select.PIPE_BUF // _INDEX.size]
                self._next = struct.pack(f"<{len(chunk)}I", *chunk)
            try:
                os.write(self._writer, self._next)
            except BlockingIOError:
                return  # full: the rest go in on a later call
            self._pending = self._pending[len(self._next) // _INDEX.size :]
            self._next = b""
        self.close_writer()

    def parent_takes(self) -> int | None:
        """The parent's next index, or None once every one has been taken."""
        self._supply()
        if not self._pending:
            return self.take()
        index, self._pending, self._next = self._pending[-1], self._pending[:-1], b""
        return index

    def take(self) -> int | None:
        """A worker's next index, or None once every one has been taken."""
        data = os.read(self._reader, _INDEX.size)
        return _INDEX.unpack(data)[0] if data else None

    def close_writer(self) -> None:
        if self._writer >= 0:
            os.close(self._writer)
            self._writer = -1

    def close(self) -> None:
        self.close_writer()
        os.close(self._reader)


class _Worker:
    """A forked worker, and the thread in the parent that collects its results as they come."""

    _reader: int  # the parent's end of the worker's results pipe

    def __init__(
        self,
        tickets: _Tickets,
        files: Sequence[Path],
        plugins: Plugins,
        config: Config,
        check: Check,
        siblings: Sequence[_Worker] = (),
    ) -> None:
        reader, writer = os.pipe()
        _widen(writer)
        pid = os.fork()
        if pid == 0:
            tickets.close_writer()  # or the pipe would never end for the other processes
            for fd in (reader, *(s._reader for s in siblings)):
                os.close(fd)
            _work(tickets, writer, files, plugins, config, check)
        os.close(writer)
        self.pid = pid
        self.status = 0
        self._reader = reader
        self._inbox: deque[bytes] = deque()
        self._thread = threading.Thread(target=self._receive, daemon=True)

    def start_receiving(self) -> None:
        self._thread.start()

    def _receive(self) -> None:
        # Reading releases the GIL: the parent's own checking goes on while results arrive.
        with open(self._reader, "rb", closefd=True) as stream:
            while len(header := stream.read(_LENGTH.size)) == _LENGTH.size:
                (size,) = _LENGTH.unpack(header)
                body = stream.read(size)
                if len(body) < size:
                    break  # the worker died half-way through a message
                self._inbox.append(body)

    def deliver(self, done: Done) -> None:
        """Hand on each result that has arrived; raise an error the worker raised."""
        while self._inbox:
            index, result, failure = pickle.loads(self._inbox.popleft())
            if failure is not None:
                raise _rebuilt(*failure)
            done(index, result)

    def finish(self, done: Done) -> None:
        """Wait for the worker to run out of workbooks, hand on the rest of its results."""
        self._thread.join()
        self.deliver(done)
        self._reap()

    def stop(self) -> None:
        """End the worker now, if it is still running (the parent was interrupted or failed)."""
        if self.pid:
            os.kill(self.pid, signal.SIGTERM)
            self._reap()
        if self._thread.ident is None:  # never started: its end of the pipe is still open here
            os.close(self._reader)

    def _reap(self) -> None:
        if self.pid:
            _, status = os.waitpid(self.pid, 0)
            self.status = os.waitstatus_to_exitcode(status)
            self.pid = 0


def _widen(pipe: int) -> None:
    """Let the pipe hold a large result whole (Linux), so the worker seldom waits for the parent."""
    # The parent's reader thread must win the GIL from the parent's own checking for every read:
    # a 64 KiB pipe made a whole 1,000-row project (208 KiB pickled) take several such turns.
    import fcntl  # forking means POSIX, which has it

    with contextlib.suppress(AttributeError, OSError):  # not Linux; a lower limit for users
        fcntl.fcntl(pipe, fcntl.F_SETPIPE_SZ, 1 << 20)


def _work(
    tickets: _Tickets,
    writer: int,
    files: Sequence[Path],
    plugins: Plugins,
    config: Config,
    check: Check,
) -> NoReturn:
    """A forked worker's whole life: check workbooks until the tickets run out, then exit."""
    status = 0
    try:
        with open(writer, "wb", closefd=True) as out:
            while (index := tickets.take()) is not None:
                message = _checked(check, index, files[index], plugins, config)
                body = pickle.dumps(message, _PROTOCOL)
                out.write(_LENGTH.pack(len(body)))
                out.write(body)
                out.flush()
    except BaseException:  # noqa: BLE001  # interrupted (Ctrl-C reaches all), or the parent is gone
        status = 1
    finally:
        # No clean-up that belongs to the parent: its buffers, atexit handlers and temporary
        # files were copied into this process, and must not be flushed or removed twice.
        os._exit(status)


def _checked(
    check: Check, index: int, path: Path, plugins: Plugins, config: Config
) -> tuple[int, ProjectResult | None, tuple[Exception, str] | None]:
    """What a worker sends back for one workbook: its result, or the error a bug raised."""
    try:
        return index, check(path, plugins, config), None
    except Exception as exc:  # noqa: BLE001  # raised in the parent, as a serial run would
        return index, None, _portable(exc)


def _check_forked(
    files: Sequence[Path],
    plugins: Plugins,
    config: Config,
    count: int,
    done: Done,
    check: Check,
) -> None:
    # The loader is imported once here, for every worker to inherit, rather than by each one.
    from clustercheck.workbook import reader, safety  # noqa: F401

    delivered: set[int] = set()

    def record(index: int, result: ProjectResult) -> None:
        delivered.add(index)
        done(index, result)

    tickets = _Tickets(len(files))
    workers: list[_Worker] = []
    # What the workers inherit is left out of cycle collections (the parent's too, until the end),
    # which would otherwise write to, and so copy, every page of the inherited heap.
    gc.freeze()
    try:
        for _ in range(count):
            workers.append(_Worker(tickets, files, plugins, config, check, workers))
        for worker in workers:  # threads only once every fork is done
            worker.start_receiving()
        while True:
            for worker in workers:
                worker.deliver(record)
            index = tickets.parent_takes()
            if index is None:
                break
            record(index, check(files[index], plugins, config))
        for worker in workers:
            worker.finish(record)
    finally:
        for worker in workers:
            worker.stop()
        tickets.close()
        gc.unfreeze()
    stopped = ", ".join(sorted({_describe(w.status) for w in workers if w.status}))
    for index in range(len(files)):
        if index not in delivered:  # taken by a worker that died before it sent the result
            done(index, _lost(files[index], stopped or "early"))


def _lost(path: Path, why: str) -> ProjectResult:
    """A workbook whose worker stopped before sending its result: incomplete, with an error."""
    return ProjectResult(
        file=str(path),
        sha256=sha256_of(path),
        status="incomplete",
        error=f"{path}: the worker process checking it stopped ({why}); "
        "check it again, or with --jobs 1",
    )


def _describe(status: int) -> str:
    if status < 0:
        try:
            return f"killed by {signal.Signals(-status).name}"
        except ValueError:
            return f"killed by signal {-status}"
    return f"exit status {status}"


class RemoteTraceback(Exception):
    """The traceback of an error raised in a worker process, chained to the error in the parent."""

    def __str__(self) -> str:
        return str(self.args[0])


def _portable(exc: Exception) -> tuple[Exception, str]:
    """``exc`` as something pickle can carry, with its traceback as text."""
    text = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001  # whatever stops it, the message still crosses
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc, text


def _rebuilt(exc: Exception, text: str) -> Exception:
    exc.__cause__ = RemoteTraceback(f'\n"""\n{text}"""')
    return exc


# --- spawned workers --------------------------------------------------------------------------

# One process-wide value, set by the pool's initializer: the worker's own plugins, built once.
_SPAWNED: dict[str, Plugins] = {}


def _initialise(
    options: tuple[str, ...], entry_points: bool, allowed: frozenset[str] | None
) -> None:
    env = {} if allowed is None else {ENV_ALLOW: ",".join(sorted(allowed))}
    _SPAWNED["plugins"] = get_plugins(options, env=env, entry_points=entry_points)


def _check_spawned_one(
    check: Check, path: Path, config: Config, codes: tuple[str, ...]
) -> ProjectResult:
    plugins = _SPAWNED["plugins"]
    if tuple(r.code for r in plugins.rules) != codes:
        # A plugin that loads differently in a fresh process would give different results.
        raise PluginError(
            "a worker process loaded other rules than the main process; run with --jobs 1"
        )
    return check(path, plugins, config)


def _check_spawned(
    files: Sequence[Path],
    plugins: Plugins,
    config: Config,
    count: int,
    done: Done,
    check: Check,
) -> None:
    import concurrent.futures
    import concurrent.futures.process
    import multiprocessing

    context: multiprocessing.context.BaseContext = multiprocessing.get_context("spawn")
    codes = tuple(r.code for r in plugins.rules)
    waiting = deque(range(len(files)))  # the workers take from the front, the parent from the back
    sent: dict[concurrent.futures.Future[ProjectResult], int] = {}
    broken = False
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=count,
        mp_context=context,
        initializer=_initialise,
        initargs=(plugins.options, plugins.entry_points, plugins.allowed),
    ) as pool:
        while waiting or sent:
            # The pool holds two workbooks a worker, so none waits for the parent; nothing sent
            # is ever taken back (cancelling in a pool that then breaks fails its thread in 3.11).
            while waiting and not broken and len(sent) < 2 * count:
                index = waiting.popleft()
                try:
                    future = pool.submit(_check_spawned_one, check, files[index], config, codes)
                except concurrent.futures.process.BrokenProcessPool:
                    broken = True  # the parent checks the rest itself
                    waiting.appendleft(index)
                    break
                sent[future] = index
            for future in [f for f in sent if f.done()]:
                index = sent.pop(future)
                try:
                    result = future.result()
                except concurrent.futures.process.BrokenProcessPool:
                    # A worker died: the pool fails every workbook it held.
                    broken = True
                    result = _lost(files[index], "a worker process ended abruptly")
                done(index, result)
            if waiting:
                index = waiting.pop()
                done(index, check(files[index], plugins, config))
            elif sent:
                concurrent.futures.wait(sent, return_when=concurrent.futures.FIRST_COMPLETED)
