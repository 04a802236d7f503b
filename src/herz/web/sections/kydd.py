"""Explorable of Kydd's security dilemma, spiral and reassurance (:mod:`herz.models.kydd`).

Three panels on one page, each on its own API route (Kydd 1997; Kydd 2000; Kydd 2005):

* the Security Dilemma Game: minimum trust, and whether security seekers can cooperate at the
  priors (pure Bayesian equilibria by brute force);
* the spiral: seeded Bayesian updating over rounds, beliefs with 5-95% bands across runs;
* reassurance by a costly signal: which perfect Bayesian equilibria exist, the bounds on the
  signal's cost, and a scan of the cost showing where each kind of equilibrium exists.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Literal

import numpy as np
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from herz.cli.output import jsonable
from herz.models import kydd as km
from herz.web.sections import GalleryItem, Section
from herz.web.state import render

api = APIRouter(tags=["models"])
pages = APIRouter()
_CONFIG = ConfigDict(extra="forbid", allow_inf_nan=False)


class GameInput(BaseModel):
    """Kydd's Security Dilemma Game (herz's normalisation) and the priors."""

    model_config = _CONFIG

    c: float = Field(1.0, gt=0, le=10, description="The sucker's loss.")
    t_secure: float = Field(0.5, ge=-10, lt=1, description="A security seeker's temptation.")
    t_greedy: float = Field(1.5, gt=1, le=10, description="A greedy type's temptation.")
    q1: float = Field(0.8, ge=0, le=1, description="Probability that 1 is a security seeker.")
    q2: float = Field(0.8, ge=0, le=1, description="Probability that 2 is a security seeker.")


class SpiralInput(GameInput):
    """The game, and the rounds of Bayesian updating (Kydd 1997)."""

    rounds: int = Field(30, ge=1, le=200, description="Rounds of play.")
    noise: float = Field(0.1, ge=0, le=0.5, description="Chance an action is misread.")
    accuracy: float = Field(0.5, ge=0, le=1, description="Reliability of intelligence signals.")
    types: Literal["secure", "drawn"] = Field(
        "secure", description="'secure': both are security seekers; 'drawn': from the priors.")
    n_runs: int = Field(500, ge=1, le=5000, description="Independent runs.")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="Seed: the same seed, the same numbers.")


#: A slider on a logarithmic scale from 0.01 (the page's sliders read ``x-scale``): the cost and
#: the gains matter relative to each other, around 0.1 to 10, not in steps of 0.5 up to 100.
LOG_SLIDER: JsonDict = {"x-scale": "log", "x-min": 0.01}


class ReassuranceInput(BaseModel):
    """The one-round costly-signal reassurance game (Kydd 2000)."""

    model_config = _CONFIG

    prior: float = Field(0.3, ge=0, le=1,
                         description="Receiver's prior that the sender is secure.")
    threshold: float = Field(0.5, gt=0, le=1, description="Receiver's minimum trust pi.")
    cost: float = Field(1.0, gt=0, le=100, description="Cost k of the signal.",
                        json_schema_extra=LOG_SLIDER)
    gain_secure: float = Field(2.0, gt=0, le=100, json_schema_extra=LOG_SLIDER,
                               description="A security seeker's gain from trust.")
    gain_greedy: float = Field(0.5, gt=0, le=100, description="A greedy type's gain from trust.",
                               json_schema_extra=LOG_SLIDER)


def _game(body: GameInput) -> km.SecurityDilemmaGame:
    return km.SecurityDilemmaGame(c=body.c, t_secure=body.t_secure, t_greedy=body.t_greedy)


@api.post("/models/kydd/game", summary="Minimum trust and Bayesian equilibria")
def game(body: GameInput) -> dict[str, Any]:
    g = _game(body)
    eqs = km.pure_bayesian_equilibria(g, body.q1, body.q2)
    return jsonable({
        "params": body.model_dump(),
        "minimum_trust": g.threshold,
        "cooperation_possible": bool(km.cooperation_possible(body.q1, body.q2, g.c, g.t_secure)),
        "equilibria": [{"player1": e.player1, "player2": e.player2, "cooperative": e.cooperative}
                       for e in eqs],
    })


@api.post("/models/kydd/spiral", summary="The Bayesian spiral over rounds (seeded)")
def spiral(body: SpiralInput) -> dict[str, Any]:
    """Beliefs that the other is a security seeker: median, 5-95% band and mean across runs;
    the weaker of the two beliefs (cooperation needs both to reach the minimum trust, so the
    weaker one decides) and, per round played, the share of runs below the minimum trust,
    whose last value is ``share_locked_in`` (no cooperative equilibrium in the last round)."""
    g = _game(body)
    path = km.simulate_spiral(
        g, body.q2, body.q1, body.rounds, noise=body.noise, accuracy=body.accuracy,
        secure=(True, True) if body.types == "secure" else None, n_runs=body.n_runs,
        rng=body.seed,
    )

    def bands(b: np.ndarray) -> dict[str, Any]:
        q = np.quantile(b, [0.05, 0.5, 0.95], axis=1)
        return {"q05": q[0], "q50": q[1], "q95": q[2], "mean": b.mean(axis=1)}

    return jsonable({
        "params": body.model_dump(),
        "seed": body.seed,
        "minimum_trust": g.threshold,
        "round": np.arange(body.rounds + 1),
        "belief_1_in_2": bands(path.belief_1_in_2),
        "belief_2_in_1": bands(path.belief_2_in_1),
        "share_cooperative": path.cooperative_equilibrium.mean(axis=1),
        "weaker_belief": bands(np.minimum(path.belief_1_in_2, path.belief_2_in_1)),
        "share_below_trust": (~path.cooperative_equilibrium).mean(axis=1),
        "share_locked_in": float(path.locked_in.mean()),
    })


@api.post("/models/kydd/reassurance", summary="Equilibria of the reassurance game")
def reassurance(body: ReassuranceInput) -> dict[str, Any]:
    """The closed-form conditions, the brute-force pure equilibria, and a scan of the cost."""
    g = km.ReassuranceGame(prior=body.prior, threshold=body.threshold, cost=body.cost,
                           gain_secure=body.gain_secure, gain_greedy=body.gain_greedy)
    result = km.reassurance_equilibria(g)
    top = 1.5 * max(body.gain_secure, body.gain_greedy, body.cost)
    costs = np.linspace(top / 200, top, 200)
    scan: dict[str, list[bool]] = {"separating": [], "pooling_signal": [], "semi_separating": [],
                                   "pooling_no_signal_intuitive": []}
    for k in costs:
        r = km.reassurance_equilibria(km.ReassuranceGame(
            prior=body.prior, threshold=body.threshold, cost=float(k),
            gain_secure=body.gain_secure, gain_greedy=body.gain_greedy))
        for name in scan:
            scan[name].append(bool(getattr(r, name)))
    return jsonable({
        "params": body.model_dump(),
        "result": asdict(result),
        "pure_equilibria": [
            {"signals": {"secure": s[0], "greedy": s[1]},
             "trusts": {"no_signal": r[0], "signal": r[1]}}
            for s, r in km.reassurance_pure_pbe(g)],
        "cost_scan": {"cost": costs, **scan},
    })


@pages.get("/explore/kydd", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return render(request, "explore_kydd.html", schemas={
        "game": GameInput.model_json_schema(), "spiral": SpiralInput.model_json_schema(),
        "reassurance": ReassuranceInput.model_json_schema()})


def _gallery() -> list[GalleryItem]:
    return [GalleryItem(
        kind="model", name="kydd", title="Kydd's spiral and reassurance",
        summary="Bayesian trust: how noise spirals into mistrust, and how a costly signal "
                "reassures (Kydd 1997, 2000).", href="/explore/kydd")]


section = Section(name="kydd", title="Kydd", api=api, pages=pages, nav="/explore/kydd",
                  gallery=_gallery)
