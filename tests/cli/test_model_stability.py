"""In-process tests of ``herz model stability``."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_sspk_text(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — LR = CEP gives SSPK 0.5."""
    code = main(["model", "stability", "sspk", "--yield-mt", "1", "--cep-nmi", "0.262",
                 "--hardness-psi", "1000"])
    out = capsys.readouterr().out
    assert code == 0
    assert "SSPK              0.5000" in out


def test_sspk_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — the JSON carries inputs and the kill probability."""
    code = main(["model", "stability", "sspk", "--yield-mt", "1", "--cep-nmi", "0.262",
                 "--hardness-psi", "1000", "--reliability", "0.8", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["kill_probability"] == pytest.approx(0.4, abs=1e-6)


def test_survivors(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — 500 silos x 0.3^2 + 1000 x 0.6 + 300 x 0.3."""
    code = main(["model", "stability", "survivors", "--slbm-warheads", "1000",
                 "--bomber-warheads", "300", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["surviving_warheads"] == pytest.approx(45 + 600 + 90)
    assert main(["model", "stability", "survivors"]) == 0
    assert "total surviving warheads" in capsys.readouterr().out


def test_index_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — default postures' index (pinned in herz.models.stability)."""
    assert main(["model", "stability", "index"]) == 0
    assert "first-strike stability index  = 0.6933" in capsys.readouterr().out
    assert main(["model", "stability", "index", "--asw-a", "0.5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["index"] < 0.6933
    assert set(data["a_first"]) >= {"counterforce_warheads", "damage_to_defender"}


def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — a negative yield is refused with a one-line error naming the field."""
    code = main(["model", "stability", "sspk", "--yield-mt", "-1", "--cep-nmi", "0.1",
                 "--hardness-psi", "1000"])
    err = capsys.readouterr().err
    assert code == 2
    assert "yield_mt" in err and "\n" == err[-1] and err.count("\n") == 1
    assert main(["model", "stability", "index", "--at-sea-a", "1.5"]) == 2
