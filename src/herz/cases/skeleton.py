"""A documented skeleton of a case of one's own (``herz case new NAME``).

:func:`write_skeleton` writes three files into a folder, none of which may exist yet:

* ``<file>.case.toml``, the metadata (:class:`herz.cases.spec.CaseMeta`), every section
  commented: the actors and where their spending comes from, their standard codes, the
  parameters with priors, ranges and reasons, the calibration record, the counterfactuals;
* ``<file>.toml``, the scenario in the engine's schema, its initial GDP, growth and forces built
  from the spending file by :func:`herz.cases.derived_initial` (as the library's are);
* ``<file>_spending.csv``, an example spending file in the layout of
  :data:`herz.cases.spec.SPENDING_COLUMNS`, whose numbers are placeholders and say so.

The skeleton loads, shows, runs, calibrates and branches as written, so that a researcher
replaces one thing at a time and checks it with ``herz case show``. Nothing in it is data: the
spending file's header comment, the ``citation`` and every note call the numbers examples.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from herz.cases.library import CASE_SUFFIX, Case, _parse_meta, derived_initial
from herz.errors import HerzInputError

__all__ = ["SkeletonActor", "parse_actors", "skeleton_files", "write_skeleton"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
#: The example spending file: first-year spending and GDP (GDP units), and yearly growth.
_SPENDING, _GDP, _GROWTH = 10.0, 500.0, 0.02


@dataclass(frozen=True)
class SkeletonActor:
    """An actor of the skeleton: its name and, where given, its COW code and ISO alpha-3."""

    name: str
    ccode: int | None = None
    iso3: str | None = None


def parse_actors(text: str) -> list[SkeletonActor]:
    """``"A,B"`` or ``"United States:2:USA,Russia:365:RUS"``: names, each with an optional COW
    code and ISO 3166-1 alpha-3 code after colons."""
    actors: list[SkeletonActor] = []
    for item in text.split(","):
        parts = [p.strip() for p in item.split(":")]
        name = parts[0]
        if not name or len(parts) > 3 or len(name) > 60 or not name.isprintable() or '"' in name:
            raise HerzInputError(
                f"{item.strip()!r}", field="--actors",
                allowed="NAME or NAME:CCODE:ISO3, comma-separated, e.g. 'Red,Blue' or "
                "'United States:2:USA,Russia:365:RUS' (names of at most 60 printable characters)",
            )
        ccode: int | None = None
        iso3: str | None = None
        if len(parts) >= 2:
            if not parts[1].isdigit() or not 2 <= int(parts[1]) <= 999:
                raise HerzInputError(f"{parts[1]!r} for {name}", field="--actors",
                                     allowed="a COW state code, 2 to 999")
            ccode = int(parts[1])
        if len(parts) == 3:
            if not _ISO3.match(parts[2]):
                raise HerzInputError(f"{parts[2]!r} for {name}", field="--actors",
                                     allowed="an ISO 3166-1 alpha-3 code, e.g. USA")
            iso3 = parts[2]
        actors.append(SkeletonActor(name, ccode, iso3))
    names = [a.name for a in actors]
    if len(actors) < 2 or len(set(names)) != len(names):
        raise HerzInputError(", ".join(names), field="--actors",
                             allowed="two or more different names")
    return actors


def _q(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's for printable text)."""
    return json.dumps(text, ensure_ascii=False)


def skeleton_files(name: str) -> tuple[str, str, str]:
    """The file names of case ``name``: case file, scenario, spending CSV."""
    stem = name.replace("-", "_")
    return f"{stem}{CASE_SUFFIX}", f"{stem}.toml", f"{stem}_spending.csv"


def _spending_csv(actors: Sequence[SkeletonActor], start: int, years: int) -> str:
    lines = [
        "# EXAMPLE NUMBERS, NOT DATA: replace every row with your own series and cite its source",
        "# in the case file's observed.citation. Columns: series (what actors.series names), year,",
        "# spending and gdp (optional) in one unit; observed.scale converts it to the GDP unit.",
        "series,year,spending,gdp",
    ]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for a in actors:
        for t in range(years):
            f = (1.0 + _GROWTH) ** t
            writer.writerow([a.name, start + t, f"{_SPENDING * f:.4f}", f"{_GDP * f:.4f}"])
    return "\n".join(lines) + "\n" + buf.getvalue()


def _case_toml(name: str, files: tuple[str, str, str], actors: Sequence[SkeletonActor],
               start: int, last: int) -> str:
    case_file, scenario, spending = files
    first, second = actors[0].name, actors[1].name
    out = [f"""\
# Case `{name}`: the metadata of a herz case (schema herz.cases.spec.CaseMeta; the how-to is
# docs/howto/add-a-case.md). Written by `herz case new {name}`: every value is a placeholder
# to replace, with its source. Check each change with `herz case show ./{case_file}`.

name = {_q(name)}  # lower-case letters, digits, hyphens; the scenario's `name` is the same
title = "Replace with a one-line title"
question = "Replace with the question the case asks, e.g. did the alliance tighten the spiral?"
scenario = {_q(scenario)}  # the scenario file, beside this one (schema: `herz schema`)
datasets = []  # packaged data sets the case uses, for `herz cite` (`herz cite --data` lists them)

# The observed military spending the case is calibrated against and its initial GDP, growth
# and forces are built from. Here a CSV of your own beside this file, columns series, year,
# spending and optionally gdp (lines starting with # are comments). Instead of file and
# citation, a packaged data set: dataset = "sipri_cases" (SIPRI, with GDP) or "nmc_cases".
[observed]
file = {_q(spending)}
citation = "EXAMPLE NUMBERS, NOT DATA: replace with your source (author, year, title, version)."
unit = "billion US$"  # the scenario's GDP unit
scale = 1.0  # multiplier from the file's unit to the GDP unit
first_year = {start}  # initial values come from this year's row
last_year = {last}  # the calibration window ends here (inclusive)
"""]
    out.append("""\
# Where each actor's spending comes from: the `series` of the spending file (an aggregate
# actor sums several). Without GDP in the data, state a defence burden instead:
# burden = 0.03, burden_range = [0.02, 0.04], why = "the source of the number".""")
    for a in actors:
        out.append(f"[[actors]]\nname = {_q(a.name)}\nseries = [{_q(a.name)}]\n")
    out.append("""\
# Standard codes of every actor, to join the outputs (dyads.parquet) to other data and to
# score `herz case backtest`: kind "state" with one Correlates of War ccode (State System
# Membership v2016) and its ISO 3166-1 alpha-3 code; "aggregate" with its members' codes;
# "non-state" with none; "unknown" until you fill them in (backtests leave such pairs out).
# `herz case new NAME --actors "United States:2:USA,Russia:365:RUS"` fills them in.""")
    for a in actors:
        if a.ccode is None:
            out.append(f'[[codes]]\nactor = {_q(a.name)}\nkind = "unknown"\n'
                       'why = "codes not filled in yet: kind = \\"state\\", ccode = [COW code], '
                       'iso3 = [\\"ABC\\"]"\n')
        else:
            iso = f"\niso3 = [{_q(a.iso3)}]" if a.iso3 else ""
            out.append(f'[[codes]]\nactor = {_q(a.name)}\nkind = "state"\n'
                       f"ccode = [{a.ccode}]{iso}\n")
    out.append("""\
# Parameters: every judgement with a prior, a plausible range and a reason (with its source);
# `calibrate = true` marks the few that `herz case calibrate` fits to spending (never to wars
# or crises). The scenario holds the value the case runs on. Spending floors
# (min_budget_share, below the lowest observed burden: herz.cases.lowest_burden) and a small
# state's cost_sensitivity are declared the same way (how-to, section 4).""")
    for a in actors:
        out.append(f"""[[parameters]]
path = {_q(f"actors.{a.name}.target_security")}
prior = 0.6
low = 0.4
high = 0.85
calibrate = true
why = "The security level it seeks: unobserved, so fitted to spending. Replace with your reason."
""")
    out.append(f"""[[parameters]]
path = {_q(f"actors.{first}.p_greedy")}
prior = 0.2
low = 0.05
high = 0.5
why = "The chance that it is greedy (revisionist). Replace with the sources of your prior."

# The record of `herz case calibrate ./{case_file} --runs 64 --seed 0`: copy the fitted
# values into the scenario and record them here (`herz case show` prints them beside the
# priors). Leave it out until you have calibrated.
# [calibration]
# values = {{ "actors.{first}.target_security" = 0.6 }}
# rmse = 0.25  # RMSE of log spending of the calibrated case
# seed = 0
# runs = 64
# command = "herz case calibrate ./{case_file} --runs 64 --seed 0"

# Pairs within reach of each other (politically relevant dyads), each with its basis
# ("contiguity" or "reach"), reason and source; list the same pairs as the scenario's
# `contacts`. Left out, every pair can clash.
# [[contacts]]
# pair = [{_q(first)}, {_q(second)}]
# basis = "contiguity"
# why = "A land border (COW class 1)."
# source = "Stinnett et al. (2002), COW Direct Contiguity v3.0"

# Counterfactual branches, each run beside the factual history with `herz case run -c NAME`:
# `remove` drops the timeline entries its fields match, `add` appends entries, `set` changes
# fields (as `--set PATH=VALUE`); nothing else changes.
[[counterfactuals]]
name = "no-buildup"
description = "{first} does not make the example build-up of {start + 2} (replace)."
remove = [{{ year = {start + 2}, actor = {_q(first)}, action = "arm" }}]

[[counterfactuals]]
name = "empathy"
description = "{first} models how its own arming looks from {second}'s capital."
set = [{_q(f"actors.{first}.empathy=0.9")}]
""")
    return "\n".join(out)


def _scenario_toml(name: str, files: tuple[str, str, str], actors: Sequence[SkeletonActor],
                   start: int, steps: int, initial: dict[str, dict[str, Any]],
                   rates: dict[str, float]) -> str:
    case_file = files[0]
    first = actors[0].name
    world = "\n".join(f"{k.split('.', 1)[1]} = {v:g}" for k, v in rates.items())
    out = [f"""\
# Case `{name}`: the scenario, in the engine's own schema (`herz schema`; field by field:
# docs/howto/write-a-scenario.md). Its metadata is {case_file}. gdp, growth and forces were
# built from the spending file (`herz case show ./{case_file} --json` prints them as
# derived_initial: the steady-state stock that first-year spending maintains); rebuild them
# when you replace the data.
name = {_q(name)}
description = "Replace with one line."
start_year = {start}
step_years = 1  # years per step
steps = {steps}
# contacts = [[{_q(first)}, {_q(actors[1].name)}]]  # pairs that can clash; left out: every pair

[world]
# The event rates fitted on disputes and wars up to 1993, as the library's cases use them
# (herz/cases/event_rates.toml); other world fields: `herz schema`.
{world}
# offense_dominance = 0.5  # Jervis (1978): 0 defence dominates, 1 offence dominates
# distinguishability = 0.5  # can defensive forces be told apart from offensive ones?

# Alliances and agreements in force at the start, e.g.
# [[alliances]]
# name = "Pact"
# members = [{_q(first)}, "..."]
"""]
    for a in actors:
        d = initial[a.name]
        forces = ", ".join(f"{k} = {v:.6g}" for k, v in d["forces"].items())
        growth = d["growth"] if d["growth"] is not None else _GROWTH
        out.append(f"""[[actors]]
name = {_q(a.name)}
gdp = {d["gdp"]:.6g}
growth = {growth:.4f}
p_greedy = 0.2  # chance it is greedy, drawn per run (or motive = "security" / "greedy")
target_security = 0.6  # calibrated (see the case file's parameters)
empathy = 0.5  # how well it sees how its own moves look to others
forces = {{ {forces} }}
""")
    amount = float(initial[first]["spending"]) * 0.5
    out.append(f"""\
# The timeline: real acts, each with its year, a note stating any judgement (a deployment's
# size, a sanction's intensity) with its range, and its source.
[[timeline]]
year = {start + 2}
actor = {_q(first)}
action = "arm"
force_class = "conventional_offensive"
amount = {amount:.4g}  # GDP units
note = "EXAMPLE ENTRY: replace with a real act and its size."
source = "Replace with the act's source."
""")
    return "\n".join(out)


def write_skeleton(
    name: str,
    folder: str | Path = ".",
    actors: Sequence[SkeletonActor] | None = None,
    start: int = 2000,
    steps: int = 10,
) -> list[Path]:
    """Write the skeleton of case ``name`` into ``folder`` (module docstring); return the files.

    Refuses, before writing anything, a bad name, fewer than two actors, or any of the three
    files already existing (nothing is ever overwritten).
    """
    from herz.cases.event_rates import recorded_event_rates

    if not _NAME.match(name):
        raise HerzInputError(f"{name!r}", field="NAME",
                             allowed="lower-case letters, digits and hyphens, e.g. my-case")
    if not 1 <= steps <= 200 or not -3000 <= start <= 3000:
        raise HerzInputError(f"start {start}, {steps} steps", field="--start/--steps",
                             allowed="a year in -3000..3000 and 1 to 200 steps")
    actors = list(actors) if actors is not None else parse_actors("Red,Blue")
    if len(actors) < 2:
        raise HerzInputError("fewer than two actors", field="--actors", allowed="two or more")
    root = Path(folder)
    files = skeleton_files(name)
    paths = [root / f for f in files]
    for p in paths:
        if p.exists() or p.is_symlink():
            raise HerzInputError("exists; herz case new never overwrites a file", source=str(p),
                                 allowed="a new NAME or another --dir")
    if root.exists() and not root.is_dir():
        raise HerzInputError("is not a folder", field="--dir", source=str(root))
    last = start + steps - 1
    case_text = _case_toml(name, files, actors, start, last)
    meta = _parse_meta(case_text, files[0])  # the skeleton must satisfy its own schema
    written: list[Path] = []
    try:
        root.mkdir(parents=True, exist_ok=True)
        _create(paths[2], _spending_csv(actors, start, steps), written)
        _create(paths[0], case_text, written)
        # The initial values come from the function the library's cases are checked with.
        probe = Case(meta=meta, data={"actors": [{"name": a.name} for a in actors]},
                     source=str(paths[1]), file=str(paths[0]), folder=root, packaged=False)
        initial = derived_initial(probe)
        rates = recorded_event_rates()["values"]
        _create(paths[1], _scenario_toml(name, files, actors, start, steps, initial, rates),
                written)
    except BaseException:
        for path in written:  # only what this call created
            path.unlink(missing_ok=True)
        raise
    return written


def _create(path: Path, text: str, written: list[Path]) -> None:
    """Write a new file (mode "x": an existing one is never replaced)."""
    try:
        with path.open("x", encoding="utf-8") as handle:
            written.append(path)
            handle.write(text)
    except FileExistsError:
        raise HerzInputError("exists; herz case new never overwrites a file",
                             source=str(path)) from None
    except OSError as err:
        raise HerzInputError(f"cannot write: {err.strerror or err}", field="--dir",
                             source=str(path)) from None
