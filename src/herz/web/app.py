"""The herz web app: FastAPI routes, Jinja2 pages and static files, all served by herz.

:func:`create_app` builds the app for a :class:`~herz.web.settings.Settings`: it opens the run
store in the data directory, starts the worker threads, and mounts every section of
:mod:`herz.web.sections`. Nothing is loaded from another host: scripts, styles and plots
(hand-written SVG) come from ``herz/web/static``, so the app works offline.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

import herz
from herz.web.errors import BodyLimit, install_error_handlers
from herz.web.jobs import JobRunner
from herz.web.sections import SECTION_MODULES, Section
from herz.web.settings import Settings
from herz.web.state import StateDep, WebState
from herz.web.store import RunStore
from herz.web.tasks import TaskRunner

__all__ = ["create_app", "load_sections"]

HERE = Path(__file__).parent
#: Threads that run the (synchronous) request handlers; more wait on the event loop.
REQUEST_THREADS = 4

DESCRIPTION = """\
The JSON API of **herz**, a laboratory for the security dilemma of international politics.
The web pages use it, and so can scripts: validate a scenario, start a seeded run, poll it,
read its summary and trajectories, download its files, compare two runs, and solve the
canonical models (Richardson, Jervis, Kydd). Errors are JSON objects with an `error` message.
"""


def load_sections() -> list[Section]:
    """The sections named in :data:`~herz.web.sections.SECTION_MODULES`, in order."""
    return [importlib.import_module(f"herz.web.sections.{name}").section
            for name in SECTION_MODULES]


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web app for ``settings`` (default: :class:`Settings` with the default data dir)."""
    settings = settings or Settings()
    store = RunStore(settings.data_dir)
    jobs = JobRunner(store, settings)
    tasks = TaskRunner(settings, jobs.pending)
    sections = load_sections()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        from anyio import to_thread

        # Few threads for the sync handlers: under load 40 of them only fight over the GIL,
        # and the event loop (where /api/health answers) waits for every switch among them.
        to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        yield
        jobs.shutdown()
        tasks.shutdown()

    app = FastAPI(
        title="herz", version=herz.__version__, description=DESCRIPTION, lifespan=lifespan,
        docs_url=None, redoc_url=None,  # their pages load scripts from a CDN
    )
    app.state.herz = WebState(
        settings=settings, store=store, jobs=jobs, sections=sections,
        templates=Jinja2Templates(directory=str(HERE / "templates")), tasks=tasks,
    )
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    @app.get("/api/health", tags=["server"], summary="Is the server up?")
    async def health() -> dict[str, str]:
        # async: answered on the event loop, never queued behind the work threads
        return {"status": "ok", "herz_version": herz.__version__}

    @app.get("/api/limits", tags=["server"], summary="The server's limits on requests")
    def limits(state: StateDep) -> dict[str, Any]:
        return state.settings.limits()

    for section in sections:
        app.include_router(section.api, prefix="/api")
        app.include_router(section.pages, include_in_schema=False)
    return app
