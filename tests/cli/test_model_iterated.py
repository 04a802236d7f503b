"""Tests of ``herz model iterated``, run in-process."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_payoff_text(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — TFT vs TFT under 1% noise earns (R+S+T+P)/4 = 2.25."""
    assert main(["model", "iterated", "payoff", "tft", "tft", "--noise", "0.01"]) == 0
    out = capsys.readouterr().out
    assert "TFT (X) vs TFT (Y), long run" in out
    assert "X 2.250000   Y 2.250000" in out


def test_payoff_json_press_dyson(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: published — Press & Dyson 2012, chi = 3 example: 3.73 and 1.91 against ALLC."""
    assert main(["model", "iterated", "payoff", "zd:3,0.038461538461538464", "allc",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["payoff_x"] == pytest.approx(41 / 11, abs=1e-9)
    assert data["payoff_y"] == pytest.approx(21 / 11, abs=1e-9)
    assert data["horizon"] == "long run" and "herz_version" in data


def test_payoff_horizons(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — TFT vs ALLD: (S + 9P)/10 over 10 rounds; (1-d)S + dP discounted."""
    assert main(["model", "iterated", "payoff", "tft", "alld", "--turns", "10", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["payoff_x"] == pytest.approx(0.9)
    assert main(["model", "iterated", "payoff", "tft", "alld", "--discount", "0.8",
                 "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["payoff_x"] == pytest.approx(0.8)


def test_tournament_text_and_seed(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — the tournament prints its seed, a ranking and the payoff matrix, and
    the same seed gives the same output."""
    args = ["model", "iterated", "tournament", "--noise", "0.01", "--turns", "50",
            "--repetitions", "5", "--seed", "7"]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert "seed 7" in first and "Payoff matrix" in first and " 1. " in first
    assert main(args) == 0
    assert capsys.readouterr().out == first


def test_tournament_defaults_are_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — without --seed and --noise the tournament uses seed 0 and Wu &
    Axelrod's 1% implementation noise, prints both, and the same command gives the same numbers."""
    args = ["model", "iterated", "tournament", "--strategies", "tft,alld", "--turns", "5",
            "--repetitions", "2"]
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["seed"] == 0 and data["noise"]["implementation"] == 0.01
    assert main([*args, "--json", "--seed", "0", "--noise", "0.01"]) == 0
    assert json.loads(capsys.readouterr().out)["payoff_matrix"] == data["payoff_matrix"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "seed 0" in out and "implementation noise 0.01" in out


def test_tournament_random_length(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — Axelrod's w = 0.99654: mean length 1/(1 - w) = 289.0, median 200; the
    exact TFT vs ALLD payoff per round is (1 - w) S + w P = w without noise."""
    assert main(["model", "iterated", "tournament", "--strategies", "tft,alld",
                 "--continuation", "0.99654", "--repetitions", "3"]) == 0
    out = capsys.readouterr().out
    assert "random length, continuation 0.99654 (mean 289.0, median 200 rounds)" in out
    assert main(["model", "iterated", "tournament", "--strategies", "tft,alld", "--noise", "0",
                 "--continuation", "0.99654", "--exact", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["payoff_matrix"][0][1] == pytest.approx(0.99654, abs=1e-12)
    assert data["continuation"] == 0.99654 and data["turns"] is None


def test_payoff_random_length(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — payoff per round of TFT vs ALLD with continuation w: (1 - w) S + w P."""
    assert main(["model", "iterated", "payoff", "tft", "alld", "--continuation", "0.9",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["payoff_x"] == pytest.approx(0.9) and "random length" in data["horizon"]


def test_tournament_noise_field_ecological(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: published (qualitative) — Wu & Axelrod 1995's abstract: generosity best among rules
    not adapted to noise; contrition takes over once the others have adapted (ecological
    simulation); Pavlov (WSLS) is not robust. herz's 'noise' field, exact, 1% noise."""
    assert main(["model", "iterated", "tournament", "--field", "noise", "--exact",
                 "--continuation", "0.99654", "--ecological", "5000", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ranking"][0] == "GTFT"
    shares = data["ecological"]["shares"]
    assert shares["CTFT"] == pytest.approx(1.0, abs=1e-3) and shares["WSLS"] < 1e-6


def test_tournament_exact_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — exact noiseless round robin of TFT, ALLD and parameterised strategies
    (separated by ';'): TFT vs ALLD over 10 rounds is 0.9 (``--noise 0``: the default is 1%)."""
    assert main(["model", "iterated", "tournament", "--strategies", "tft;alld;gtft:0.2;zd:2,0.05",
                 "--exact", "--turns", "10", "--noise", "0", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["names"][:2] == ["TFT", "ALLD"]
    assert data["payoff_matrix"][0][1] == pytest.approx(0.9)
    assert data["seed"] is None and data["exact"] is True


def test_tournament_exact_text(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — the exact tournament prints no standard errors."""
    assert main(["model", "iterated", "tournament", "--exact", "--turns", "20"]) == 0
    out = capsys.readouterr().out
    assert "exact expectation" in out and "s.e." not in out


def test_gtft_generosity(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: published — Nowak & Sigmund 1992: 1/3 for (5, 3, 1, 0)."""
    assert main(["model", "iterated", "gtft-generosity"]) == 0
    assert "0.333333" in capsys.readouterr().out
    assert main(["model", "iterated", "gtft-generosity", "--temptation", "4", "--punishment",
                 "2", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["generosity"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["payoff", "tft", "nonsense"], "strategy"),
        (["payoff", "tft", "tft", "--noise", "1.5"], "noise.implementation"),
        (["payoff", "tft", "tft", "--turns", "5", "--discount", "0.5"], "--turns/--discount"),
        (["payoff", "tft", "tft", "--continuation", "1"], "continuation"),
        (["tournament", "--field", "nonsense"], "--field"),
        (["payoff", "tft", "tft", "--discount", "1"], "discount"),
        (["tournament", "--repetitions", "0"], "repetitions"),
        (["gtft-generosity", "--reward", "6"], "prisoner"),
    ],
)
def test_bad_input_exits_2(args: list[str], message: str,
                           capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — bad input gives a one-line error naming the field, exit status 2."""
    assert main(["model", "iterated", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("herz: error:") and message in err and err.count("\n") == 1


@pytest.mark.oracle
def test_axelrod_tournament_command(capsys: pytest.CaptureFixture[str]) -> None:
    """One game per pair of the first field: a table with published ranks, and --json."""
    pytest.importorskip("axelrod")
    assert main(["model", "iterated", "axelrod-tournament", "--repetitions", "1", "--seed",
                 "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["rows"]) == 15 and {r["published_rank"] for r in data["rows"]} == set(
        range(1, 16))


def test_axelrod_tournament_missing_package(capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "axelrod" else real(name, *a))
    assert main(["model", "iterated", "axelrod-tournament"]) == 2
    assert "axelrod package is missing" in capsys.readouterr().err
