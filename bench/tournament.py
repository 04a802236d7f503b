"""Speed of herz's vectorised tournament against the axelrod package's, in one process.

The same round robin (self-play included) of eight memory-one strategies, 1% implementation
noise, by default 200 rounds x 20 repetitions. herz simulates every match and repetition at once
with numpy; axelrod plays the matches one by one in Python (``processes=0``: one process, as herz).
Prints both wall-clock times (best of several runs), the ratio, and the largest difference
between the two mean payoff matrices in standard errors, to show that both ran the same
tournament.

Needs the ``oracle`` extra (``pip install axelrod==4.13.1``). Run::

    python bench/tournament.py [--turns 200] [--repetitions 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from herz.models.iterated import Noise, Payoffs, tournament
from herz.models.iterated_strategies import (
    always_cooperate,
    always_defect,
    generous_tit_for_tat,
    memory_one,
    tit_for_tat,
    win_stay_lose_shift,
    zd_extortion,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--repetitions", type=int, default=20)
    parser.add_argument("--noise", type=float, default=0.01)
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs each")
    args = parser.parse_args()

    import axelrod as axl  # slow import, kept out of the timings

    four = {"Grim (memory-one)": (1.0, 0.0, 0.0, 0.0), "FirmButFair": (1.0, 0.0, 1.0, 2 / 3)}
    herz_field = [tit_for_tat(), generous_tit_for_tat(1 / 3), win_stay_lose_shift(),
                  always_cooperate(), always_defect(), zd_extortion(2.0, 1 / 18, 3, 0, 5, 1),
                  memory_one(four["Grim (memory-one)"], 1.0, "GRIM1"),
                  memory_one(four["FirmButFair"], 1.0, "FBF")]

    def axl_players() -> list[object]:
        return [axl.TitForTat(), axl.GTFT(), axl.WinStayLoseShift(), axl.Cooperator(),
                axl.Defector(), axl.ZDExtort2(),
                axl.MemoryOnePlayer(four_vector=four["Grim (memory-one)"], initial=axl.Action.C),
                axl.FirmButFair()]

    turns, reps, noise = args.turns, args.repetitions, Noise(args.noise)
    tournament(herz_field, turns, reps, Payoffs(), noise, rng=0)  # warm-up
    herz_times, axl_times = [], []
    for run in range(args.runs):
        start = time.perf_counter()
        ours = tournament(herz_field, turns, reps, Payoffs(), noise, rng=run)
        herz_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        theirs = axl.Tournament(axl_players(), turns=turns, repetitions=reps,
                                noise=args.noise, seed=run).play(progress_bar=False,
                                                                 processes=0)
        axl_times.append(time.perf_counter() - start)

    t_herz, t_axl = min(herz_times), min(axl_times)
    se = np.sqrt(ours.payoffs.var(axis=0, ddof=1) / reps
                 + (np.array(theirs.payoff_stddevs) ** 2) / reps)
    z = np.abs(ours.payoff_matrix - np.array(theirs.payoff_matrix)) / np.maximum(se, 1e-12)
    print(f"Tournament: 8 memory-one strategies, {turns} rounds x {reps} repetitions, "
          f"noise {args.noise} (36 matches per repetition); best of {args.runs} runs")
    print(f"  herz (numpy, vectorised): {t_herz * 1e3:9.1f} ms")
    print(f"  axelrod 4.13.1 (Python) : {t_axl * 1e3:9.1f} ms")
    print(f"  speed ratio axelrod/herz: {t_axl / t_herz:9.1f}x")
    print(f"  largest |herz - axelrod| in standard errors over the payoff matrix: {z.max():.2f}"
          f" (expected below about {math.sqrt(2 * math.log(64)) + 1:.1f})")


if __name__ == "__main__":
    main()
