"""Security as a relative quantity, strategic stability, and how capabilities are seen.

Pure functions over arrays shaped ``(runs, actors[, actors][, classes])``. Index convention for
pairwise arrays: ``x[r, i, j]`` is actor *i*'s quantity about actor *j*.

Equations (notation of the ODD description, ``docs/reference/odd.md``):

- Offence multiplier (Jervis 1978; the contest form of Hirshleifer 1989):
  ``lam = M ** (2 * delta - 1)`` with ``delta`` the world's offence dominance and ``M`` the
  attack-effectiveness ratio at full offence dominance.
- Capability that observers count as offensive (Jervis 1978, distinguishability):
  ``O_seen_j = sum_k F_jk * max(off_k, def_k * (1 - Delta * d_k))``; ``D_j = sum_k F_jk def_k``.
- Threat weight (Jervis 1976 on worst-case thinking; Glaser 1997): with ``b_ij`` the belief of *i*
  that *j* is greedy and ``beta_i`` its worst-case bias,
  ``w_ij = eps + (1 - eps) * (b_ij + beta_i * (1 - b_ij))``, zero between allies.
- Threat and security: ``Theta_ij = lam * w_ij * O_obs_ij * (1 - Det_ij)`` and
  ``S_i = Deff_i / (Deff_i + sum_j Theta_ij)`` with ``Deff_i = D_i + alpha * sum_{l ally} D_l``.
- Secure second strike after a first strike (Kent & Thaler 1989, the survivors-after-attack
  logic; herz's aggregate form): for a retaliatory class of *i* with survivability ``s_k`` and
  basing exposed to *j*'s counterforce or ASW capacity ``A_j``,
  ``surv = s_k + (1 - s_k) * exp(-A_j / F_ik)``; missile defence ``M_j`` intercepts the share
  ``M_j / (M_j + R)`` of a retaliation of size ``R`` (defence saturates).
  ``Det_ij = SSS_ij / (SSS_ij + AD)`` (and the same of the whole unstruck force, what *j*
  meets if *i* strikes first) and *j*'s first-strike incentive against *i* is
  ``FSI_ji = 1 - SSS_ij / FULL_ij``: the share of *i*'s retaliation *j* removes by going first.
- Victory probability (Tullock/Hirshleifer contest), with forward deployment against *j*
  strengthening the attack: ``p_ij = lam*O_i*(1 + dep_ij) / (lam*O_i*(1 + dep_ij) + Deff_j)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from herz.engine import backend
from herz.engine.forces import ForceCatalogue
from herz.engine.scenario import WorldSpec

__all__ = [
    "Perception",
    "allied_defense",
    "observed_offense",
    "offense_multiplier",
    "perceive",
    "second_strike",
    "security",
    "threat_weights",
    "victory_probability",
]

_TINY = 1e-12


def offense_multiplier(spec: WorldSpec) -> float:
    """``lam``: attack effectiveness relative to defence (1 at a neutral balance)."""
    return float(spec.offense_multiplier ** (2.0 * spec.offense_dominance - 1.0))


def seen_offense_weights(cat: ForceCatalogue, spec: WorldSpec) -> np.ndarray:
    """Per-class weight observers count as offensive: ambiguous defence counts as offence."""
    ambiguous = cat.defense * (1.0 - spec.distinguishability * cat.distinguishability)
    return np.maximum(cat.offense, ambiguous)


def threat_weights(
    belief: np.ndarray, worst_case: np.ndarray, ally: np.ndarray, floor: float
) -> np.ndarray:
    """``w_ij``: how much of *j*'s capability *i* counts as a threat to itself."""
    pessimistic = belief + worst_case[:, None] * (1.0 - belief)
    w = floor + (1.0 - floor) * pessimistic
    w = np.where(ally, 0.0, w)
    n = belief.shape[-1]
    w[..., np.arange(n), np.arange(n)] = 0.0
    return w


def allied_defense(defense: np.ndarray, ally: np.ndarray, commitment: float) -> np.ndarray:
    """``alpha * sum_{l ally of i} D_l`` for every actor."""
    return commitment * np.einsum("rij,rj->ri", ally.astype(float), defense)


def security(own_defense: np.ndarray, threat: np.ndarray) -> np.ndarray:
    """``S_i = Deff_i / (Deff_i + sum_j Theta_ij)``, 1 when nothing threatens."""
    total = threat.sum(axis=-1)
    return np.where(total > _TINY, own_defense / (own_defense + total + _TINY), 1.0)


def second_strike(forces: np.ndarray, cat: ForceCatalogue) -> tuple[np.ndarray, np.ndarray]:
    """Secure second strike ``SSS[r, i, j]`` of *i* after a first strike by *j*, and its
    unstruck retaliation ``FULL[r, i, j]`` (both after *j*'s missile defence).

    A class that nobody holds adds exactly zero, so it is skipped; without any retaliatory
    force both are zero."""
    r, n, _ = forces.shape
    held = [k for k in np.flatnonzero(cat.strategic > 0) if forces[:, :, k].any()]
    survivors = np.zeros((r, n, n))
    full = np.zeros((r, n, n))
    if not held:
        return survivors, full
    attack_fixed = forces @ cat.counterforce  # (R, N)
    attack_hidden = forces @ cat.asw
    defence = forces @ cat.intercept
    for k in held:
        stock = forces[:, :, k]  # (R, N) of the retaliating actor i
        weight = cat.strategic[k] * stock
        if cat.fixed[k]:
            attack = attack_fixed
        elif cat.hidden[k]:
            attack = attack_hidden
        else:
            attack = np.zeros_like(attack_fixed)
        s = cat.survivability[k]
        exposed = np.exp(-attack[:, None, :] / (stock[:, :, None] + _TINY))
        survivors += weight[:, :, None] * (s + (1.0 - s) * exposed)
        full += weight[:, :, None]
    m = defence[:, None, :]
    sss = survivors * (1.0 - m / (m + survivors + _TINY))
    full_after = full * (1.0 - m / (m + full + _TINY))
    return sss, full_after


def victory_probability(attack: np.ndarray, defense: np.ndarray, lam: float) -> np.ndarray:
    """Contest success ``p_ij = lam*O_i / (lam*O_i + Deff_j)`` for ``attack[r, i, j]``."""
    a = lam * attack
    d = defense[:, None, :]
    return np.where(a + d > _TINY, a / (a + d + _TINY), 0.5)


def observed_offense(
    seen: np.ndarray,
    deploy: np.ndarray,
    sigma: np.ndarray,
    noise: np.ndarray,
    readiness: np.ndarray | None = None,
) -> np.ndarray:
    """``O_obs[r, i, j]``: *j*'s offensive capability as *i* estimates it.

    Forward deployment against *i* doubles the weight of *j*'s forces at full deployment, and
    *j*'s alert multiplies it by ``readiness_j = 1 + alert_threat * alert_j`` (forces on alert
    can strike sooner: Sagan 1985 on alerts as signals; Jervis 1978); the estimate is log-normal
    around the truth with log-sd ``sigma[r, i, j]`` (unbiased mean).
    """
    facing = seen[:, None, :] * (1.0 + np.swapaxes(deploy, 1, 2))
    if readiness is not None:
        facing = facing * readiness[:, None, :]
    return facing * np.exp(sigma * noise - 0.5 * sigma**2)


@dataclass(frozen=True)
class Perception:
    """What every actor perceives at the start of a step (all arrays over runs)."""

    lam: float
    offense: np.ndarray  # (R, N) true conventional offence
    seen_offense: np.ndarray  # (R, N) offence as counted by observers
    defense: np.ndarray  # (R, N) own conventional defence
    effective_defense: np.ndarray  # (R, N) own plus allied defence
    weights: np.ndarray  # (R, N, N) threat weights w_ij
    observed: np.ndarray  # (R, N, N) observed offence O_obs_ij
    deterrence: np.ndarray  # (R, N, N) Det_ij
    full_deterrence: np.ndarray  # (R, N, N) Det_ij of i's whole, unstruck retaliatory force
    threat: np.ndarray  # (R, N, N) Theta_ij
    security: np.ndarray  # (R, N)
    sss: np.ndarray  # (R, N, N) secure second strike of i against j
    first_strike: np.ndarray  # (R, N, N) FSI_ij: i's incentive to strike j first
    victory: np.ndarray  # (R, N, N) p_ij if i attacks j


def perceive(
    forces: np.ndarray,
    belief: np.ndarray,
    ally: np.ndarray,
    deploy: np.ndarray,
    sigma: np.ndarray,
    noise: np.ndarray,
    worst_case: np.ndarray,
    cat: ForceCatalogue,
    spec: WorldSpec,
    alert: np.ndarray | None = None,
) -> Perception:
    """Compute every actor's perception from the true state and this step's observation noise
    (``alert`` (R, N): each actor's alert level, which others read as readiness to strike).
    Under the numba backend, the fused loop of :mod:`herz.engine.compiled.perception`."""
    if backend.current() == "numba":
        from herz.engine.compiled.perception import perceive as fused

        return fused(forces, belief, ally, deploy, sigma, noise, worst_case, cat, spec, alert)
    lam = offense_multiplier(spec)
    offense = forces @ cat.offense
    seen = forces @ seen_offense_weights(cat, spec)
    defense = forces @ cat.defense
    eff_def = defense + allied_defense(defense, ally, spec.alliance_commitment)
    weights = threat_weights(belief, worst_case, ally, spec.hostility_floor)
    readiness = None if alert is None else 1.0 + spec.alert_threat * alert
    observed = observed_offense(seen, deploy, sigma, noise, readiness)
    sss, full = second_strike(forces, cat)
    deterrence = sss / (sss + spec.assured_destruction)
    threat = lam * weights * observed * (1.0 - deterrence)
    first_strike = np.where(full > _TINY, 1.0 - sss / (full + _TINY), 0.0)
    attack = offense[:, :, None] * (1.0 + deploy)
    return Perception(
        lam=lam,
        offense=offense,
        seen_offense=seen,
        defense=defense,
        effective_defense=eff_def,
        weights=weights,
        observed=observed,
        deterrence=deterrence,
        full_deterrence=full / (full + spec.assured_destruction),
        threat=threat,
        security=security(eff_def, threat),
        sss=sss,
        first_strike=np.swapaxes(first_strike, 1, 2),
        victory=victory_probability(attack, eff_def, lam),
    )
