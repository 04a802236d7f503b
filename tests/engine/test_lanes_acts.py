"""The acts over blocks of runs (:mod:`herz.engine.compiled.lanes.acts`) give the run-first
kernel's states and events, bit for bit, on the fused step's states.

Kind (b) of the house's reproduction tests: the run-first phases of
:func:`herz.engine.compiled.acts.acts_run`, evidence to statements, called in its order for
every run, are the reference. The states are real: a world some steps in, the step's context
opened and the rule's decisions taken for it (the step's own phases), then some decisions set by
hand, identically in both layouts, so that every kind of act happens.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

import numpy as np
import pytest

pytest.importorskip("numba")

from lanes_support import Layouts, warmed_layouts  # noqa: E402
from test_fused_cases import _treaty_world  # noqa: E402

from herz.engine.actions import Action  # noqa: E402
from herz.engine.compiled import agreements, context, decide  # noqa: E402
from herz.engine.compiled.acts import (  # noqa: E402
    alliances_run,
    arm_run,
    covert_run,
    evidence_start_run,
    posture_run,
    sanctions_run,
    statements_run,
)
from herz.engine.compiled.draws import salt, uniform_at  # noqa: E402
from herz.engine.compiled.lanes.acts import acts_block  # noqa: E402
from herz.engine.compiled.lanes.layout import BY_RUN, block_argument  # noqa: E402
from herz.engine.compiled.step import step_run  # noqa: E402
from herz.engine.streams import Stream  # noqa: E402

#: acts_block's arguments after ``b`` by the step's names (but the lanes scratch ``acc``,
#: ``idx``).
NAMES = ("t", "keys", "forces", "belief", "alert", "deploy", "bilateral", "sanction",
         "bogus_pending", "statement", "last_hostile", "standing_deploy", "d_spend", "d_alert",
         "d_deploy", "d_sanction", "d_ally", "d_covert", "d_statement", "d_bogus", "ally",
         "free", "main_threat", "known", "replacement", "acts_par", "acts_actor",
         "acts_classes", "procurement", "L", "hostile", "spent", "deployed", "wn", "ev_int",
         "ev_amt", "ev_n", "in_agreement", "cheating", "d_cheat", "caps", "agreement")
#: Every array the phases write (or must leave as it was).
WRITTEN = ("forces", "alert", "deploy", "bilateral", "sanction", "statement", "bogus_pending",
           "last_hostile", "in_agreement", "cheating", "L", "hostile", "spent", "deployed",
           "wn", "ev_int", "ev_amt", "ev_n")


def _acts_first(r: int, t: int, keys: np.ndarray, forces: np.ndarray, belief: np.ndarray,
                alert: np.ndarray, deploy: np.ndarray, bilateral: np.ndarray,
                sanction: np.ndarray, bogus_pending: np.ndarray, statement: np.ndarray,
                last_hostile: np.ndarray, standing_deploy: np.ndarray, d_spend: np.ndarray,
                d_alert: np.ndarray, d_deploy: np.ndarray, d_sanction: np.ndarray,
                d_ally: np.ndarray, d_covert: np.ndarray, d_statement: np.ndarray,
                d_bogus: np.ndarray, ally: np.ndarray, free: np.ndarray,
                main_threat: np.ndarray, known: np.ndarray, replacement: np.ndarray,
                par: np.ndarray, actor: np.ndarray, classes: np.ndarray,
                procurement: np.ndarray, L: np.ndarray, hostile: np.ndarray, spent: np.ndarray,
                deployed: np.ndarray, wn: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
                ev_n: np.ndarray, in_agreement: np.ndarray, cheating: np.ndarray,
                d_cheat: np.ndarray, caps: np.ndarray, agreement: np.ndarray) -> None:
    """``acts_run``'s first phases for run ``r``, in its order and with its arguments."""
    evidence_start_run(r, belief, actor, par, L, hostile)
    arm_run(r, t, forces, last_hostile, d_spend, replacement, procurement, classes, par,
            spent, main_threat, known, ev_int, ev_amt, ev_n, in_agreement, cheating, d_cheat,
            caps, agreement)
    posture_run(r, t, alert, deploy, standing_deploy, last_hostile, d_alert, d_deploy, free,
                par, L, hostile, deployed, main_threat, known, ev_int, ev_amt, ev_n)
    alliances_run(r, t, bilateral, d_ally, ally, main_threat, known, ev_int, ev_amt, ev_n)
    sanctions_run(r, t, sanction, last_hostile, d_sanction, free, par, L, hostile,
                  main_threat, known, ev_int, ev_amt, ev_n)
    covert_run(r, t, keys[r], forces, last_hostile, d_covert, free, classes, par, L, hostile,
               wn[0], main_threat, known, ev_int, ev_amt, ev_n)
    statements_run(r, t, statement, bogus_pending, d_statement, d_bogus, ev_int, ev_amt, ev_n)


def _step_calls() -> dict[str, list[str]]:
    """The step's arguments each phase of ``step_run`` is called with (after ``r``), read from
    its source, so that the context and the decisions are opened as the step opens them."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(step_run.py_func)))
    return {node.func.id: [a.id for a in node.args[1:] if isinstance(a, ast.Name)]
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}


def _reblock(lay: Layouts, names: Any = None) -> None:
    """``lay.last`` from ``lay.first`` again (the named arguments, or all of them)."""
    for k in names or list(lay.first):
        x = lay.first[k]
        lay.last[k] = x.copy() if k in BY_RUN else block_argument(k, x, lay.block)


def _opened(lay: Layouts) -> None:
    """The step's context and the rule's decisions (``step_run``'s own phases), run-first,
    then both layouts alike."""
    calls = _step_calls()
    for phase in (context.context_run, decide.decide_run, agreements.decide_agreements_run,
                  decide.standing_postures_run):
        lay.run_first(phase, calls[phase.__name__])
    _reblock(lay)


def _by_hand(lay: Layouts, seed: int, share: float = 0.25) -> None:
    """Decisions set by hand in a share of the pairs (both layouts alike): deployments and
    sanctions raised, alliances offered both ways, covert attacks, statements (some bogus),
    surges; and one target attacked by several in every run."""
    f = lay.first
    rng = np.random.default_rng(seed)
    runs, n = f["d_deploy"].shape[:2]
    some = lambda: rng.random((runs, n, n)) < share  # noqa: E731
    f["d_deploy"][:] = np.where(some(), f["deploy"] + rng.uniform(0.0, 1.0, (runs, n, n)),
                                f["d_deploy"])
    f["d_sanction"][:] = np.where(some(), f["sanction"] + rng.uniform(0.0, 1.0, (runs, n, n)),
                                  f["d_sanction"])
    offer = some()
    f["d_ally"][:] |= offer | offer.transpose(0, 2, 1)
    f["d_covert"][:] = np.where(some(), rng.uniform(0.1, 1.0, (runs, n, n)), f["d_covert"])
    f["d_covert"][:, 1:, 0] = np.maximum(f["d_covert"][:, 1:, 0], 0.5)
    said = some()
    f["d_statement"][:] |= said
    f["d_bogus"][:] |= said & some()
    surge = rng.random((runs, n)) < share
    f["d_spend"][:] = np.where(surge, 3.0 * f["replacement"] + 1.0, f["d_spend"])
    for k in ("d_deploy", "d_sanction", "d_ally", "d_covert", "d_statement", "d_bogus"):
        for r in range(runs):
            np.fill_diagonal(f[k][r], 0)
    _reblock(lay, ("d_deploy", "d_sanction", "d_ally", "d_covert", "d_statement", "d_bogus",
                   "d_spend"))


def _both(lay: Layouts) -> list[str]:
    """Both layouts' acts; the arrays they disagree on."""
    b = lay.block
    lay.last["acc"] = np.zeros((1, b))
    lay.last["idx"] = np.zeros((1, b), dtype=np.int64)
    lay.run_first(_acts_first, NAMES)
    lay.run_blocks(acts_block, NAMES + ("acc", "idx"))
    return lay.differences(WRITTEN)


def _codes(lay: Layouts) -> dict[int, list[float]]:
    """The amounts of the run-first layout's events by code."""
    f = lay.first
    out: dict[int, list[float]] = {}
    for r in range(f["ev_int"].shape[0]):
        m = int(f["ev_n"][r])
        assert m <= f["ev_int"].shape[1]
        for e in range(m):
            out.setdefault(int(f["ev_int"][r, e, 3]), []).append(float(f["ev_amt"][r, e]))
    return out


def _attributed(lay: Layouts, before: dict[str, np.ndarray]) -> tuple[int, int]:
    """How many covert attacks were attributed, and how many not (the run-first draws)."""
    f = lay.first
    t, n = f["t"], f["forces"].shape[1]
    # np.uint64: a salt returned to Python comes back an int, typed int64 on the way in
    salted = np.uint64(salt(t, int(Stream.DETECTION)))
    seen = unseen = 0
    for r in range(lay.runs):
        for i in range(n):
            for j in range(n):
                if before["d_covert"][r, i, j] > 0 and f["free"][r, i, j]:
                    u = uniform_at(f["keys"][r], salted, i * n + j)
                    hit = u < f["acts_par"][10]
                    seen, unseen = seen + hit, unseen + (not hit)
    return seen, unseen


@pytest.mark.parametrize(("n", "runs"), [(2, 8), (3, 12), (7, 16)])
def test_both_layouts_act_alike_in_the_ring(n: int, runs: int) -> None:
    lay = warmed_layouts(n, runs, block=4, warmup=10, keep=runs, seed=n)
    _opened(lay)
    _by_hand(lay, seed=n)
    before = {k: lay.first[k].copy() for k in ("d_covert", "forces", "bilateral")}
    assert _both(lay) == []
    codes = _codes(lay)
    for action in (Action.ARM, Action.DEPLOY, Action.SANCTION, Action.COVERT, Action.STATEMENT,
                   Action.ALLY):
        assert int(action) in codes, action.name
    statements = codes[int(Action.STATEMENT)]
    assert 0.0 in statements and 1.0 in statements  # bogus and honest reasons
    assert (lay.first["bilateral"] & ~before["bilateral"]).any()  # alliances formed
    assert lay.first["deployed"].any()
    seen, unseen = _attributed(lay, before)
    assert seen > 0 and unseen > 0  # covert attacks attributed and not
    # several attackers of one target compound on its largest class
    assert (lay.first["forces"][:, 0] < before["forces"][:, 0] * 0.99).any()


def test_the_first_step_takes_only_standing_deployments_as_new() -> None:
    lay = warmed_layouts(3, 8, block=4, warmup=0, keep=8, seed=5)
    assert lay.first["t"] == 0
    _opened(lay)
    _by_hand(lay, seed=5, share=0.5)
    standing = np.zeros_like(lay.first["standing_deploy"])
    standing[::2, 0, 1] = 0.4  # a scripted deployment in every other run
    standing[1::2, 1, 2] = 0.4
    lay.first["standing_deploy"][:] = standing
    lay.first["d_deploy"][:, 0, 1] = 0.9
    lay.first["d_deploy"][:, 1, 2] = 0.9
    lay.first["free"][:, 0, 1] = lay.first["free"][:, 1, 2] = True
    _reblock(lay, ("standing_deploy", "d_deploy", "free"))
    assert _both(lay) == []
    deployed = lay.first["deployed"]
    assert deployed[::2, 0, 1].all() and deployed[1::2, 1, 2].all()
    assert not deployed[1::2, 0, 1].any() and not deployed[::2, 1, 2].any()
    assert (deployed.sum(axis=(1, 2)) == 1).all()  # only the standing ones


def test_caps_and_cheating_under_agreements() -> None:
    # six steps in: the later agreement in force, kept by all three (the first by its cheater)
    lay = warmed_layouts(3, 8, block=4, warmup=6, scenario=_treaty_world(), keep=8, seed=1)
    _opened(lay)
    _by_hand(lay, seed=1)
    f = lay.first
    # every member surges; a complying member of each agreement decides to cheat in half the
    # runs (and complies, its caps binding, in the others)
    members = f["in_agreement"].transpose(0, 2, 1)  # (R, N, G)
    complying = members & ~f["cheating"].transpose(0, 2, 1)
    f["d_spend"][:] = np.where(members.any(axis=2), 5.0 * f["replacement"] + 1.0, f["d_spend"])
    kept = [g for g in range(f["caps"].shape[0]) if complying[:, :, g].any(axis=1).all()]
    assert kept  # an agreement that some member keeps in every run
    for g in kept:
        who = int(np.argmax(complying[0, :, g]))
        f["d_cheat"][::2, who, g] = complying[::2, who, g]
        f["d_cheat"][1::2, who, g] = False
    _reblock(lay, ("d_spend", "d_cheat"))
    assert f["agreement"][1].min() <= f["t"]  # agreements in force
    uncapped = Layouts({**f, **{k: f[k].copy() for k in WRITTEN}}, {}, lay.block)
    uncapped.first["caps"] = np.full_like(f["caps"], np.inf)
    cheating_before = f["cheating"].copy()
    assert _both(lay) == []
    assert (f["cheating"] & ~cheating_before).any()
    assert int(Action.CHEAT) in _codes(lay)
    uncapped.run_first(_acts_first, NAMES)
    assert not np.array_equal(uncapped.first["forces"], f["forces"])  # the caps bound


def test_a_lane_off_is_caught() -> None:
    lay = warmed_layouts(3, 8, block=4, warmup=10, keep=8, seed=3)
    _opened(lay)
    _by_hand(lay, seed=3)
    assert _both(lay) == []
    last = lay.last
    last["forces"][1, 2, 0, 3] *= 1.0 + 1e-12  # one lane's stock off by a little
    last["deployed"][0, 1, 2, 1] ^= True  # one lane's deployment flipped
    last["ev_amt"][5, 0] += 1e-9  # one run's first event's amount
    assert lay.differences(WRITTEN) == ["forces", "deployed", "ev_amt"]
