"""herz: a laboratory for the security dilemma of international politics.

The Python API is the product; the ``herz`` command line is a thin layer over it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("herz")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

from herz.errors import HerzInputError
from herz.rng import handle_rng, spawn_generators

__all__ = ["HerzInputError", "__version__", "handle_rng", "spawn_generators"]
