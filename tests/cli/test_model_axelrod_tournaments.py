"""``herz model axelrod-tournaments``: the first tournament scored as Axelrod's Table 2."""

from __future__ import annotations

import json

import pytest

from herz.cli import main

pytestmark = pytest.mark.oracle


def test_axelrod_tournaments_first(capsys: pytest.CaptureFixture[str]) -> None:
    """``herz model axelrod-tournaments first``: Table 2 scoring, text and --json."""
    pytest.importorskip("axelrod")
    assert main(["model", "axelrod-tournaments", "first", "--repetitions", "1", "--seed", "3",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["seed"] == 3 and len(data["means"]) == 15 and data["nice_in_top_eight"] == 8
    assert data["published_means"]["Tit For Tat"] == pytest.approx(504.53, abs=0.01)
    assert main(["model", "axelrod-tournaments", "first", "--repetitions", "1"]) == 0
    assert "Spearman rho" in capsys.readouterr().out
