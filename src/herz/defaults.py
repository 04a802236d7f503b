"""Defaults shared by the Python API and the command line, so that they agree.

* :data:`DEFAULT_SEED`: the seed of every stochastic command and function that takes one.
* :data:`DEFAULT_KEEP`: how many runs of a batch keep their whole trajectories and event logs
  (``keep`` of :func:`herz.engine.simulate.simulate`, ``--keep`` of ``herz run``); the other
  runs still count in every outcome, interval and mean.
"""

from __future__ import annotations

__all__ = ["DEFAULT_KEEP", "DEFAULT_SEED"]

DEFAULT_SEED = 0
DEFAULT_KEEP = 50
