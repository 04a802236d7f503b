"""The economy at the end of a step: growth under sanctions, power shares, cool-downs.

GDP grows at each actor's rate, less ``sanction_effect`` times the sanctions pressure (the
sanctioners' share of world GDP, weighted by intensity). Power
``P_i = sum_k F_ik (off_k + def_k) + alpha sum_{l ally} P_l`` is recorded over
``forecast_window + 1`` steps for the preventive-war forecast (Fearon 1995; Powell 2006;
:func:`herz.engine.war_choice.projected_shift`).
"""

from __future__ import annotations

import numpy as np

from herz.engine.context import StepContext
from herz.engine.policy import power

__all__ = ["close_step"]


def close_step(ctx: StepContext, spent: np.ndarray) -> np.ndarray:
    """Grow the economies, record power, count cool-downs down and end the step.

    ``spent`` (the arming phase's) becomes the state's last spending. Returns the power
    recorded, ``(R, N)``.
    """
    state, world = ctx.state, ctx.world
    spec = world.spec
    world_gdp = state.gdp.sum(axis=1, keepdims=True)
    pressure = (state.sanction * state.gdp[:, :, None]).sum(axis=1) / world_gdp
    state.gdp *= 1.0 + world.growth - spec.sanction_effect * pressure
    shares = power(state, world, state.ally)
    state.power_history.append(shares)
    del state.power_history[: -(spec.forecast_window + 1)]
    state.cooldown = np.maximum(state.cooldown - 1, 0)
    state.spending = spent
    state.step += 1
    return shares
