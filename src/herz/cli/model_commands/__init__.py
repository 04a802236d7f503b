"""One module per canonical model, each defining a Typer ``app`` for ``herz model NAME``."""
