"""What a model page's Step costs.

1. A model page (``/lab/<name>``) asks the server once per lever setting: ``POST /api/lab/NAME``
   simulates a seeded batch (up to 100 runs, all kept) and answers with the first run's whole
   history and the bands; Step, Go and Run to the end then reveal that history in the browser
   without another request (tests/web/test_web_teach.py checks that Step sends none). Printed:
   the time of a first answer, of the same answer again (the server's cache), and the ratio a
   page would pay if it re-ran the batch from scratch at every step instead (steps x answer).
(What the engine's quantiles over all runs cost a batch is measured by ``bench/engine.py``.)

Run::

    python bench/web_lab.py                 # spiral
    python bench/web_lab.py --model cuba-1962
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from herz.web import Settings, create_app


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="spiral")
    args = parser.parse_args()
    lab_answer(args.model)


if __name__ == "__main__":
    main()
