"""Fit the global event rates on the record up to 1993 and write them into every case (a
maintainer's tool).

Usage: ``python scripts/record_event_rates.py [--runs 200] [--seed 0] [--max-evals 150]``
or ``... --score-only`` to re-score the recorded values (after the cases' spending fits were
re-recorded, which moves the predictions a little) without fitting again.

Runs :func:`herz.cases.event_rates.fit_event_rates` on the training cases (all years before
1994), then

* writes ``src/herz/cases/event_rates.toml``: the fitted values, the score before and after,
  the pooled and per-case scores with bootstrap intervals, and the command that reproduces it;
* sets each fitted ``world.<field>`` in every case's scenario file (keeping comments), so the
  post-1993 cases use the rates fitted on history without ever being scored against it.

The spending fits of the cases depend a little on the event rates: re-record them afterwards
(``python scripts/record_calibration.py NAME ...``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from record_calibration import _set_field  # type: ignore[import-not-found]

import herz.cases
from herz.cases import case_names, load_case
from herz.cases.event_rates import (
    TRAINING,
    EventFit,
    fit_event_rates,
    recorded_event_rates,
    score_event_rates,
)

ROOT = Path(herz.cases.__file__).resolve().parent


def _toml_value(value: object) -> str:
    if value is None:
        return '"none"'
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:.6g}"
    return json.dumps(value)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-evals", type=int, default=150)
    ap.add_argument("--score-only", action="store_true")
    args = ap.parse_args()
    if args.score_only:
        old = recorded_event_rates()
        values = dict(old["values"])
        score, pooled, per_case = score_event_rates(values, args.runs, args.seed, bootstrap=1000)
        fit = EventFit(values=values, brier_prior=float(old["score_prior"]), brier=score,
                       pooled=pooled, per_case=per_case, evaluations=0, runs=args.runs,
                       seed=args.seed)
    else:
        fit = fit_event_rates(runs=args.runs, seed=args.seed, max_evals=args.max_evals)
    command = (f"python scripts/record_event_rates.py --runs {args.runs} --seed {args.seed} "
               + ("--score-only" if args.score_only else f"--max-evals {args.max_evals}"))
    lines = [
        "# Global event rates fitted on the record up to 1993 (herz.cases.event_rates).",
        f"# Written by `{command}`: training cases {', '.join(TRAINING)}; Brier score of",
        "# dispute (level >= 2) and war onsets per dyad-year, own acts only, "
        f"{fit.brier_prior:.4f} at the",
        f"# defaults, {fit.brier:.4f} at the fitted values"
        + (" (re-scored after the spending fits)" if args.score_only
           else f" ({fit.evaluations} evaluations)")
        + ". Post-1993 cases use these rates",
        "# and are never scored against dispute data.",
        f"values = {_toml_value(fit.values)}",
        f"score_prior = {fit.brier_prior:.6g}",
        f"score = {fit.brier:.6g}",
        f"runs = {args.runs}",
        f"seed = {args.seed}",
        f"command = {json.dumps(command)}",
        "",
        "[pooled]",
        *(f"{k} = {_toml_value(v)}" for k, v in fit.pooled.items()),
    ]
    for name, scores in fit.per_case.items():
        for level, s in scores.items():
            lines += ["", f'[cases."{name}".{level}]',
                      *(f"{k} = {_toml_value(v)}" for k, v in s.items())]
    (ROOT / "event_rates.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    if args.score_only:
        print(json.dumps({"score": fit.brier, "pooled": fit.pooled}, indent=1))
        return
    for name in case_names():
        path = ROOT / load_case(name).meta.scenario
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for key, value in fit.values.items():
            text = _set_field(text, "[world]", None, key.split(".")[1], repr(value),
                              "fitted on disputes and wars up to 1993: event_rates.toml")
        path.write_text("".join(text), encoding="utf-8")
    print(json.dumps({"values": fit.values, "score_prior": fit.brier_prior, "score": fit.brier,
                      "pooled": fit.pooled}, indent=1))


if __name__ == "__main__":
    main()
