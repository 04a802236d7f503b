"""Explorable of Jervis's security dilemma game (:mod:`herz.models.jervis`; Jervis 1978).

Sliders over the offence advantage and the distinguishability of postures (and the payoff
constants of herz's offence-defence family); the API answers with the game's payoffs, its class
(Stag Hunt or Prisoner's Dilemma ...), its Nash equilibria, the trust threshold, the discount
factors that sustain cooperation under grim trigger (Friedman 1971) and TIT FOR TAT
(Axelrod 1984), Jervis's world, and a map of the class over the (offence, distinguishability)
plane.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import numpy as np
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from herz.cli.output import jsonable
from herz.models import jervis as jm
from herz.web.sections import GalleryItem, Section
from herz.web.state import render

api = APIRouter(tags=["models"])
pages = APIRouter()


class JervisInput(BaseModel):
    """A point of herz's offence-defence payoff family and a discount factor."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    offense_advantage: float = Field(0.8, ge=0, le=1,
                                     description="0: defence dominates; 1: offence.")
    distinguishability: float = Field(0.2, ge=0, le=1, description="Can postures be told apart?")
    gain: float = Field(1.0, gt=0, le=10, description="Gain from exploiting, per unit of e.")
    cost: float = Field(0.25, gt=0, le=10, description="Cost of an offensive posture.")
    loss: float = Field(1.0, gt=0, le=10, description="Loss from being exploited, per unit of e.")
    base_loss: float = Field(0.25, gt=0, le=10, description="Loss from being exploited at e = 0.")
    delta: float = Field(0.9, ge=0, le=1, description="Discount factor of the repeated game.")
    grid: int = Field(21, ge=2, le=41, description="Points per axis of the map.")


@api.post("/models/jervis", summary="Solve Jervis's game at one point and map the plane")
def solve(body: JervisInput) -> dict[str, Any]:
    consts = {"gain": body.gain, "cost": body.cost, "loss": body.loss,
              "base_loss": body.base_loss}
    params = jm.JervisParams(body.offense_advantage, body.distinguishability, **consts)
    game = jm.jervis_game(params)
    R, S, T, P = game.rstp  # noqa: N806
    w = jm.world(body.offense_advantage, body.distinguishability, **consts)
    axis = np.linspace(0.0, 1.0, body.grid)
    classes, thresholds = [], []
    for d in axis:
        row_c, row_t = [], []
        for o in axis:
            g = jm.jervis_game(jm.JervisParams(float(o), float(d), **consts))
            row_c.append(jm.classify(g))
            row_t.append(jm.trust_threshold(g))
        classes.append(row_c)
        thresholds.append(row_t)
    return jsonable({
        "params": body.model_dump(),
        "effective_offense": params.effective_offense,
        "payoffs": {"R": R, "S": S, "T": T, "P": P},
        "ranking": jm.ranking(R, S, T, P),
        "game_class": jm.classify(game),
        "equilibria": [asdict(e) for e in jm.equilibria(game)],
        "trust_threshold": jm.trust_threshold(game),
        "grim_threshold": jm.grim_trigger_threshold(game),
        "tft_threshold": jm.tit_for_tat_threshold(game),
        "sustains": {"grim": jm.sustains_cooperation(game, body.delta, "grim"),
                     "tft": jm.sustains_cooperation(game, body.delta, "tft")},
        "world": asdict(w),
        "map": {"offense_advantage": axis, "distinguishability": axis,
                "game_class": classes, "trust_threshold": thresholds},
    })


@pages.get("/explore/jervis", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return render(request, "explore_jervis.html", schema=JervisInput.model_json_schema())


def _gallery() -> list[GalleryItem]:
    return [GalleryItem(
        kind="model", name="jervis", title="Jervis's four worlds",
        summary="Offence advantage and distinguishability turn a Stag Hunt into a Prisoner's "
                "Dilemma (Jervis 1978).", href="/explore/jervis")]


section = Section(name="jervis", title="Jervis", api=api, pages=pages, nav="/explore/jervis",
                  gallery=_gallery)
