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

Built so far: perception (:mod:`~herz.engine.compiled.lanes.perception`); the built-in rule
(:mod:`~herz.engine.compiled.lanes.decide`); the war arithmetic
(:mod:`~herz.engine.compiled.lanes.war_choice`). The fused step does
not use this package yet: it is being built phase by phase, each tested against the run-first
kernel on the same states.
"""
