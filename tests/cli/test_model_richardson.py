"""``herz model richardson``: in-process CLI tests (output, --json, exit codes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herz.cli import main


def test_solve_text(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic -- worked example k=2,l=1,a=3,b=2,g=4,h=2: x* = 3, y* = 2.5 (Cramer)."""
    code = main(["model", "richardson", "solve", "--k", "2", "--l", "1", "--a", "3", "--b", "2",
                 "--g", "4", "--h", "2"])
    out = capsys.readouterr().out
    assert code == 0
    assert "x* = 3, y* = 2.5" in out
    assert "stable balance" in out
    assert "spectral radius of I + A = 3 (unstable)" in out


def test_solve_json_runaway(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic -- kl > ab with positive grievances is a runaway race (Richardson 1960)."""
    code = main(["model", "richardson", "solve", "--k", "2", "--l", "2", "--a", "1", "--b", "1",
                 "--g", "1", "--h", "1", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["regime"] == "runaway_race"
    assert data["stable"] is False and data["long_run"] is None
    assert data["eigenvalues"] == pytest.approx([1.0, -3.0])


@pytest.mark.parametrize("method", ["exact", "ode", "map"])
def test_simulate_methods_agree_on_fixed_point(
    method: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kind: analytic -- started at the equilibrium (2, 2), every method stays there."""
    code = main(["model", "richardson", "simulate", "--k", "0.5", "--l", "0.5", "--a", "1",
                 "--b", "1", "--g", "1", "--h", "1", "--x0", "2", "--y0", "2", "--t-end", "4",
                 "--points", "5", "--method", method, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["x"] == pytest.approx([2.0] * 5, abs=1e-8)


def test_simulate_text_truncated(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic -- goodwill (g, h < 0) with truncation disarms both sides to zero."""
    code = main(["model", "richardson", "simulate", "--k", "0.5", "--l", "0.5", "--a", "1",
                 "--b", "1", "--g", "-1", "--h", "-1", "--x0", "1", "--y0", "1", "--t-end",
                 "20", "--points", "3", "--method", "ode", "--truncate"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert lines[0].split() == ["t", "x", "y"]
    assert lines[-1].split()[1:] == ["0", "0"]


@pytest.mark.parametrize("form", ["sum", "difference", "ls"])
def test_fit_prewwi(form: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression -- NMC 1909-1913 sum form gives k - a = 0.832063 (pinned, herz 0.1.0)."""
    code = main(["model", "richardson", "fit", "--form", form])
    out = capsys.readouterr().out
    assert code == 0
    assert "France+Russia (x) vs Germany+Austria-Hungary (y), 1909-1913" in out
    if form == "sum":
        assert "k_minus_a          0.832063" in out


def test_fit_own_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression -- the packaged 1909-1913 blocs as a CSV of one's own give the pinned
    sum-form slope k - a = 0.832063 of the packaged data."""
    path = tmp_path / "mine.csv"
    code = main(["model", "richardson", "fit", "--json"])
    assert code == 0 and json.loads(capsys.readouterr().out)["k_minus_a"] == pytest.approx(
        0.832063, abs=1e-6)
    from herz.models.richardson import load_prewwi_blocs

    s = load_prewwi_blocs(1909, 1913)
    rows = "".join(f"{int(t)},{float(x)!r},{float(y)!r}\n"
                   for t, x, y in zip(s.years, s.x, s.y, strict=True))
    path.write_text("year,x,y\n" + rows, encoding="utf-8")
    code = main(["model", "richardson", "fit", "--data", str(path), "--names", "E,C"])
    out = capsys.readouterr().out
    assert code == 0
    assert "E (x) vs C (y), 1909-1913, as in mine.csv" in out
    assert "k_minus_a          0.832063" in out


@pytest.mark.parametrize(
    ("text", "words"),
    [(None, ["absent.csv", "--data", "no such file", "india-pakistan"]),
     ("year,x\n1909,1\n", ["absent.csv", "missing column 'y'"])],
)
def test_fit_bad_csv_is_one_line(
    tmp_path: Path, text: str | None, words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "absent.csv"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    assert main(["model", "richardson", "fit", "--data", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and all(w in err for w in words), err


def test_fit_dyad_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression -- India-Pakistan 1956-2024 sum-form slope (pinned, herz 0.1.0)."""
    code = main(["model", "richardson", "fit", "--data", "india-pakistan", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["k_minus_a"] == pytest.approx(0.0278463, abs=1e-6)
    assert data["n"] == 68


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["solve", "--k", "1", "--l", "1", "--a", "1", "--b", "1"], "a*b - k*l"),
        (["solve", "--k", "-1", "--l", "1", "--a", "1", "--b", "1"], "k: -1.0"),
        (["simulate", "--k", "1", "--l", "1", "--a", "2", "--b", "2", "--method", "euler"],
         "--method"),
        (["simulate", "--k", "1", "--l", "1", "--a", "2", "--b", "2", "--truncate"],
         "--truncate"),
        (["simulate", "--k", "1", "--l", "1", "--a", "2", "--b", "2", "--points", "1"],
         "--points"),
        (["simulate", "--k", "1", "--l", "1", "--a", "2", "--b", "2", "--method", "map",
          "--t-end", "2.5"], "--t-end"),
        (["fit", "--form", "quadratic"], "--form"),
        (["fit", "--data", "atlantis"], "dyad"),
    ],
)
def test_bad_input_exits_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kind: analytic -- bad values print one 'herz: error:' line and exit 2."""
    code = main(["model", "richardson", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("herz: error:") and message in err
    assert err.count("\n") == 1
