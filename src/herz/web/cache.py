"""Values built from package files, kept while the files stay as they are.

The gallery, the case library and the examples are read from TOML and CSV files shipped with
herz. Parsing them on every request made the front page and ``/api/cases`` slow under load, so
each is built once and kept in a :class:`FileCache`, which builds it again only when a file
under its folders changes: another modification time or size, a file added or removed. Checking
costs one ``stat`` per file (a few dozen), far less than parsing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

__all__ = ["FileCache", "stamp"]

T = TypeVar("T")
Stamp = tuple[tuple[str, int, int], ...]


def stamp(folders: Iterable[Path]) -> Stamp:
    """Path, modification time (ns) and size of every file under ``folders``, sorted."""
    out = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in files:
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:  # removed while walking: the next call sees it gone
                    continue
                out.append((path, st.st_mtime_ns, st.st_size))
    return tuple(sorted(out))


class FileCache(Generic[T]):
    """``build()``, rebuilt when a file under ``folders()`` changes (see :func:`stamp`)."""

    def __init__(self, folders: Callable[[], Iterable[Path]], build: Callable[[], T]) -> None:
        self._folders = folders
        self._build = build
        self._lock = threading.Lock()
        self._stamp: Stamp | None = None
        self._value: T | None = None
        self.builds = 0  # how many times the value was built (tests, diagnostics)

    def get(self) -> T:
        current = stamp(self._folders())
        with self._lock:
            if current == self._stamp and self._value is not None:
                return self._value
        value = self._build()  # outside the lock: a slow build does not block readers
        with self._lock:
            self._stamp, self._value = current, value
            self.builds += 1
        return value

    def clear(self) -> None:
        with self._lock:
            self._stamp, self._value = None, None


def package_folder(package: str) -> Path:
    """The folder of a herz package whose files a cache watches (e.g. ``herz.cases``)."""
    from importlib import resources

    return Path(str(resources.files(package)))
