"""``herz serve``: the laboratory in a browser (FastAPI on uvicorn; needs the ``web`` extra).

Starts the web app of :mod:`herz.web` on ``--host``/``--port``, keeping saved runs in an
embedded SQLite store under ``--data``, and prints its address. Every page, script and style is
served by herz itself, so it works offline. The limits protect a shared server.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from herz.cli.app import app
from herz.engine.backend import check_backend
from herz.errors import HerzInputError

if TYPE_CHECKING:  # pragma: no cover
    import uvicorn
    from fastapi import FastAPI

__all__ = ["make_server"]


def make_server(web_app: FastAPI, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server for ``web_app`` (quiet: one line per start, errors only after)."""
    import uvicorn

    config = uvicorn.Config(web_app, host=host, port=port, log_level="warning",
                            access_log=False, lifespan="on")
    return uvicorn.Server(config)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    data: Annotated[
        Path, typer.Option(help="Directory of the saved runs (SQLite store and files).")
    ] = Path("herz-data"),
    max_runs: Annotated[int, typer.Option(help="Most runs in one batch.")] = 5000,
    max_steps: Annotated[int, typer.Option(help="Most steps per run.")] = 500,
    max_actors: Annotated[int, typer.Option(help="Most actors in a scenario.")] = 30,
    workers: Annotated[int, typer.Option(help="Runs computed at the same time.")] = 1,
    backend: Annotated[
        str,
        typer.Option("--backend", help="numpy (the reference) or numba (a whole step compiled: "
                     "interactive single runs; needs the fast extra)."),
    ] = "numpy",
) -> None:
    """Start the web app: gallery, scenario editor, runs, comparisons and model explorables."""
    check_backend(backend, field="--backend")
    if not 0 <= port <= 65535:
        raise HerzInputError(f"{port}", field="--port", allowed="0 to 65535")
    if data.exists() and not data.is_dir():
        raise HerzInputError("exists and is not a directory", field="--data", source=str(data))
    try:
        from herz.web import Settings, create_app
    except ImportError as err:
        raise HerzInputError(
            f"a dependency of the web app is missing ({err.name})", field="serve",
            allowed="reinstall herz: pip install herz (the web app is in the base install)",
        ) from None
    settings = Settings(data_dir=data, max_runs=max_runs, max_steps=max_steps,
                        max_actors=max_actors, workers=workers, backend=backend)
    server = make_server(create_app(settings), host, port)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"herz serve: http://{shown}:{port}/  (runs saved in {settings.data_dir}; "
               "Ctrl+C to stop)")
    server.run()
