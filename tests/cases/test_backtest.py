"""``herz case backtest``: dyad-year predictions scored against the dispute record."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pytest
from case_support import spy_backends

from herz.cases import load_case
from herz.cases.backtest import PACKAGED, auc, backtest, read_disputes
from herz.cli import main
from herz.data import provenance
from herz.errors import HerzInputError


@pytest.fixture(scope="module")
def record():
    return read_disputes(PACKAGED).merged(read_disputes(PACKAGED, war=True))


def test_auc_counts_ties_half_and_strata_apart() -> None:
    assert auc(np.array([0.9, 0.1]), np.array([1, 0])) == 1.0
    assert auc(np.array([0.5, 0.5]), np.array([1, 0])) == 0.5
    assert auc(np.array([0.1, 0.2]), np.array([0, 0])) is None
    # Across strata the first pair would win; within them the timing is wrong in both.
    p, y, s = np.array([0.9, 0.95, 0.1, 0.2]), np.array([1, 0, 1, 0]), np.array([0, 0, 1, 1])
    assert auc(p, y, strata=s) == 0.0


def test_packaged_disputes_stop_before_1994_and_are_cited(record) -> None:
    assert record.last_year <= 1993
    assert "Gibler" in provenance("mid_cases").citation
    # Agadir, 1911: a display between France (220) and Germany (255).
    assert record.level([220], [255], 1911) == 3
    assert record.level([255], [220], 1911) == 3  # unordered
    assert record.level([2], [365], 1962) >= 4  # the missile crisis


def test_pre_1914_backtest_scores_and_is_reproducible(record) -> None:
    case = load_case("pre-1914")
    t0 = time.perf_counter()
    bt = backtest(case, record, runs=400, seed=0, bootstrap=200)
    assert time.perf_counter() - t0 < 60
    again = backtest(case, record, runs=400, seed=0, bootstrap=200)
    assert bt.as_dict() == again.as_dict()
    sc = bt.scores
    assert bt.years == (1908, 1913) and len(bt.rows["p"]) == 60
    assert 0 <= sc["brier"] <= 1 and sc["base_rate"] == pytest.approx(3 / 60)
    assert sc["skill_vs_base_rate"] == pytest.approx(1 - sc["brier"] / sc["brier_base_rate"])
    for key in ("brier", "skill_vs_base_rate", "auc_all"):
        lo, hi = sc["intervals_95"][key]
        assert lo <= sc[key] <= hi
    assert sum(b["n"] for b in bt.reliability) == 60


def test_scripted_acts_are_not_counted_unless_asked(record) -> None:
    case = load_case("cuba-1962")
    own = backtest(case, record, runs=50, seed=1, bootstrap=0, first=1962, last=1962)
    allp = backtest(case, record, runs=50, seed=1, bootstrap=0, first=1962, last=1962,
                    scripted=True)
    us_ussr = own.rows["actor"] == "United States"
    assert (allp.rows["p"][us_ussr] >= own.rows["p"][us_ussr]).all()
    assert allp.rows["p"].max() == 1.0 and own.rows["p"].max() < 1.0


def test_post_1993_cases_are_refused(record) -> None:
    with pytest.raises(HerzInputError, match="out of sample"):
        backtest(load_case("nato-russia"), record, runs=5, bootstrap=0)


def test_files_without_a_needed_column_are_one_line_errors(tmp_path: Path) -> None:
    bad = tmp_path / "d.csv"
    bad.write_text("ccode1,ccode2,year,hostlev\n2,365,1962,4\n")
    with pytest.raises(HerzInputError, match="'gmlmidonset'"):
        read_disputes(str(bad))
    bad.write_text("ccode1,year,gmlmidonset\n2,1962,1\n")
    with pytest.raises(HerzInputError, match="'ccode2'"):
        read_disputes(str(bad))


def test_cli_backtest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bt"
    args = ["case", "backtest", "pre-1914", "--runs", "60", "--seed", "2", "--bootstrap", "50"]
    assert main([*args, "--json", "--out", str(out)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["case"] == "pre-1914" and shown["dyad_years"] == 60
    for name in ("backtest.json", "dyad_years.csv", "reliability.png", "backtest.html"):
        assert (out / name).is_file()
    assert main(args) == 0
    assert "AUC, within pairs over time" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("ccode1,ccode2,year\n2,40,1962\n")
    assert main(["case", "backtest", "cuba-1962", "--disputes", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "gmlmidonset" in err and len(err.strip().splitlines()) == 1
    assert main(["case", "backtest", "ukraine"]) == 2
    assert "out of sample" in capsys.readouterr().err


def test_numba_backend_scores_the_same_runs(record, monkeypatch: pytest.MonkeyPatch) -> None:
    """``backend="numba"`` computes the runs with the compiled step (the same draws: the same
    predictions to rounding) and is recorded with the scores."""
    pytest.importorskip("numba")
    import herz.cases.backtest as module

    used = spy_backends(monkeypatch, module)
    case = load_case("cuba-1962")
    ref = backtest(case, record, runs=40, seed=3, bootstrap=0)
    fast = backtest(case, record, runs=40, seed=3, bootstrap=0, backend="numba")
    assert used == ["numpy", "numba"]
    assert ref.as_dict()["backend"] == "numpy" and fast.as_dict()["backend"] == "numba"
    np.testing.assert_allclose(fast.rows["p"], ref.rows["p"], rtol=0, atol=1e-12)
    assert fast.scores["brier"] == pytest.approx(ref.scores["brier"], abs=1e-12)
