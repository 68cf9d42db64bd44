"""What the command line shows besides reports: one-sentence errors with their exit statuses,
warnings on standard error, and the progress bar."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from clustercheck.errors import ClustercheckError

F = TypeVar("F", bound=Callable[..., Any])
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3


def colour() -> bool | None:
    """False under NO_COLOR (https://no-color.org); otherwise click decides by the terminal."""
    return False if os.environ.get("NO_COLOR") else None


def say(message: str, *, err: bool = True) -> None:
    click.echo(message, err=err, color=colour())


def friendly(function: F) -> F:
    """Turn errors into one sentence on standard error and an exit status; traceback with --debug."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = kwargs.get("debug", False)
        try:
            return function(*args, **kwargs)
        except ClustercheckError as exc:
            if debug:
                raise
            for sentence in exc.sentences:  # a configuration file's problems, all at once
                say(f"clustercheck: error: {sentence}")
            sys.exit(EXIT_USAGE)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:
            if debug:
                raise
            say(
                f"clustercheck: internal error: {type(exc).__name__}: {exc} "
                "(run again with --debug for the traceback, and please report it)"
            )
            sys.exit(EXIT_INCOMPLETE)

    return wrapper  # type: ignore[return-value]  # same signature as the wrapped command


@contextlib.contextmanager
def progress(total: int) -> Iterator[Callable[[object], None]]:
    """A progress bar on standard error when it is a terminal and there are several workbooks."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda _: None
        return
    with click.progressbar(length=total, label="checking", file=sys.stderr, show_pos=True) as bar:
        yield lambda _: bar.update(1)
