"""The ``herz`` command line: a thin layer over the Python API.

Bad input anywhere below raises :class:`herz.errors.HerzInputError`; :func:`main` prints it as one
line on standard error and exits with status 2, never with a traceback.
"""

from __future__ import annotations

import sys

from herz.cli.app import app
from herz.errors import HerzInputError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    try:
        app(args=argv, prog_name="herz")
    except SystemExit as exit_:  # Typer's normal way out, usage errors included (status 2)
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except HerzInputError as err:
        print(f"herz: error: {err}", file=sys.stderr)
        return 2
    return 0
