"""A whole step of a block of runs, the phases one after the other while the block's arrays
are in cache: the kernel of :class:`herz.engine.compiled.lanes.driver.LanesStep`.

:func:`step_blocks` applies to each block of a range, one after the other, the phases
:func:`herz.engine.compiled.step.step_run` applies to a run, in its order (the ODD's): the opening
(:func:`~herz.engine.compiled.lanes.context.context_block`), the built-in rule
(:mod:`~herz.engine.compiled.lanes.decide`), the agreements' decisions and the standing
postures (:mod:`~herz.engine.compiled.lanes.agreements`), the acts
(:mod:`~herz.engine.compiled.lanes.acts`), agreements kept, arming judged and bogus reasons
exposed (:mod:`~herz.engine.compiled.lanes.learning`), incidents, crises and wars
(:mod:`~herz.engine.compiled.lanes.conflict`), the pair record, beliefs, the economy and the war
hazard (:mod:`~herz.engine.compiled.lanes.closing`), then the block's part of the dyad counts
(:mod:`~herz.engine.compiled.lanes.outputs`). Each phase's equations and sources are in its
run-first module. Its arguments are :data:`herz.engine.compiled.step.ARGUMENTS` in blocks, then
the scratch of :func:`scratch`. :func:`step_lanes` shares the blocks out over threads; a
block's numbers depend on its own inputs only, so the threads change none.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np

from herz.engine.compiled.lanes.acts import acts_block
from herz.engine.compiled.lanes.agreements import (
    decide_agreements_block,
    keep_agreements_block,
    standing_postures_block,
)
from herz.engine.compiled.lanes.closing import conflict_close_block
from herz.engine.compiled.lanes.conflict import conflict_open_block
from herz.engine.compiled.lanes.context import context_block
from herz.engine.compiled.lanes.decide import _decide_block
from herz.engine.compiled.lanes.learning import expose_bogus_block, observe_arming_block
from herz.engine.compiled.lanes.outputs import dyad_record_block
from herz.engine.compiled.outputs import dyad_total
from herz.engine.compiled.step import ARGUMENTS
from herz.engine.compiled.threads import share

__all__ = ["SCRATCH", "scratch", "step_blocks", "step_lanes"]

#: The names of the scratch arrays after the step's arguments, in order.
SCRATCH = ("decide_acc", "decide_idx", "context_acc", "assess_acc", "acts_acc", "acts_idx",
           "keep_acc", "open_acc", "close_acc", "own", "record", "pair_hazard")


def scratch(n: int, block: int, blocks: int) -> tuple[np.ndarray, ...]:
    """The kernel's scratch for ``blocks`` blocks of ``block`` runs of ``n`` actors, in the
    order of :data:`SCRATCH`: each block's own (a block is one thread's at a time), and the
    runs' rows of the dyad counts (:func:`herz.engine.compiled.outputs.dyad_total`)."""
    runs, pairs = blocks * block, n * (n - 1) // 2

    def z(*shape: int, dtype: Any = float) -> np.ndarray:
        return np.zeros((blocks, *shape), dtype=dtype)

    return (z(8, block), z(2, block, dtype=np.int64), z(4, block), z(6, n, block),
            z(1, block), z(1, block, dtype=np.int64), z(1, block), z(2, n, block),
            z(2, block), z(n * n, block, dtype=np.int32),
            np.zeros((runs, pairs), dtype=np.int32), np.zeros((runs, pairs)))


@numba.njit(cache=True, nogil=True, error_model="numpy")
def step_blocks(
    first: int, last: int, runs: int, kinds: np.ndarray, t: int, keys: np.ndarray,
    forces: np.ndarray, gdp: np.ndarray, greedy: np.ndarray, belief: np.ndarray,
    credibility: np.ndarray, alert: np.ndarray, deploy: np.ndarray, bilateral: np.ndarray,
    blocs: np.ndarray, hotline: np.ndarray, sanction: np.ndarray, cooldown: np.ndarray,
    bogus_pending: np.ndarray, statement: np.ndarray, spending: np.ndarray,
    last_hostile: np.ndarray, standing_deploy: np.ndarray, last_concession: np.ndarray,
    now: np.ndarray, past: np.ndarray,
    ctx_classes: np.ndarray, perceive_par: np.ndarray, assess_par: np.ndarray,
    ctx_actor: np.ndarray, unit: np.ndarray, decide_par: np.ndarray, decide_actor: np.ndarray,
    contact: np.ndarray, cyber: np.ndarray, acts_par: np.ndarray, acts_actor: np.ndarray,
    acts_classes: np.ndarray, procurement: np.ndarray, conflict_par: np.ndarray,
    growth: np.ndarray, belief0: np.ndarray, asymmetry: np.ndarray, strength: np.ndarray,
    ally: np.ndarray, free: np.ndarray, allies: np.ndarray, sigma: np.ndarray,
    noise: np.ndarray, pa: np.ndarray, pp: np.ndarray, wa: np.ndarray, q: np.ndarray,
    assess_work: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
    replacement: np.ndarray,
    d_spend: np.ndarray, d_alert: np.ndarray, d_deploy: np.ndarray, d_sanction: np.ndarray,
    d_covert: np.ndarray, d_ally: np.ndarray, d_statement: np.ndarray, d_bogus: np.ndarray,
    d_coerce: np.ndarray, d_attack: np.ndarray, d_war_hazard: np.ndarray,
    L: np.ndarray, hostile: np.ndarray, spent: np.ndarray, deployed: np.ndarray,
    xi: np.ndarray, judged: np.ndarray, wn: np.ndarray,
    p_incident: np.ndarray, p_crisis: np.ndarray, p_demand: np.ndarray,
    p_deployment: np.ndarray, p_force: np.ndarray, p_war: np.ndarray, p_hazard: np.ndarray,
    p_level: np.ndarray, p_own_level: np.ndarray, n_incidents: np.ndarray,
    n_crises: np.ndarray, n_wars: np.ndarray, war_hazard: np.ndarray, power_now: np.ndarray,
    crisis_hazard: np.ndarray, started: np.ndarray, flags: np.ndarray,
    conflict_work: np.ndarray,
    ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray,
    in_agreement: np.ndarray, cheating: np.ndarray, standing_sanction: np.ndarray,
    caps: np.ndarray, agreement: np.ndarray, agree_par: np.ndarray, d_cheat: np.ndarray,
    d_abandon: np.ndarray,
    decide_acc: np.ndarray, decide_idx: np.ndarray, context_acc: np.ndarray,
    assess_acc: np.ndarray, acts_acc: np.ndarray, acts_idx: np.ndarray, keep_acc: np.ndarray,
    open_acc: np.ndarray, close_acc: np.ndarray, own: np.ndarray, record: np.ndarray,
    pair_hazard: np.ndarray,
) -> None:
    """Step ``t`` of blocks ``first`` to ``last - 1`` (in place), one after the other;
    ``runs`` the chunk's true number of runs (the padding's lanes add nothing to the dyad
    counts), ``kinds`` the war kinds' codes."""
    for b in range(first, last):
        context_block(b, t, keys, forces, gdp, greedy, belief, alert, deploy, bilateral, blocs,
                      last_hostile, now, past, ctx_classes, perceive_par, assess_par, ctx_actor,
                      unit, ally, free, allies, sigma, noise, pa, pp, wa, q, assess_work,
                      main_threat, known, replacement, in_agreement, agreement,
                      (context_acc[b], assess_acc[b]))
        _decide_block(b, t, keys, forces, gdp, greedy, belief, cooldown, pa, pp, wa, free,
                      main_threat, replacement, decide_par, decide_actor, contact, cyber, d_spend,
                      d_alert, d_deploy, d_sanction, d_covert, d_ally, d_statement, d_bogus,
                      d_coerce, d_attack, d_war_hazard, (decide_acc[b], decide_idx[b]))
        decide_agreements_block(b, forces, greedy, belief, in_agreement, caps, agree_par,
                                decide_actor, d_cheat, d_abandon)
        standing_postures_block(b, standing_deploy, standing_sanction, d_deploy, d_sanction)
        acts_block(b, t, keys, forces, belief, alert, deploy, bilateral, sanction, bogus_pending,
                   statement, last_hostile, standing_deploy, d_spend, d_alert, d_deploy,
                   d_sanction, d_ally, d_covert, d_statement, d_bogus, ally, free, main_threat,
                   known, replacement, acts_par, acts_actor, acts_classes, procurement, L, hostile,
                   spent, deployed, wn, ev_int, ev_amt, ev_n, in_agreement, cheating, d_cheat, caps,
                   agreement, acts_acc[b], acts_idx[b])
        # xi is scratch here, as in acts_run (observe_arming_block fills it afresh)
        keep_agreements_block(b, t, keys, forces, in_agreement, cheating, d_abandon, caps,
                              agreement, agree_par, acts_par[16], L, hostile, last_hostile,
                              main_threat, known, xi, keep_acc[b], ev_int, ev_amt, ev_n)
        observe_arming_block(b, t, keys, spent, credibility, statement, gdp, last_concession, pa,
                             pp, sigma, replacement, acts_actor, acts_par, L, xi, judged, wn)
        expose_bogus_block(b, t, keys, credibility, bogus_pending, acts_actor, acts_par, L,
                           ev_int, ev_amt, ev_n)
        conflict_open_block(b, t, keys, conflict_par, contact, gdp, forces, alert, deploy, hotline,
                            cooldown, spending, last_hostile, pp, wa, q, ally, free, main_threat,
                            known, d_attack, d_coerce, L, hostile, ev_int, ev_amt, ev_n,
                            p_incident, p_crisis, p_demand, p_war, n_incidents, n_crises, n_wars,
                            crisis_hazard, started, flags, conflict_work, assess_work, open_acc[b])
        conflict_close_block(b, conflict_par, growth, belief0, asymmetry, strength, gdp, forces,
                             belief, deploy, bilateral, blocs, sanction, cooldown, spending, spent,
                             deployed, d_war_hazard, L, p_crisis, p_demand, p_deployment, p_force,
                             p_war, p_hazard, p_level, p_own_level, war_hazard, power_now,
                             crisis_hazard, started, conflict_work, close_acc[b])
        dyad_record_block(b, runs, p_incident, p_crisis, p_demand, p_deployment, p_force, p_war,
                          p_hazard, p_level, p_own_level, kinds, own[b], record, pair_hazard)


# Where the keys lie among the step's arguments, the dyads' run rows among the scratch.
_KEYS = ARGUMENTS.index("keys")
_RECORD, _PAIR_HAZARD = SCRATCH.index("record"), SCRATCH.index("pair_hazard")


def step_lanes(runs: int, dyads: np.ndarray, kinds: np.ndarray, args: tuple[Any, ...],
               extra: tuple[np.ndarray, ...]) -> None:
    """One step of every block: ``args`` the step's arguments in blocks
    (:data:`herz.engine.compiled.step.ARGUMENTS`), ``extra`` the scratch (:data:`SCRATCH`);
    the step's dyad counts over the ``runs`` real runs into ``dyads``.

    The blocks are shared out over numba's number of threads
    (:func:`herz.engine.compiled.threads.share`)."""
    blocks = args[_KEYS].shape[0]
    share(step_blocks, blocks, numba.get_num_threads(), runs, kinds, *args, *extra)
    dyad_total(extra[_RECORD], extra[_PAIR_HAZARD], runs, dyads)
