"""Gymnasium spaces of one agent, and the conversions between them and the engine.

Observation (a :class:`gymnasium.spaces.Dict`; N actors in scenario order, K force classes;
all ``float32``; ``gymnasium.spaces.flatten`` gives a flat vector in the keys' sorted order):

===================  =======  ============================================================
key                  shape    meaning
===================  =======  ============================================================
step                 (1,)     steps taken
greedy               (1,)     1 if its own (private) motive is greedy
gdp                  (1,)     its GDP
budget               (3,)     least and most it may spend on forces, and the upkeep of its
                              forces (GDP units)
forces               (K,)     its own forces by class
security             (1,)     the security it perceives, in [0, 1]
belief               (N,)     its belief that each other state is greedy
observed_offense     (N,)     its noisy estimate of each other state's offence
threat               (N,)     the threat it perceives from each
victory              (N,)     its chance of winning a war it starts on each
first_strike         (N,)     its first-strike incentive against each
ally                 (N,)     1 for its allies
hotline              (N,)     1 where it has a hotline
statements           (N,)     1 where the other explained itself to it last step
deployed_against     (N,)     each other's forward deployment against it
sanctioned_by        (N,)     each other's sanctions on it
events               (E,)     events it saw last step, in the order of
                              :data:`herz.env.core.EVENT_FEATURES`
legal                Dict     per target part (deploy ... statement) an (N,) 0/1 mask of the
                              states it may use that part against (:mod:`herz.policies.orders`)
===================  =======  ============================================================

Entries about itself (its own column) are 0. Actions (a :class:`~gymnasium.spaces.Dict`):
``spend`` (1,) share of GDP bounded by its budget shares; ``alert`` and ``concession`` (1,) in
[0, 1]; ``deploy``, ``sanction``, ``covert`` (N,) intensities in [0, 1]; ``attack``,
``coerce``, ``ally``, ``hotline`` ``MultiBinary(N)``; ``statement`` ``MultiDiscrete([3] * N)``
(0 none, 1 honest, 2 bogus). Illegal parts are dropped and counted in ``info["illegal"]``;
a missing key means "none" (and a missing ``spend`` spends the least allowed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from gymnasium import spaces

from herz.engine.state import Observation
from herz.env.core import EVENT_FEATURES
from herz.policies.orders import TARGETS, Orders

__all__ = ["action_space", "features", "observation_space", "orders_from_actions"]

_F = np.float32
_INF = np.inf
_PER_OTHER = {
    "belief": (0.0, 1.0),
    "observed_offense": (0.0, _INF),
    "threat": (-_INF, _INF),
    "victory": (0.0, 1.0),
    "first_strike": (-_INF, _INF),
    "ally": (0.0, 1.0),
    "hotline": (0.0, 1.0),
    "statements": (0.0, 1.0),
    "deployed_against": (0.0, _INF),
    "sanctioned_by": (0.0, _INF),
}


def _box(low: float, high: float, size: int) -> spaces.Box:
    return spaces.Box(low=low, high=high, shape=(size,), dtype=_F)


def observation_space(n: int, k: int, max_steps: int) -> spaces.Dict:
    """The observation space of an agent among ``n`` actors with ``k`` force classes."""
    entries: dict[str, spaces.Space[Any]] = {
        "step": _box(0.0, float(max_steps), 1),
        "greedy": _box(0.0, 1.0, 1),
        "gdp": _box(0.0, _INF, 1),
        "budget": _box(0.0, _INF, 3),
        "forces": _box(0.0, _INF, k),
        "security": _box(0.0, 1.0, 1),
        "events": _box(0.0, _INF, len(EVENT_FEATURES)),
        "legal": spaces.Dict({name: spaces.MultiBinary(n) for name in TARGETS}),
    }
    for name, (low, high) in _PER_OTHER.items():
        entries[name] = _box(low, high, n)
    return spaces.Dict(entries)


def action_space(n: int, min_share: float, max_share: float) -> spaces.Dict:
    """The action space of an agent among ``n`` actors with the given budget shares."""
    return spaces.Dict(
        {
            "spend": spaces.Box(low=np.float32(min_share), high=np.float32(max_share),
                                shape=(1,), dtype=_F),
            "alert": _box(0.0, 1.0, 1),
            "concession": _box(0.0, 1.0, 1),
            "deploy": _box(0.0, 1.0, n),
            "sanction": _box(0.0, 1.0, n),
            "covert": _box(0.0, 1.0, n),
            "attack": spaces.MultiBinary(n),
            "coerce": spaces.MultiBinary(n),
            "ally": spaces.MultiBinary(n),
            "hotline": spaces.MultiBinary(n),
            "statement": spaces.MultiDiscrete(np.full(n, 3)),
        }
    )


def features(
    obs: Observation, seen: Mapping[str, np.ndarray], legal: Mapping[str, np.ndarray]
) -> dict[str, Any]:
    """The observation of every world, each entry with a leading axis of length R."""
    i = obs.actor
    r = obs.gdp.shape[0]

    def col(x: np.ndarray) -> np.ndarray:
        return np.asarray(x, dtype=_F).reshape(r, 1)

    def row(x: np.ndarray) -> np.ndarray:
        out = np.array(x, dtype=_F).reshape(r, -1)
        out[:, i] = 0.0
        return out

    out: dict[str, Any] = {
        "step": np.full((r, 1), obs.step, dtype=_F),
        "greedy": col(obs.greedy),
        "gdp": col(obs.gdp),
        "budget": np.stack([obs.min_spend, obs.max_spend, obs.upkeep], axis=1).astype(_F),
        "forces": np.asarray(obs.forces, dtype=_F),
        "security": np.clip(col(obs.security), 0.0, 1.0),
        "events": np.stack([seen[k] for k in EVENT_FEATURES], axis=1).astype(_F),
        "legal": {k: np.asarray(legal[k], dtype=np.int8) for k in TARGETS},
    }
    for name in _PER_OTHER:
        out[name] = row(getattr(obs, name))
    return out


def orders_from_actions(actions: Mapping[str, Any], r: int, n: int, min_share: float) -> Orders:
    """Orders from a (batched, leading axis R) action dict; missing keys mean "none"."""
    o = Orders.none(r, n)
    o.spend = np.full(r, min_share)
    for name in ("spend", "alert", "concession"):
        if name in actions:
            setattr(o, name, np.asarray(actions[name], dtype=float).reshape(r))
    for name in TARGETS:
        if name in actions:
            value = np.asarray(actions[name]).reshape(r, n)
            cast = float if name in ("deploy", "sanction", "covert") else np.int64
            setattr(o, name, value.astype(cast))
    return o
