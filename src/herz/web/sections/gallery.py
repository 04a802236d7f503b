"""The front page: a gallery of everything there is to open, gathered from every section."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from herz.web.sections import Section
from herz.web.state import StateDep, render, web_state

api = APIRouter(tags=["gallery"])
pages = APIRouter()


def _items(state: Any) -> list[dict[str, str | None]]:
    return [item.as_dict() for s in state.sections if s.gallery is not None
            for item in s.gallery()]


@api.get("/gallery", summary="Everything the gallery shows: examples, models (and cases)")
def gallery(state: StateDep) -> list[dict[str, str | None]]:
    """Each item's kind, name, title, one-line summary and the page it opens."""
    return _items(state)


@pages.get("/", response_class=HTMLResponse)
def gallery_page(request: Request) -> HTMLResponse:
    items = _items(web_state(request))
    kinds = list(dict.fromkeys(i["kind"] for i in items))
    return render(request, "gallery.html", items=items, kinds=kinds)


section = Section(name="gallery", title="Gallery", api=api, pages=pages, nav="/")
