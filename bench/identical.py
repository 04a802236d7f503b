"""Do two versions of the engine give the same numbers, seed for seed?

Simulates every built-in example, every case scenario and the benchmark's ring worlds
(:mod:`bench.engine`, with strategic forces) with a fixed seed, more runs than are kept and
chunks smaller than the batch, and writes every output of :func:`herz.engine.simulate.simulate`
(outcomes, series, mean, dyads, events, private types) to one ``.npz`` file. ``--compare``
checks a second file against the first with ``np.array_equal`` (NaNs equal): a refactoring
that must not change any number passes only when every array is the same, bit for bit.
``--narrowed`` accepts an array stored in single precision after double before when it equals
the old one rounded to single precision (the kept trajectories since they are stored as
float32); arrays only in the second file (new outputs) are listed, not counted as differences.

Run::

    python bench/identical.py --write before.npz      # on the old version
    python bench/identical.py --write after.npz       # on the new one
    python bench/identical.py --compare before.npz after.npz
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import ring_scenario  # noqa: E402
from herz.cases.library import case_names, case_scenario, load_case  # noqa: E402
from herz.engine.scenario import Scenario, load_scenario  # noqa: E402
from herz.engine.simulate import simulate  # noqa: E402
from herz.examples import example_path, examples  # noqa: E402


def scenarios() -> dict[str, Scenario]:
    """Every scenario the check covers, by label."""
    out = {f"example:{name}": load_scenario(example_path(name)) for name in examples()}
    out |= {f"case:{name}": case_scenario(load_case(name)) for name in case_names()}
    out |= {f"ring:{n}": ring_scenario(n, steps=25) for n in (2, 5, 12)}
    return out


def fingerprint(runs: int, keep: int, chunk: int, seed: int) -> dict[str, np.ndarray]:
    """Every output array of every scenario, keyed ``label/part/name``."""
    out: dict[str, np.ndarray] = {}
    for label, scenario in scenarios().items():
        res = simulate(scenario, runs=runs, rng=seed, keep=keep, chunk_size=chunk)
        out[f"{label}/greedy"] = res.greedy
        for part in ("outcomes", "series", "mean", "dyads", "events", "quantiles"):
            for k, v in getattr(res, part, {}).items():
                out[f"{label}/{part}/{k}"] = np.asarray(v)
    return out


def compare(a: dict[str, np.ndarray], b: dict[str, np.ndarray],
            narrowed: bool = False) -> list[str]:
    """What differs between two fingerprints (empty: identical)."""
    problems = [f"only in the first: {k}" for k in sorted(set(a) - set(b))]
    for k in sorted(set(a) & set(b)):
        x, y = a[k], b[k]
        if narrowed and x.dtype == np.float64 and y.dtype == np.float32:
            x = x.astype(np.float32)
        if x.dtype != y.dtype or x.shape != y.shape:
            problems.append(f"{k}: {x.dtype}{x.shape} against {y.dtype}{y.shape}")
        elif not np.array_equal(x, y, equal_nan=x.dtype.kind in "fc"):
            diff = np.abs(x.astype(float) - y.astype(float))
            problems.append(f"{k}: differs, largest difference {np.nanmax(diff):.3g}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the fingerprint to this .npz file")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--narrowed", action="store_true",
                        help="accept float64 before stored as float32 after, rounded equal")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--keep", type=int, default=7)
    parser.add_argument("--chunk", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    if args.write:
        arrays = fingerprint(args.runs, args.keep, args.chunk, args.seed)
        np.savez_compressed(args.write, **arrays)
        print(f"{len(arrays)} arrays written to {args.write}")
    if args.compare:
        before, after = (dict(np.load(p)) for p in args.compare)
        problems = compare(before, after, args.narrowed)
        for p in problems:
            print(p)
        new = sorted(set(after) - set(before))
        if new:
            print(f"{len(new)} new arrays (not compared), e.g. {new[0]}")
        print(f"{len(before)} arrays compared: "
              + ("identical" if not problems else f"{len(problems)} differ"))
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
