"""Explorable of Richardson's arms race (:mod:`herz.models.richardson`; Richardson 1960).

Sliders over the defence coefficients ``k, l``, fatigue ``a, b``, grievances ``g, h`` and the
starting arms; the API answers with the equilibrium, the eigenvalues, Richardson's regime, the
long-run point of non-negative arms, the stability of the yearly map, and both trajectories
(the differential equations integrated by :func:`~herz.models.richardson.simulate` and the
yearly map of :func:`~herz.models.richardson.iterate_map`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from herz.cli.output import jsonable
from herz.models import richardson as rm
from herz.web.sections import GalleryItem, Section
from herz.web.state import render

api = APIRouter(tags=["models"])
pages = APIRouter()


class RichardsonInput(BaseModel):
    """Coefficients (per year) and the start of the race."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    k: float = Field(0.9, ge=0, le=5, description="Defence coefficient of x (reaction to y).")
    l: float = Field(0.9, ge=0, le=5, description="Defence coefficient of y (reaction to x).")  # noqa: E741
    a: float = Field(0.5, ge=0, le=5, description="Fatigue and expense of x.")
    b: float = Field(0.5, ge=0, le=5, description="Fatigue and expense of y.")
    g: float = Field(1.0, ge=-100, le=100, description="Grievance of x (negative: goodwill).")
    h: float = Field(1.0, ge=-100, le=100, description="Grievance of y (negative: goodwill).")
    x0: float = Field(1.0, ge=0, le=1000, description="Arms of x at t = 0.")
    y0: float = Field(1.0, ge=0, le=1000, description="Arms of y at t = 0.")
    t_end: float = Field(20.0, ge=0.1, le=100, description="Years to follow.")
    truncate: bool = Field(True, description="Keep arms non-negative (herz's reading).")
    n_points: int = Field(201, ge=2, le=1001, description="Points of the continuous path.")


@api.post("/models/richardson", summary="Solve Richardson's model and trace the race")
def solve(body: RichardsonInput) -> dict[str, Any]:
    p = rm.RichardsonParams(k=body.k, l=body.l, a=body.a, b=body.b, g=body.g, h=body.h)
    out: dict[str, Any] = {
        "params": body.model_dump(),
        "determinant": p.determinant,
        "stable": p.stable,
        "eigenvalues": rm.eigenvalues(p),
        "discrete_spectral_radius": rm.discrete_spectral_radius(p),
        "equilibrium": None, "regime": None, "long_run": None, "note": None,
    }
    out["discrete_stable"] = out["discrete_spectral_radius"] < 1.0
    out["discrete_eigenvalues"] = rm.discrete_eigenvalues(p)
    out["discrete_dynamics"] = rm.discrete_dynamics(p)
    if p.determinant == 0.0:
        out["note"] = "ab = kl: the system is singular and has no unique equilibrium"
    else:
        solution = rm.solve(p)
        out.update(equilibrium=solution.equilibrium, regime=solution.regime,
                   long_run=solution.long_run)
    path = rm.simulate(p, body.x0, body.y0, body.t_end, n_points=body.n_points,
                       truncate=body.truncate, rtol=1e-6, atol=1e-9)
    yearly = rm.iterate_map(p, body.x0, body.y0, int(body.t_end), truncate=body.truncate)
    out["trajectory"] = {"t": path.t, "x": path.x, "y": path.y}
    out["yearly_map"] = {"t": yearly.t, "x": yearly.x, "y": yearly.y}
    return jsonable(out)


@pages.get("/explore/richardson", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    return render(request, "explore_richardson.html", schema=RichardsonInput.model_json_schema())


def _gallery() -> list[GalleryItem]:
    return [GalleryItem(
        kind="model", name="richardson", title="Richardson's arms race",
        summary="Two rivals react to each other's arms: balance, disarmament or a runaway race "
                "(Richardson 1960).", href="/explore/richardson")]


section = Section(name="richardson", title="Richardson", api=api, pages=pages,
                  nav="/explore/richardson", gallery=_gallery)
