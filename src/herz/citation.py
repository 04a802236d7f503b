"""How to cite herz itself: the text behind ``herz cite`` and the repository's CITATION.cff.

The fields here and in ``CITATION.cff`` at the repository root are kept equal by a test; the
version is the installed package's (:data:`herz.__version__`).
"""

from __future__ import annotations

import herz

__all__ = ["AUTHORS", "LICENSE", "TITLE", "bibtex", "citation_text"]

TITLE = "herz: a laboratory for the security dilemma of international politics"
AUTHORS = "The herz developers"
LICENSE = "MIT"


def citation_text(version: str | None = None) -> str:
    """A one-paragraph reference to herz, e.g. for a methods section."""
    v = herz.__version__ if version is None else version
    return f"{AUTHORS}. {TITLE}. Software, version {v}. {LICENSE} licence."


def bibtex(version: str | None = None) -> str:
    """The same reference as a BibTeX ``@software`` entry."""
    v = herz.__version__ if version is None else version
    return (
        "@software{herz,\n"
        f"  author  = {{{{{AUTHORS}}}}},\n"
        f"  title   = {{{{{TITLE}}}}},\n"
        f"  version = {{{v}}},\n"
        f"  license = {{{LICENSE}}},\n"
        "}"
    )
