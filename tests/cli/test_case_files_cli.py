"""``herz case new`` and every ``herz case`` command on a case file outside the package, in
process: the skeleton runs end to end as written, nothing is overwritten, and broken files are
one-line errors with status 2."""

from __future__ import annotations

import json
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from herz.cases import load_case
from herz.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cases"))
from case_support import copy_library_case  # noqa: E402


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("herz: error: "), err
    return lines[0]


def test_skeleton_runs_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "new", "my-case", "--dir", str(tmp_path), "--steps", "5"]) == 0
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["my_case.case.toml", "my_case.toml", "my_case_spending.csv"]
    case_file = str(tmp_path / "my_case.case.toml")
    assert case_file in capsys.readouterr().out
    # Every section of the case file is documented for the researcher.
    text = (tmp_path / "my_case.case.toml").read_text()
    for section in ("[observed]", "[[actors]]", "[[codes]]", "[[parameters]]", "[calibration]",
                    "[[contacts]]", "[[counterfactuals]]", "ccode", "iso3"):
        assert section in text, section
    assert text.count("\n#") > 30
    assert (tmp_path / "my_case_spending.csv").read_text().startswith("# EXAMPLE NUMBERS")

    assert main(["case", "show", case_file]) == 0
    shown = capsys.readouterr().out
    assert "my_case_spending.csv" in shown and "no-buildup" in shown
    assert main(["case", "show", case_file, "--json"]) == 0
    assert set(json.loads(capsys.readouterr().out)["derived_initial"]) == {"Red", "Blue"}

    out = tmp_path / "run"
    assert main(["case", "run", case_file, "--all", "--runs", "3", "--out", str(out)]) == 0
    assert "case 'my-case', 3 runs, seed 0" in capsys.readouterr().out
    record = json.loads((out / "case.json").read_text())
    assert record["counterfactuals"] == ["no-buildup", "empathy"]
    assert record["case_file"] == case_file
    assert record["observed_file"]["file"] == "my_case_spending.csv"
    for branch in ("factual", "no-buildup", "empathy"):
        assert (out / branch / "summary.json").is_file()

    assert main(["case", "calibrate", case_file, "--runs", "2", "--max-evals", "1"]) == 0
    assert "actors.Red.target_security" in capsys.readouterr().out
    for cited in (str(out), case_file):  # a run of the case, and the case file itself
        assert main(["cite", cited]) == 0
        assert "EXAMPLE NUMBERS" in capsys.readouterr().out


def test_skeleton_takes_codes_and_event_rates(tmp_path: Path) -> None:
    assert main(["case", "new", "pair", "--dir", str(tmp_path), "--start", "1985",
                 "--actors", "United States:2:USA,Russia:365,Some group"]) == 0
    meta = tomllib.loads((tmp_path / "pair.case.toml").read_text())
    codes = {c["actor"]: c for c in meta["codes"]}
    assert codes["United States"] == {"actor": "United States", "kind": "state", "ccode": [2],
                                      "iso3": ["USA"]}
    assert codes["Russia"]["ccode"] == [365] and "iso3" not in codes["Russia"]
    assert codes["Some group"]["kind"] == "unknown"
    scenario = tomllib.loads((tmp_path / "pair.toml").read_text())
    rates = tomllib.loads(
        (resources.files("herz.cases") / "event_rates.toml").read_text(encoding="utf-8"))
    for path, value in rates["values"].items():
        assert scenario["world"][path.split(".")[1]] == value
    assert scenario["start_year"] == 1985
    assert load_case(tmp_path / "pair.case.toml").name == "pair"


def test_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.toml").write_text("precious", encoding="utf-8")
    line = refused(["case", "new", "mine", "--dir", str(tmp_path)], capsys)
    assert "mine.toml" in line and "never overwrites" in line
    assert (tmp_path / "mine.toml").read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.toml"]
    assert main(["case", "new", "fresh", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    before = (tmp_path / "fresh.case.toml").read_text()
    refused(["case", "new", "fresh", "--dir", str(tmp_path)], capsys)
    assert (tmp_path / "fresh.case.toml").read_text() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["case", "new", "Bad_Name"], ["NAME", "lower-case"]),
        (["case", "new", "x", "--actors", "Solo"], ["--actors", "two or more"]),
        (["case", "new", "x", "--actors", "A,A"], ["--actors", "two or more"]),
        (["case", "new", "x", "--actors", "A:two,B"], ["--actors", "COW state code"]),
        (["case", "new", "x", "--actors", "A:2:usa,B"], ["--actors", "alpha-3"]),
    ],
)
def test_new_refuses_bad_arguments(
    tmp_path: Path, args: list[str], words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused([*args, "--dir", str(tmp_path / "d")], capsys)
    assert all(w in line for w in words), line
    assert not (tmp_path / "d").exists()


def test_every_case_command_takes_a_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A library case copied out of the package gives the same numbers by path as by name."""
    path = str(copy_library_case("pre-1914", tmp_path))
    scores = []
    for ref in ("pre-1914", path):
        args = ["case", "backtest", ref, "--runs", "4", "--bootstrap", "0", "--json"]
        assert main(args) == 0
        scores.append(json.loads(capsys.readouterr().out)["scores"])
    assert scores[0] == scores[1]
    runs = {}
    for ref, out in (("pre-1914", "a"), (path, "b")):
        assert main(["case", "run", ref, "-c", "no-entente", "--runs", "3",
                     "--out", str(tmp_path / out)]) == 0
        runs[out] = json.loads((tmp_path / out / "case.json").read_text())
    assert runs["a"]["comparison"] == runs["b"]["comparison"]
    assert runs["a"]["case_file"] == "herz/cases/pre_1914.case.toml"
    assert runs["b"]["case_file"] == path


def test_broken_case_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    absent = str(tmp_path / "absent.case.toml")
    for command in ("show", "run", "calibrate", "backtest"):
        assert absent in refused(["case", command, absent], capsys)
    assert main(["case", "new", "gone", "--dir", str(tmp_path)]) == 0
    capsys.readouterr()
    (tmp_path / "gone_spending.csv").unlink()
    line = refused(["case", "run", str(tmp_path / "gone.case.toml"), "--out",
                    str(tmp_path / "o")], capsys)
    assert "gone.case.toml: observed.file" in line and "gone_spending.csv" in line
    assert not (tmp_path / "o").exists()


def test_the_how_to_skeleton_command_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/howto/add-a-case.md's `herz case new` line runs as written (into a tmp folder)."""
    import shlex

    howto = Path(__file__).parents[2] / "docs" / "howto" / "add-a-case.md"
    lines = [ln for ln in howto.read_text().splitlines() if ln.startswith("herz case new ")]
    assert lines
    args = shlex.split(lines[0])[1:]
    folder = args.index("--dir") + 1
    args[folder] = str(tmp_path / args[folder])
    assert main(args) == 0
    case_file = next((tmp_path / "cases").glob("*.case.toml"))
    assert main(["case", "show", str(case_file)]) == 0
    assert "United States" in capsys.readouterr().out
