"""Designs: sizes, order, determinism and the Latin hypercube's stratification."""

from __future__ import annotations

import numpy as np

from herz.sweep.design import design_size, make_design, point_seeds, sample_unit
from herz.sweep.spec import parse_sweep

TWO = [{"path": "world.misread", "range": [0.0, 1.0]},
       {"path": "world.war_hazard_max", "range": [0.2, 0.6]}]


def _sweep(design: dict[str, object], parameters: list[dict[str, object]] = TWO,
           seed: int = 0) -> object:
    return parse_sweep({"scenario": "spiral", "runs": 1, "steps": 1, "seed": seed,
                        "design": design, "parameters": parameters})


def test_grid_is_the_product_last_parameter_fastest() -> None:
    sweep = parse_sweep({"scenario": "spiral", "parameters": [
        {"path": "world.misread", "values": [0.1, 0.2]},
        {"path": "actors.Blue.motive", "values": ["security", "greedy"]},
        {"path": "world.war_hazard_max", "range": [0.0, 1.0], "num": 3}]})
    d = make_design(sweep)
    assert d.size == design_size(sweep) == 12
    assert d.columns["world.misread"][:6] == [0.1] * 6
    assert d.columns["actors.Blue.motive"][:3] == ["security"] * 3
    assert d.columns["world.war_hazard_max"][:3] == [0.0, 0.5, 1.0]


def test_lhs_has_one_point_per_stratum_and_depends_only_on_the_seed() -> None:
    a = make_design(_sweep({"kind": "lhs", "n": 20}))  # type: ignore[arg-type]
    b = make_design(_sweep({"kind": "lhs", "n": 20}))  # type: ignore[arg-type]
    c = make_design(_sweep({"kind": "lhs", "n": 20}, seed=1))  # type: ignore[arg-type]
    assert a.unit is not None and b.unit is not None and c.unit is not None
    for j in range(2):
        assert sorted(np.floor(a.unit[:, j] * 20).astype(int).tolist()) == list(range(20))
    np.testing.assert_array_equal(a.unit, b.unit)
    assert not np.array_equal(a.unit, c.unit)
    x = np.array(a.columns["world.war_hazard_max"])
    assert x.min() >= 0.2 and x.max() <= 0.6


def test_saltelli_and_morris_sizes() -> None:
    sobol = _sweep({"kind": "sobol", "n": 8})
    assert make_design(sobol).size == design_size(sobol) == 8 * (2 * 2 + 2)  # type: ignore[arg-type]
    first = _sweep({"kind": "sobol", "n": 8, "second_order": False})
    assert make_design(first).size == 8 * (2 + 2)  # type: ignore[arg-type]
    morris = _sweep({"kind": "morris", "n": 3})
    assert make_design(morris).size == 3 * (2 + 1)  # type: ignore[arg-type]


def test_point_seeds_are_independent_of_how_many_points() -> None:
    few, many = point_seeds(7, 3), point_seeds(7, 10)
    assert [s.generate_state(2).tolist() for s in few] == [
        s.generate_state(2).tolist() for s in many[:3]]
    assert len({tuple(s.generate_state(2)) for s in many}) == 10


def test_sample_unit_stays_in_the_cube() -> None:
    for kind in ("lhs", "sobol", "morris"):
        u = sample_unit(kind, ["a", "b", "c"], 8, np.random.SeedSequence(1))
        assert u.shape[1] == 3 and u.min() >= 0 and u.max() <= 1
