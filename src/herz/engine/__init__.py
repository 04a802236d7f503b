"""The simulation engine: scenarios, the vectorised simulation and one module per phase of a step.

Start from :mod:`herz.engine.scenario` (the schema of a scenario file, :func:`load_scenario`) and
:mod:`herz.engine.simulate` (:func:`simulate`, many runs at once); :mod:`herz.engine.step` applies
the phases of one step in the order of the ODD description (docs/reference/odd.md). Importing
the package imports none of its modules.
"""

__all__: list[str] = []
