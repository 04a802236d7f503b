"""The Typer application and its sub-commands, each defined in its own module."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from herz import __version__
from herz.models import MODEL_MODULES

app = typer.Typer(
    help="herz: a laboratory for the security dilemma of international politics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

model_app = typer.Typer(
    help="Solve the canonical formal models of the security dilemma.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(model_app, name="model")

for _name in MODEL_MODULES:
    _module = importlib.import_module(f"herz.cli.model_commands.{_name}")
    model_app.add_typer(_module.app, name=_name.replace("_", "-"))


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"herz {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the herz version and exit.",
        ),
    ] = False,
) -> None:
    """herz: a laboratory for the security dilemma of international politics."""


@app.command()
def version() -> None:
    """Print the herz version."""
    typer.echo(__version__)


# Sub-commands register themselves on ``app`` when imported.
from herz.cli import (  # noqa: E402,F401
    audit_cmd,
    case_cmd,
    compare_cmd,
    mechanisms_cmd,
    run_cmd,
    serve_cmd,
    sweep_cmd,
    validate_cmd,
)
