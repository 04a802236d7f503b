"""The canonical formal models of the security dilemma, one small module per model.

Each module states its equations and source in its docstring, exposes a typed API, and provides
``reference_checks()``: the published and analytic values it reproduces, which ``herz validate``
runs. See :mod:`herz.validate`.
"""

#: The model modules, in the order ``herz validate`` reports them.
MODEL_MODULES: tuple[str, ...] = (
    "richardson",
    "jervis",
    "kydd",
    "bargaining",
    "stability",
    "iterated",
    "intriligator_brito",
    "offense_defense",
    "surprise_attack",
    "glaser",
    "kent_thaler",
    "arms_race_talk",
    "axelrod_tournaments",
)

__all__ = ["MODEL_MODULES"]
