"""Regenerate docs/reference/mechanisms.md: the mechanisms table at full scale.

Usage: ``python scripts/mechanisms_table.py [--runs 400] [--seed 0]``

Runs every experiment of :mod:`herz.mechanisms` (the same as ``herz mechanisms``) and writes
the page: what the experiments are, how to read the table, and the table itself with the herz
version, runs and seed that produced it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from herz import __version__
from herz.mechanisms import DEFAULT_RUNS, DEFAULT_SEED, EXPERIMENTS, run_experiments

PAGE = Path(__file__).resolve().parent.parent / "docs" / "reference" / "mechanisms.md"

INTRO = """\
# Mechanisms: one paired experiment each

`herz mechanisms` checks that every mechanism of the security dilemma that herz claims to
represent comes out of the general rules of the engine. For each mechanism it runs one or more
paired experiments: two versions of one world (a built-in example with `--set`-style
overrides) that differ only in one lever, each run {runs} times with the same seed, so run *i*
of the world with the lever on and run *i* of the world with it off draw the same random
numbers (common random numbers). The experiments are declared as data in
`herz.mechanisms.experiments`; `herz.mechanisms.run` runs and judges them.

How to read the table:

- **effect**: the mean over runs of the paired difference of the outcome, lever on minus lever
  off, with its 95% interval (Student's t on the paired differences).
- **expected**: the sign the mechanism predicts. Where the claim is about size, the effect must
  also clear a threshold: "+, beyond 0.5" means the interval must lie above 0.5.
- **verdict**: `ok` when the interval lies wholly beyond the threshold (0 for most) on the
  expected side; `wrong-sign` when it lies wholly on the other side of 0; `null` otherwise (it
  contains 0, or it does not clear the threshold). `herz mechanisms` exits with status 1 unless
  every experiment is `ok`.

Mechanism 12 ("who started it?") is read off the causal event log. Its outcome is the share of
one side's arming surges after step 0 whose logged cause, the side's own account, is an earlier
escalation by the other; its lever is whether the other escalates at all (its own rule, or
passive: it only replaces its forces). Where the other never escalates the share is about 0, so
the effect is about the share itself, and it must be a majority (beyond 0.5). The first arming
of each side cites nothing: at step 0 no one had escalated (see `tests/engine/test_behaviour.py`).

Experiment 5c runs in a crisis-prone world where a nuclear retaliation costs a tenth of the
default (`world.retaliation_cost = 0.2`): at the default, retaliation alone makes every war
prohibitive, with or without first-strike forces, and no preemptive war happens in either arm.

Sources, as cited in the engine: Herz 1950; Jervis 1976 (ch. 3), 1978; Butterfield 1951; Kydd
1997, 2005; Glaser 1997, 2010; Slovic 1993; Kent and Thaler 1989; Glaser 1990; Schelling 1960;
Sagan 1985; Fearon 1995; Powell 2006 (see the [bibliography](bibliography.md)).

Regenerate this page with `python scripts/mechanisms_table.py` (full scale: {runs} runs per
arm, seed {seed}); CI runs `herz mechanisms --runs 150`.

"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main() -> None:
    parser = argparse.ArgumentParser(description="Regenerate docs/reference/mechanisms.md.")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=PAGE)
    args = parser.parse_args()
    results = run_experiments(EXPERIMENTS, runs=args.runs, seed=args.seed)
    lines = [INTRO.format(runs=args.runs, seed=args.seed)]
    lines.append(f"herz {__version__}, {args.runs} runs per arm, seed {args.seed}.\n")
    lines.append("| exp | mechanism | lever | outcome | off | on | effect [95% CI] | expected "
                 "| verdict |")
    lines.append("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        sign = "+" if r.expected > 0 else "−"
        expected = f"{sign}, beyond {r.threshold:g}" if r.threshold else sign
        lines.append(
            f"| {r.key} | {_cell(r.mechanism)} | {_cell(r.lever)} | {_cell(r.outcome)} "
            f"| {r.mean_off:.3g} | {r.mean_on:.3g} "
            f"| {r.effect:.3g} [{r.low:.3g}, {r.high:.3g}] | {expected} | `{r.verdict}` |"
        )
    bad = [r.key for r in results if r.verdict != "ok"]
    lines.append("")
    lines.append(f"{len(results) - len(bad)} of {len(results)} experiments `ok`"
                 + (f"; not ok: {', '.join(bad)}." if bad else "."))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
