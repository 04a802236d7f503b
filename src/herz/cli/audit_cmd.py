"""``herz audit``: see a policy from the other side (a thin layer over :func:`herz.audit.audit`).

The policy is given as ``--act`` strings (``step=2,action=arm,force_class=conventional_offensive,
amount=5``; repeatable) or as a TOML file of ``[[policy]]`` tables (``--policy FILE``), each a
scenario timeline entry without its actor. The command prints the summaries, or the whole audit
as JSON with ``--json``, and writes ``audit.md``, ``audit.html``, ``audit.json`` and ``plots/``
into ``--out`` (a new folder or one herz wrote before; ``--overwrite`` writes into any other
folder, replacing only herz's own files). Bad input prints one line and exits with status 2,
writing nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from herz.cli.app import app
from herz.cli.output import OverwriteOption, checked_out, command_line
from herz.cli.progress import progress_bar
from herz.defaults import DEFAULT_SEED
from herz.engine.scenario import MAX_STEPS, apply_overrides, parse_scenario, read_toml
from herz.errors import HerzInputError

__all__ = ["parse_act", "read_policy"]

DEFAULT_OUT = "herz-audit"


def _value(text: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def parse_act(text: str, index: int = 0) -> dict[str, Any]:
    """One ``--act`` string, ``key=value`` pairs separated by commas, as a timeline entry."""
    out: dict[str, Any] = {}
    for part in text.split(","):
        key, sep, raw = part.partition("=")
        if not sep or not key.strip():
            raise HerzInputError(
                f"{part.strip()!r} is not KEY=VALUE",
                field=f"--act {index}",
                allowed="e.g. step=2,action=arm,force_class=conventional_defensive,amount=5",
            )
        out[key.strip()] = _value(raw.strip())
    return out


def read_policy(path: Path) -> list[dict[str, Any]]:
    """The ``[[policy]]`` tables of a TOML file."""
    data = read_toml(path)
    entries = data.get("policy")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise HerzInputError(
            "no [[policy]] tables", field="policy", allowed="one [[policy]] table per action",
            source=str(path),
        )
    unknown = sorted(set(data) - {"policy"})
    if unknown:
        raise HerzInputError(
            f"unknown field {unknown[0]!r}", field=unknown[0], allowed="policy", source=str(path)
        )
    return entries


@app.command(name="audit")
def audit_command(
    scenario: Annotated[str, typer.Argument(help="A scenario file or a built-in example.")],
    actor: Annotated[str, typer.Option("--actor", "-a", help="The acting state.")],
    act: Annotated[
        list[str] | None,
        typer.Option("--act", help="One action of the policy, KEY=VALUE,... (repeatable)."),
    ] = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", "-p", help="A TOML file of [[policy]] tables.")
    ] = None,
    horizon: Annotated[
        int | None,
        typer.Option("--horizon", "-t", help=f"Steps (default: the scenario's; 2 to {MAX_STEPS})."),
    ] = None,
    rival: Annotated[
        str | None,
        typer.Option("--rival", help="Purpose: security against this rival (default: overall)."),
    ] = None,
    tolerance: Annotated[
        float, typer.Option("--tolerance", help="Share of the purpose a variant may give up.")
    ] = 0.2,
    runs: Annotated[int, typer.Option("--runs", "-n", help="Paired runs per version.")] = 200,
    seed: Annotated[
        int, typer.Option("--seed", "-s", help="Seed of every paired run.")
    ] = DEFAULT_SEED,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a scenario field, PATH=VALUE (repeatable)."),
    ] = None,
    variants: Annotated[
        bool, typer.Option("--variants/--no-variants", help="Search for variants.")
    ] = True,
    max_rules: Annotated[
        int, typer.Option("--max-rules", help="Most rules a variant combines (1 to 6).")
    ] = 2,
    out_text: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Report folder, a new one or one herz wrote before "
                     "(default: herz-audit, or none with --json)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the audit as JSON.")] = False,
    overwrite: OverwriteOption = False,
) -> None:
    """Audit a policy: how it looks from each other capital, the reactions it triggers, its net
    effect on the acting state's security, and variants that alarm others less."""
    from herz.audit import Purpose, audit
    from herz.audit.core import resolve
    from herz.audit.report import to_dict, write_audit
    from herz.cli.output import echo_json

    if not 1 <= max_rules <= 6:
        raise HerzInputError(f"{max_rules}", field="--max-rules", allowed="1 to 6")
    entries = [parse_act(text, i) for i, text in enumerate(act or [])]
    if policy is not None:
        entries += read_policy(policy)
    if not entries:
        raise HerzInputError("no policy given", field="--act/--policy", allowed="1 or more")
    sc = resolve(scenario)
    target_text = out_text if out_text is not None or as_json else DEFAULT_OUT
    target = None if target_text is None else checked_out(target_text, overwrite)
    if set_:
        data = apply_overrides(sc.model_dump(mode="json"), list(set_), source=scenario)
        sc = parse_scenario(data, source=scenario)
    with progress_bar("auditing (versions run)") as bar:
        result = audit(
            sc,
            actor,
            entries,
            sc.steps if horizon is None else horizon,
            Purpose(rival=rival, tolerance=tolerance),
            runs=runs,
            rng=seed,
            variants=variants,
            max_rules=max_rules,
            progress=bar.set,
        )
    if target is not None:
        try:
            write_audit(result, target, overwrite=overwrite, command=command_line("audit"))
        except OSError as err:
            raise HerzInputError(
                f"cannot write the report: {err}", field="--out", source=str(target)
            ) from None
    if as_json:
        echo_json(to_dict(result))
        return
    import herz

    n_steps = sc.steps if horizon is None else horizon
    typer.echo(f"herz {herz.__version__}: audit of {actor}'s policy in {sc.name!r}, {runs} paired "
               f"runs x {n_steps} steps, seed {seed}")
    typer.echo(result.summaries[""])
    for view in result.others:
        typer.echo(result.summaries[view.actor])
    typer.echo(f"Report in {target}/: audit.html, audit.md, audit.json, plots/")
