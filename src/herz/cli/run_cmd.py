"""``herz run``, ``herz schema`` and ``herz examples``: simulate a scenario and write its outputs.

``herz run`` with no argument runs the built-in ``spiral`` example with small defaults (a few
seconds), writes ``summary.json``, ``outcomes.parquet``, ``steps.parquet``,
``quantiles.parquet``, ``events.parquet`` (``--format csv``: the tables as CSV),
``report.html`` and ``plots/`` into ``herz-out/`` and prints a short summary. The outputs take
their place only after everything was written; bad input writes nothing. ``--out`` must be a new
folder or one herz wrote before; ``--overwrite`` writes into any other folder, replacing only
herz's own files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from herz.cli.app import app
from herz.cli.output import BackendOption, OverwriteOption, checked_out, command_line
from herz.cli.progress import progress_bar
from herz.cli.seats import seat_policies
from herz.defaults import DEFAULT_KEEP, DEFAULT_SEED
from herz.engine.backend import check_backend, check_device, check_threads
from herz.engine.scenario import MAX_STEPS, Scenario, load_scenario, read_toml
from herz.engine.simulate import MAX_RUNS, simulate
from herz.errors import HerzInputError
from herz.examples import example_path, examples
from herz.inputs import exists
from herz.results.write import TABLES

__all__ = ["resolve_scenario"]

DEFAULT_EXAMPLE = "spiral"
DEFAULT_OUT = "herz-out"
#: Actors whose final arms the printed summary lists.
SHOW_ACTORS = 6


def resolve_scenario(name: str | None, overrides: list[str]) -> Scenario:
    """Load ``name`` as a file if it exists, else as a built-in example (default: spiral)."""
    if name is None:
        return load_scenario(example_path(DEFAULT_EXAMPLE), overrides)
    path = Path(name)
    looks_like_path = name.endswith(".toml") or "/" in name or "\\" in name
    if (exists(path) and not path.is_dir()) or looks_like_path:
        return load_scenario(path, overrides)  # a FIFO or a folder is refused there
    if name in examples():
        return load_scenario(example_path(name), overrides)
    raise HerzInputError(
        "no such file or built-in example",
        source=name,
        allowed="a scenario file or one of: " + ", ".join(examples()),
    )


def _check_options(runs: int, steps: int | None, keep: int) -> None:
    if not 1 <= runs <= MAX_RUNS:
        raise HerzInputError(f"{runs} runs", field="--runs", allowed=f"1 to {MAX_RUNS}")
    if steps is not None and not 1 <= steps <= MAX_STEPS:
        raise HerzInputError(f"{steps} steps", field="--steps", allowed=f"1 to {MAX_STEPS}")
    if keep < 1:
        raise HerzInputError(f"{keep} kept runs", field="--keep", allowed=">= 1")


def _interval(iv: dict[str, Any], pct: bool = False) -> str:
    if iv["estimate"] is None:
        return "no value (no run to average)"
    scale, unit = (100.0, "%") if pct else (1.0, "")
    text = f"{scale * iv['estimate']:.3g}{unit}"
    if iv["low"] is not None and iv["high"] is not None:
        text += f" [{scale * iv['low']:.3g}{unit}, {scale * iv['high']:.3g}{unit}]"
    return text


def _print_summary(summary: dict[str, Any], out: Path) -> None:
    m = summary["metrics"]
    level = round(100 * summary["confidence"])
    echo = typer.echo
    echo(
        f"herz {summary['herz_version']}: scenario {summary['scenario_name']!r} "
        f"(hash {summary['scenario_hash'][:12]}), {summary['runs']} runs x {summary['steps']} "
        f"steps, seed {summary['seed']}, {summary['kept']} runs kept whole"
    )
    if summary.get("takeaway"):
        echo(f"  {summary['takeaway']}")
    axis = summary.get("time_axis") or {}
    unit = "years" if axis.get("calendar") and axis.get("unit") == "one year" else "steps"
    if axis.get("calendar") and unit == "steps":
        unit = f"steps of {axis['unit']}"
    echo(f"  P(war)                  {_interval(m['p_war'], pct=True)}  ({level}% CI): "
         "share of runs with a war")
    ttw = m["time_to_first_war"]
    if ttw["estimate"] is None:
        echo("  time to first war       no war in any run")
    else:
        alone = " (one run with war: no interval)" if ttw["low"] is None else ""
        echo(
            f"  time to first war       {_interval(ttw)} {unit}{alone} "
            f"({100 * ttw['censored_share']:.0f}% of runs without war)"
        )
    echo(f"  spiral index            {_interval(m['spiral_index'])}  "
         "(rise of mutual suspicion plus arms growth; 0: no spiral)")
    arms = list(m["arms_final"].items())
    for actor, iv in arms[:SHOW_ACTORS]:
        echo(f"  final arms {actor:<12} {_interval(iv)} force units")
    if len(arms) > SHOW_ACTORS:
        echo(f"  ... {len(arms) - SHOW_ACTORS} more actors in summary.json")
    fmt = summary.get("table_format", "parquet")
    tables = ", ".join(f"{t}.{fmt}" for t in TABLES)
    echo(f"Outputs in {out}/: report.html, summary.json, {tables}, plots/")


@app.command()
def run(
    scenario: Annotated[
        str | None,
        typer.Argument(
            help="A scenario file or a built-in example (default: spiral); see `herz examples`."
        ),
    ] = None,
    runs: Annotated[int, typer.Option("--runs", "-n", help="Independent runs.")] = 200,
    steps: Annotated[
        int | None,
        typer.Option(
            "--steps", "-t", help=f"Steps per run (default: the scenario's; at most {MAX_STEPS})."
        ),
    ] = None,
    seed: Annotated[
        int, typer.Option("--seed", "-s", help="Seed: the same seed gives the same numbers.")
    ] = DEFAULT_SEED,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a scenario field, PATH=VALUE (repeatable)."),
    ] = None,
    out_text: Annotated[
        str,
        typer.Option(
            "--out", "-o", help="Output folder: a new one, or one herz wrote before."
        ),
    ] = DEFAULT_OUT,
    keep: Annotated[
        int,
        typer.Option("--keep", "-k", help="Runs whose whole trajectories and event logs are kept."),
    ] = DEFAULT_KEEP,
    table_format: Annotated[
        str, typer.Option("--format", "-f", help="File format of the tables: parquet or csv.")
    ] = "parquet",
    overwrite: OverwriteOption = False,
    agent: Annotated[
        list[str] | None,
        typer.Option(
            "--agent",
            help="Put a policy in an actor's chair, ACTOR=llm:MODEL (a language model) or "
            "ACTOR=module:function (repeatable).",
        ),
    ] = None,
    llm_base_url: Annotated[
        str | None,
        typer.Option("--llm-base-url", envvar="HERZ_LLM_BASE_URL",
                     help="OpenAI-compatible endpoint of the llm policy."),
    ] = None,
    llm_api_key: Annotated[
        str | None,
        typer.Option("--llm-api-key", envvar="HERZ_LLM_API_KEY", show_default=False,
                     help="API key of the llm policy's endpoint."),
    ] = None,
    record: Annotated[
        str | None,
        typer.Option("--record", help="Record every model exchange in this cassette (JSONL)."),
    ] = None,
    replay: Annotated[
        str | None,
        typer.Option("--replay", help="Replay model answers from this cassette, offline."),
    ] = None,
    backend: BackendOption = "numpy",
    threads: Annotated[
        int | None,
        typer.Option("--threads", help="Threads over which the numba backend spreads the runs "
                     "(default: every core); results do not depend on it."),
    ] = None,
    device: Annotated[
        str,
        typer.Option("--device", help="cpu, or gpu: the numba backend's whole step on a CUDA "
                     "device (needs the gpu extra and a GPU)."),
    ] = "cpu",
) -> None:
    """Simulate a scenario many times and write the report, tables and summary."""
    from herz.results import write_outputs  # heavy imports only when running
    from herz.results.tables import FORMATS

    _check_options(runs, steps, keep)
    check_backend(backend, field="--backend")
    if threads is not None:
        check_threads(threads, backend, field="--threads")
    check_device(device, backend, field="--device")
    if table_format not in FORMATS:
        raise HerzInputError(f"{table_format!r}", field="--format", allowed=", ".join(FORMATS))
    resolved = resolve_scenario(scenario, list(set_ or []))
    out = checked_out(out_text, overwrite)
    n_steps = resolved.steps if steps is None else steps
    seats = seat_policies(resolved, list(agent or []), llm_base_url, llm_api_key, record, replay)
    if seats.session is not None and runs > seats.session.max_runs:
        raise HerzInputError(
            f"{runs} runs with a language-model leader", field="--runs",
            allowed=f"at most {seats.session.max_runs} (one request per seat, step and run)",
        )
    with progress_bar("simulating", runs * n_steps) as bar:
        result = simulate(resolved, runs, n_steps, rng=seed, keep=keep, progress=bar.advance,
                          policies=seats.policies, backend=backend, threads=threads,
                          device=device)
    try:
        summary = write_outputs(result, out, overwrite=overwrite, command=command_line("run"),
                                table_format=table_format, extra=seats.write)
    except OSError as err:
        raise HerzInputError(
            f"cannot write outputs: {err}", field="--out", source=str(out)
        ) from None
    _print_summary(summary, out)
    if seats.session is not None:
        typer.echo(f"Language-model turns in {out}/llm/: turns.jsonl, report.json")


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files."""
    typer.echo(json.dumps(Scenario.model_json_schema(), indent=2))


@app.command(name="examples")
def list_examples() -> None:
    """List the built-in example scenarios with their descriptions."""
    names = examples()
    width = max((len(n) for n in names), default=0)
    for name in names:
        description = str(read_toml(example_path(name)).get("description", ""))
        typer.echo(f"{name.ljust(width)}  {description}")
