"""Small, cited subsets of real data sets, packaged with herz.

Each data set is a folder ``herz/data/<name>/`` holding its CSV files and a ``PROVENANCE.toml``
with the keys ``title``, ``provider``, ``version``, ``source`` (where the file was taken from),
``citation``, ``terms`` and ``processing`` (what herz did to the original). Nothing here is
fetched at run time.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from importlib import resources

from herz.errors import HerzInputError

__all__ = ["Provenance", "datasets", "load_table", "provenance"]


@dataclass(frozen=True)
class Provenance:
    """Where a packaged data set comes from and how to cite it."""

    name: str
    title: str
    provider: str
    version: str
    source: str
    citation: str
    terms: str
    processing: str


def _root() -> resources.abc.Traversable:
    return resources.files("herz.data")


def datasets() -> list[str]:
    """Names of the packaged data sets."""
    return sorted(
        p.name for p in _root().iterdir() if p.is_dir() and (p / "PROVENANCE.toml").is_file()
    )


def provenance(name: str) -> Provenance:
    """The provenance record of data set ``name``."""
    path = _root() / name / "PROVENANCE.toml"
    if not path.is_file():
        raise HerzInputError(
            f"no packaged data set {name!r}", field="dataset", allowed=", ".join(datasets())
        )
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return Provenance(
        name=name,
        **{
            k: str(raw.get(k, ""))
            for k in ("title", "provider", "version", "source", "citation", "terms", "processing")
        },
    )


def load_table(name: str, filename: str) -> list[dict[str, str]]:
    """Rows of CSV file ``filename`` of data set ``name``, as dicts of strings."""
    provenance(name)  # validates the name
    path = _root() / name / filename
    if not path.is_file():
        raise HerzInputError(f"data set {name!r} has no file {filename!r}", field="filename")
    text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))
