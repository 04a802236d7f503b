"""In-process tests of ``herz model intriligator-brito``."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_classify(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — (300, 10) with defaults: A may initiate (derivation in model tests)."""
    assert main(["model", "intriligator-brito", "classify", "--m-a", "300", "--m-b", "10"]) == 0
    assert "A may initiate" in capsys.readouterr().out
    assert main(["model", "intriligator-brito", "classify", "--m-a", "400", "--m-b", "400",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["region"] == "mutual deterrence" and data["a_deterred"] is True


def test_regions(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — default cone vertex (200, 200) and a map with every symbol."""
    assert main(["model", "intriligator-brito", "regions", "--size", "30"]) == 0
    out = capsys.readouterr().out
    assert "cone vertex     (200.0, 200.0)" in out
    assert all(s in out for s in "DabW.")
    assert main(["model", "intriligator-brito", "regions", "--f-a", "2", "--f-b", "1",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cone_exists"] is False and data["cone_vertex"] is None
    assert main(["model", "intriligator-brito", "regions", "--f-a", "2", "--f-b", "1"]) == 0
    assert "none: f_A f_B >= 1" in capsys.readouterr().out


def test_race(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — the default race enters mutual deterrence in year 6.81."""
    assert main(["model", "intriligator-brito", "race"]) == 0
    out = capsys.readouterr().out
    assert "year   6.81" in out and "mutual deterrence" in out
    assert main(["model", "intriligator-brito", "race", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["visits"][-1][1] == "mutual deterrence" and data["stable"] is True


def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — a negative stock and a bad option give a one-line error, exit 2."""
    assert main(["model", "intriligator-brito", "classify", "--m-a", "-3", "--m-b", "1"]) == 2
    assert "m_a" in capsys.readouterr().err
    assert main(["model", "intriligator-brito", "regions", "--max", "0"]) == 2
    assert main(["model", "intriligator-brito", "race", "--years", "0"]) == 2
    assert main(["model", "intriligator-brito", "classify", "--m-a", "1", "--m-b", "1",
                 "--acceptable-a", "200"]) == 2
    assert "acceptable_a" in capsys.readouterr().err
