"""What every request handler needs: the settings, the run store, the job and task runners."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from herz.web.jobs import JobRunner
from herz.web.sections import Section
from herz.web.settings import Settings
from herz.web.store import RunStore
from herz.web.tasks import TaskRunner

__all__ = ["StateDep", "WebState", "render", "web_state"]


@dataclass
class WebState:
    """The server's state, kept on ``app.state.herz``."""

    settings: Settings
    store: RunStore
    jobs: JobRunner
    sections: list[Section]
    templates: Jinja2Templates
    tasks: TaskRunner
    #: Values the sections keep between requests (e.g. the gallery's :class:`FileCache`).
    caches: dict[str, Any] = field(default_factory=dict)


def web_state(request: Request) -> WebState:
    """The :class:`WebState` of the app serving ``request`` (a FastAPI dependency)."""
    state: WebState = request.app.state.herz
    return state


#: Annotation of a handler argument that receives the :class:`WebState`.
StateDep = Annotated[WebState, Depends(web_state)]


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    """Render a page template with the navigation bar and the herz version."""
    import herz
    from herz.glossary import glossary_json

    state = web_state(request)
    nav = [(s.title, s.nav) for s in state.sections if s.nav is not None]
    return state.templates.TemplateResponse(
        request, template,
        {"nav": nav, "herz_version": herz.__version__, "glossary": glossary_json(), **context}
    )
