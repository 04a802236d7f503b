"""``herz model bargaining``: readable output, --json, exit codes."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_range_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "bargaining", "range", "--p", "0.6", "--c-a", "0.1", "--c-b",
                 "0.15"]) == 0
    assert "x in [0.5, 0.75]" in capsys.readouterr().out


def test_risk_return_json_with_numeric(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "bargaining", "risk-return", "--p", "0.5", "--c-a", "0.05",
                 "--c-b-low", "0", "--c-b-high", "0.4", "--numeric", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["method"] for r in rows] == ["closed form (uniform)", "numerical"]
    assert rows[0]["offer"] == pytest.approx(0.675)
    assert rows[1]["offer"] == pytest.approx(0.675, abs=1e-6)


def test_risk_return_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "bargaining", "risk-return", "--p", "0.5", "--c-a", "0.05",
                 "--c-b-low", "0", "--c-b-high", "0.4"]) == 0
    assert "war probability 0.4375" in capsys.readouterr().out


def test_commitment_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["model", "bargaining", "commitment", "--p-now", "0.2", "--p-next", "0.6",
            "--c-a", "0.5", "--c-b", "0.5"]
    assert main(args) == 0
    assert "war in period 0, started by B" in capsys.readouterr().out
    assert main([*args, "--periods", "8"]) == 0
    assert "peace in every period" in capsys.readouterr().out
    assert main([*args, "--json", "--proposer", "rising"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["war_period"] == 0 and out["share_a"][0] is None


@pytest.mark.parametrize("args", [
    ["range", "--p", "1.5", "--c-a", "0.1", "--c-b", "0.1"],
    ["commitment", "--p-now", "0.2", "--p-next", "0.6", "--c-a", "0.5", "--c-b", "0.5",
     "--proposer", "nobody"],
    ["commitment", "--p-now", "0.2", "--p-next", "0.6", "--c-a", "0.5", "--c-b", "0.5",
     "--delta", "1"],
])
def test_bad_input_exits_2_with_one_line(args: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "bargaining", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("herz: error:") and err.count("\n") == 1


def test_risk_range_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — u = sqrt(x), p = 1/2, c_A = c_B = 0.1: [0.16, 0.84], 0.48 wider than the
    risk-neutral [0.4, 0.6] (Fearon 1995's widening; bounds derived by herz)."""
    assert main(["model", "bargaining", "risk-range", "--p", "0.5", "--c-a", "0.1", "--c-b",
                 "0.1", "--r-a", "0.5", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["low"], data["high"], data["widening"]) == pytest.approx((0.16, 0.84, 0.48))
