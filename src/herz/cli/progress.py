"""Progress bars on standard error for the commands that can run for a while.

:func:`progress_bar` yields a :class:`Bar` whose :meth:`Bar.advance` (and :meth:`Bar.set`) is the
``progress`` hook of :func:`herz.engine.simulate.simulate`, :func:`herz.audit.audit`,
:func:`herz.cases.run.run_case` and :func:`herz.cases.calibrate.calibrate`. The bar is drawn
with rich only when standard error is a terminal, and removed when done; otherwise (a pipe, a
file, a test) nothing at all is printed, and the bar just counts.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

__all__ = ["Bar", "progress_bar"]


class Bar:
    """Counts work done; draws it when given a rich progress display."""

    def __init__(self, display: Any = None, task: Any = None, total: int | None = None) -> None:
        self.done = 0
        self.total = total
        self._display = display
        self._task = task

    def advance(self, amount: int = 1) -> None:
        """``amount`` more units done (the engine's ``progress(n)`` hook)."""
        self.done += int(amount)
        if self._display is not None:
            self._display.update(self._task, completed=self.done)

    def set(self, done: int, total: int | None = None) -> None:
        """``done`` of ``total`` units (the audit's ``progress(done, total)`` hook)."""
        self.done = int(done)
        if total is not None:
            self.total = int(total)
        if self._display is not None:
            self._display.update(self._task, completed=self.done, total=self.total)


@contextmanager
def progress_bar(label: str, total: int | None = None, stream: IO[str] | None = None
                 ) -> Iterator[Bar]:
    """A bar labelled ``label`` over ``total`` units (``None``: unknown, a running count),
    drawn on ``stream`` (default: standard error) only if it is a terminal."""
    stream = sys.stderr if stream is None else stream
    try:
        terminal = bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or odd stream
        terminal = False
    if not terminal:
        yield Bar(total=total)
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    console = Console(file=stream, force_terminal=True)
    columns: list[Any] = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn()]
    if total is not None:
        columns.append(TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as display:
        task = display.add_task(label, total=total)
        yield Bar(display, task, total)
