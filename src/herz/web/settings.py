"""Server settings: where saved runs live and the limits that protect the server from abuse.

Every request that makes the server compute is capped here (runs, steps, actors, kept runs, the
total work of a batch, the queue of waiting jobs, the size of a request body), so a public
``herz serve`` cannot be asked for more than its operator allows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from herz.engine.backend import check_backend
from herz.errors import HerzInputError

__all__ = ["DEFAULT_DATA", "Settings"]

#: The data directory of ``herz serve`` when ``--data`` is not given.
DEFAULT_DATA = Path("herz-data")


@dataclass(frozen=True)
class Settings:
    """Where the server keeps its data and how much one request may ask for.

    ``max_work`` caps runs x steps x actors^2, the engine's cost of a batch (its pairwise
    arrays grow with the square of the number of actors). A sweep costs
    ``points x (runs x steps x actors^2 + point_work)``: ``point_work`` counts the fixed cost of
    one design point (building its scenario, starting the engine, writing its row), so a sweep
    of a million one-step points is not free. ``max_points`` caps a sweep's design before it
    is sampled; ``max_sweep_checks`` caps the values of a sweep file that must each be checked
    against the scenario (strings and booleans; numbers are checked at their extremes).
    ``query_seconds`` is the wall-clock limit of one SQL query over a sweep.
    """

    data_dir: Path = field(default_factory=lambda: DEFAULT_DATA)
    max_runs: int = 5000
    max_steps: int = 500
    max_actors: int = 30
    max_keep: int = 50
    max_work: int = 40_000_000
    max_points: int = 5000
    point_work: int = 5000
    max_sweep_checks: int = 200
    query_seconds: float = 5.0
    max_queue: int = 8
    max_saved_runs: int = 1000
    max_body_bytes: int = 512 * 1024
    workers: int = 1
    reports: bool = True
    #: What computes the runs (:mod:`herz.engine.backend`): numpy, or numba (the fused step).
    backend: str = "numpy"

    def __post_init__(self) -> None:
        for name in ("max_runs", "max_steps", "max_actors", "max_keep", "max_work", "max_queue",
                     "max_saved_runs", "max_body_bytes", "workers", "max_points", "point_work",
                     "max_sweep_checks"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise HerzInputError(f"{value!r}", field=name, allowed="an integer >= 1")
        check_backend(self.backend, field="backend")
        if not isinstance(self.query_seconds, int | float) or not self.query_seconds > 0:
            raise HerzInputError(f"{self.query_seconds!r}", field="query_seconds",
                                 allowed="a number of seconds > 0")
        object.__setattr__(self, "data_dir", Path(self.data_dir).resolve())

    def limits(self) -> dict[str, int | float]:
        """The limits as a JSON-ready dict (``GET /api/limits``)."""
        return {
            "max_runs": self.max_runs,
            "max_steps": self.max_steps,
            "max_actors": self.max_actors,
            "max_keep": self.max_keep,
            "max_work": self.max_work,
            "max_points": self.max_points,
            "point_work": self.point_work,
            "max_sweep_checks": self.max_sweep_checks,
            "query_seconds": self.query_seconds,
            "max_queue": self.max_queue,
            "max_saved_runs": self.max_saved_runs,
            "max_body_bytes": self.max_body_bytes,
        }
