"""The front page: a gallery of everything there is to open, gathered from every section."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from herz.web.cache import FileCache, package_folder
from herz.web.sections import Section
from herz.web.state import StateDep, render, web_state

api = APIRouter(tags=["gallery"])
pages = APIRouter()


def _build(state: Any) -> list[dict[str, str | None]]:
    return [item.as_dict() for s in state.sections if s.gallery is not None
            for item in s.gallery()]


def _items(state: Any) -> list[dict[str, str | None]]:
    """The app's gallery, built again when an example, case or data file changes."""
    cache = state.caches.get("gallery")
    if cache is None:
        cache = state.caches.setdefault("gallery", FileCache(
            lambda: [package_folder(p) for p in ("herz.examples", "herz.cases", "herz.data")],
            lambda: _build(state)))
    items: list[dict[str, str | None]] = cache.get()
    return items


@api.get("/gallery", summary="Everything the gallery shows: examples, models (and cases)")
def gallery(state: StateDep) -> list[dict[str, str | None]]:
    """Each item's kind, name, title, one-line summary and the page it opens."""
    return _items(state)


@pages.get("/", response_class=HTMLResponse)
def gallery_page(request: Request) -> HTMLResponse:
    items = _items(web_state(request))
    kinds = list(dict.fromkeys(i["kind"] for i in items))
    from herz.web.sections.lab import start_here

    return render(request, "gallery.html", items=items, kinds=kinds, start_here=start_here())


section = Section(name="gallery", title="Gallery", api=api, pages=pages, nav="/")
