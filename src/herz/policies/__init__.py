"""Policies for a leader's chair from outside the engine.

- :mod:`herz.policies.orders`: the repertoire as an agent sees it (one leader's orders, per
  run) and what is legal for it, turned into the engine's
  :class:`~herz.engine.state.Decisions` through the same interface as every policy.
- :mod:`herz.policies.llm`: a language model as a leader (``policy = "llm:MODEL"``), with
  every exchange recorded in a cassette (:mod:`herz.policies.cassette`) and replayable offline.
"""
