"""The fused step with the runs in the vector lanes: kernels over blocks of runs.

The fused step (:mod:`herz.engine.compiled.step`) keeps every array run-first, ``(R, N, N)``,
and computes one run at a time, so the vector lanes hold one row's pairs and every phase is
called once a run. The kernels of this package compute a *block* of ``B`` runs at once on
arrays laid out ``(R / B, ..., B)`` (:mod:`~herz.engine.compiled.lanes.layout`): the block's
runs in the last axis, so the lanes hold ``B`` runs of the same pair, full at any N, and a
phase is called once a block. ``docs/reference/performance.md`` gives what this layout
measured against the run-first one and why both unmet speed targets need it.

Conventions every kernel here keeps:

- ``X_block(b, ...)`` computes block ``b``; every loop over the lanes is ``range(B)`` with
  ``B`` an array's last length, never ``range(r0, r1)``: numba wraps negative indices, and a
  wrapped index is not a stride the compiler vectorises over;
- the same operations in the same order as the run-first kernel, lane by lane, so that the
  numbers are that kernel's bit for bit (where a number needs ``log`` or ``exp``, both
  kernels take :mod:`herz.engine.compiled.libm`'s, which vectorise, not the C library's);
- branches of the rules become selects over the lanes, or a branch taken when any lane needs
  it with the others' results kept as they were.

The phases, each tested against its run-first kernel on the fused step's states
(``tests/engine/test_lanes_*.py``, every array and event bit for bit): the opening
(:mod:`~herz.engine.compiled.lanes.context`: alliances, monitoring, both noise draws,
perception in :mod:`~herz.engine.compiled.lanes.perception`, the war arithmetic in
:mod:`~herz.engine.compiled.lanes.war_choice`, the main threats); the built-in rule
(:mod:`~herz.engine.compiled.lanes.decide`); the agreements decided and kept and the standing
postures (:mod:`~herz.engine.compiled.lanes.agreements`); the acts
(:mod:`~herz.engine.compiled.lanes.acts`); the judgement of arming and the exposure of bogus
reasons (:mod:`~herz.engine.compiled.lanes.learning`); incidents, crises, crisis wars, demands
and wars (:mod:`~herz.engine.compiled.lanes.conflict`); the pair record, beliefs, the economy
and the war hazard (:mod:`~herz.engine.compiled.lanes.closing`); the dyad counts, frames and
tallies read off the blocks (:mod:`~herz.engine.compiled.lanes.outputs`). Rare, branchy acts
(events, agreements, crises, wars) are taken lane by lane, and only for the pairs where some
lane of the block needs them. :mod:`~herz.engine.compiled.lanes.step` composes them, a block at
a time, into the kernel of :class:`~herz.engine.compiled.lanes.driver.LanesStep`, which
:func:`herz.engine.simulate.simulate` is to take for chunks of a block of runs or more
(:func:`~herz.engine.compiled.lanes.driver.lanes_pay`; switched off, ``LANES_ON``, until its
first compile is cut from minutes and the speed targets are re-measured with it).
"""
