"""What a model page's Step costs, and what bands over all runs cost a saved run.

1. A model page (``/lab/<name>``) asks the server once per lever setting: ``POST /api/lab/NAME``
   simulates a seeded batch (up to 100 runs, all kept) and answers with the first run's whole
   history and the bands; Step, Go and Run to the end then reveal that history in the browser
   without another request (tests/web/test_web_teach.py checks that Step sends none). Printed:
   the time of a first answer, of the same answer again (the server's cache), and the ratio a
   page would pay if it re-ran the batch from scratch at every step instead (steps x answer).
2. A saved run folds every chunk of runs into quantile summaries (``herz.results.bands``).
   Printed: the time of ``simulate`` with and without that accumulator, and their ratio, in
   the same process.

Run::

    python bench/web_lab.py                 # spiral, 2 000 runs for the bands
    python bench/web_lab.py --model cuba-1962 --runs 5000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from herz.engine.scenario import load_scenario
from herz.engine.simulate import simulate
from herz.examples import example_path
from herz.web import Settings, create_app
from herz.web.jobs import band_accumulator


def _timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def lab_answer(model: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, \
            TestClient(create_app(Settings(data_dir=Path(tmp), reports=False))) as client:
        answer: dict[str, object] = {}

        def ask() -> None:
            resp = client.post(f"/api/lab/{model}", json={"seed": 1})
            resp.raise_for_status()
            answer.update(resp.json())

        first = _timed(ask)
        again = _timed(ask)
        steps = int(answer["steps"])  # type: ignore[call-overload]
        print(f"lab {model}: {answer['runs']} runs x {steps} steps")
        print(f"  first answer {first * 1000:.0f} ms; "
              f"the same again (cached) {again * 1000:.1f} ms")
        print(f"  Step / Go: no request (0 ms on the server); re-running at every step would "
              f"cost {steps} x {first * 1000:.0f} ms = {steps * first:.1f} s for one history "
              f"({steps}x the one answer)")


def bands_cost(runs: int) -> None:
    scenario = load_scenario(example_path("spiral"))
    plain = _timed(lambda: simulate(scenario, runs, rng=0))
    acc = band_accumulator(len(scenario.actors), scenario.steps)
    with_bands = _timed(lambda: (simulate(scenario, runs, rng=0, on_chunk=acc.add),
                                 acc.quantiles()))
    print(f"bands over all {runs} runs of spiral: simulate {plain:.2f} s, with the accumulator "
          f"{with_bands:.2f} s (x{with_bands / plain:.2f}; resolution {acc.resolution}, "
          f"rank error {acc.rank_error:.4f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="spiral")
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    lab_answer(args.model)
    bands_cost(args.runs)


if __name__ == "__main__":
    main()
