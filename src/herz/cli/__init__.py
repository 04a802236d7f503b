"""The ``herz`` command line: a thin layer over the Python API.

Bad input anywhere below raises :class:`herz.errors.HerzInputError`; :func:`main` prints it as one
line on standard error and exits with status 2, never with a traceback. Usage errors (an unknown
option, a value of the wrong type, a missing argument) are printed the same way: one line naming
the option and what it allows, status 2.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import typer

from herz.cli.app import app
from herz.errors import HerzInputError


def _click_exceptions() -> Any:
    """Click's exception classes as Typer raises them (recent Typer vendors its own Click)."""
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ImportError("neither typer._click nor click is installed")


_cx = _click_exceptions()
#: Click >= 8.2 raises this for a group called with no arguments (Click 8.1 prints and exits).
_NoArgsIsHelp: Any = getattr(_cx, "NoArgsIsHelpError", None) or type("_Never", (Exception,), {})

__all__ = ["app", "main", "usage_error_line"]

_TYPES = {
    "integer": "an integer",
    "float": "a number",
    "boolean": "true or false",
    "text": "text",
    "path": "a path",
}


def _allowed(param: Any) -> str:
    kind = getattr(param, "type", None)
    if kind is None:
        return ""
    choices = getattr(kind, "choices", None)
    if choices:
        return ", ".join(str(getattr(c, "value", c)) for c in choices)
    if hasattr(kind, "_describe_range"):
        return f"{_TYPES.get(kind.name, kind.name)}, {kind._describe_range()}"
    name = str(getattr(kind, "name", ""))
    return _TYPES.get(name, name)


def _param_name(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or list(
        getattr(param, "opts", [])
    )
    if getattr(param, "param_type_name", "") == "argument" or not opts:
        return str(getattr(param, "human_readable_name", None) or param.name or "").upper()
    return opts[0]


def _options_of(ctx: Any) -> str:
    if ctx is None:
        return ""
    names = [o for p in ctx.command.get_params(ctx) for o in p.opts if o.startswith("--")]
    return ", ".join(names)


def _bad_input(err: BaseException) -> str:
    """The rejected value, where Typer's coercion kept it (else "the value")."""
    cause = err.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        try:
            value = errors()[0].get("input")
        except (IndexError, TypeError, AttributeError):
            value = None
        if value is not None:
            text = repr(value)
            return text if len(text) <= 40 else text[:37] + "..."
    return "the value"


def usage_error_line(err: Any) -> str:
    """One line for a Click usage error: the command, the option, the problem, what is allowed."""
    ctx = getattr(err, "ctx", None)
    command = ctx.command_path if ctx is not None else "herz"
    param = getattr(err, "param", None)
    message = " ".join(err.message.split())
    help_hint = f"see `{command} --help`"
    if isinstance(err, _cx.NoSuchOption):
        text = f"{command}: no such option {err.option_name}"
        allowed = _options_of(ctx)
        text += f" (allowed: {allowed}; {help_hint})" if allowed else f" ({help_hint})"
    elif isinstance(err, _cx.BadParameter) and param is not None:
        problem = message
        for prefix in ("Invalid value", "Missing"):
            if problem.startswith(prefix):
                problem = problem.split(": ", 1)[-1] if ": " in problem else problem
        allowed = _allowed(param)
        if problem.startswith("Input should be "):  # Typer's pydantic coercion
            wanted = problem.removeprefix("Input should be ").split(",")[0]
            wanted = wanted.replace("a valid integer", "an integer").replace("a valid ", "a ")
            allowed = allowed or wanted
            problem = f"{_bad_input(err)} is not allowed"
        if isinstance(err, _cx.MissingParameter):
            problem = "missing"
        text = f"{command}: {_param_name(param)}: {problem}"
        text += f" (allowed: {allowed})" if allowed else f" ({help_hint})"
    else:
        text = f"{command}: {message.rstrip('.')} ({help_hint})"
    return " ".join(text.split())


def main(argv: list[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default: ``sys.argv[1:]``) and return the exit status."""
    try:
        result = app(args=argv, prog_name="herz", standalone_mode=False)
    except _NoArgsIsHelp as err:  # `herz` alone: the help, as before
        err.show()
        return 2
    except _cx.ClickException as err:  # a usage error: one line, not Click's usage block
        print(f"herz: error: {usage_error_line(err)}", file=sys.stderr)
        return 2
    except typer.Abort:
        print("herz: aborted", file=sys.stderr)
        return 1
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except HerzInputError as err:
        print(f"herz: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # a path the system refuses (too long a name, no permission, ...)
        where = f"{err.filename}: " if err.filename else ""
        reason = err.strerror or str(err)
        print(" ".join(f"herz: error: {where}{reason}".split()), file=sys.stderr)
        return 2
    return result if isinstance(result, int) else 0
