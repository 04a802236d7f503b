"""The parts of the web app, one module each, all following one pattern.

A section module defines ``section = Section(...)``: its JSON API routes (mounted under
``/api``), its HTML pages, its place in the navigation bar and, optionally, the items it adds to
the gallery on the front page. :func:`herz.web.app.create_app` mounts every module named in
:data:`SECTION_MODULES`, in order. To add a part (a case browser, the policy audit, sweeps),
write ``herz/web/sections/<name>.py`` with its ``section`` and a template, and add ``<name>``
here; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import APIRouter

__all__ = ["SECTION_MODULES", "GalleryItem", "Section"]

#: Section modules in navigation order.
SECTION_MODULES = (
    "gallery", "lab", "examples", "editor", "runs", "compare", "cases", "audit", "sweeps",
    "richardson", "jervis", "kydd", "game",
)


@dataclass(frozen=True)
class GalleryItem:
    """One card of the gallery: what it is, one line on what it shows, and where it leads."""

    kind: str  #: "example", "model", later "case"
    name: str
    title: str
    summary: str
    href: str
    run_example: str | None = None  #: an example the card can run at once

    def as_dict(self) -> dict[str, str | None]:
        return {"kind": self.kind, "name": self.name, "title": self.title,
                "summary": self.summary, "href": self.href, "run_example": self.run_example}


@dataclass(frozen=True)
class Section:
    """A part of the web app: API routes, pages, a navigation entry and gallery items."""

    name: str
    title: str
    api: APIRouter = field(default_factory=APIRouter)
    pages: APIRouter = field(default_factory=APIRouter)
    nav: str | None = None  #: the path the navigation bar links to, if any
    gallery: Callable[[], list[GalleryItem]] | None = None
