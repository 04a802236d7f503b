"""Ranges shared out over threads (:func:`herz.engine.compiled.threads.share`): every item
once, in consecutive ranges, one a thread, errors raised in the caller."""

from __future__ import annotations

import threading

import pytest

from herz.engine.compiled.threads import share


def _ranges(items: int, threads: int) -> list[tuple[int, int, str]]:
    """The ranges taken and their threads' names; every range waits for all the others to
    start (a thread that took two ranges in turn would never pass the barrier)."""
    taken: list[tuple[int, int, str]] = []
    lock = threading.Lock()
    together = threading.Barrier(min(items, threads), timeout=20)

    def kernel(first: int, last: int, tag: str) -> None:
        with lock:
            taken.append((first, last, threading.current_thread().name + tag))
        together.wait()

    share(kernel, items, threads, "")
    return sorted(taken)


@pytest.mark.parametrize(("items", "threads"), [(10, 3), (32, 2), (5, 8), (1, 4), (7, 1)])
def test_every_item_once_in_consecutive_ranges(items: int, threads: int) -> None:
    ranges = _ranges(items, threads)
    assert len(ranges) == min(items, threads)
    assert [r[0] for r in ranges] == [0] + [r[1] for r in ranges[:-1]]  # consecutive
    assert ranges[-1][1] == items
    sizes = [last - first for first, last, _ in ranges]
    assert max(sizes) - min(sizes) <= 1  # equal parts
    assert ranges[0][2] == threading.current_thread().name  # the caller takes the first
    assert len({r[2] for r in ranges}) == len(ranges)  # at once, one range a thread


def test_an_error_on_another_thread_reaches_the_caller() -> None:
    def kernel(first: int, last: int) -> None:
        if first > 0:
            raise ValueError(f"range {first}-{last}")

    with pytest.raises(ValueError, match="range 2-4"):
        share(kernel, 4, 2)
