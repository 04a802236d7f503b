"""``herz case list|show|run|calibrate`` and ``herz cite``, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herz.atomic import MARKER
from herz.cases import case_names
from herz.cli import main
from herz.data import datasets, provenance


def test_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in case_names())
    assert main(["case", "show", "pre-1914"]) == 0
    out = capsys.readouterr().out
    assert "Timeline:" in out and "Counterfactuals:" in out and "no-entente" in out
    assert main(["case", "show", "pre-1914", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["meta"]["name"] == "pre-1914" and "Britain" in shown["derived_initial"]


def test_run_writes_report_and_comparison(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["case", "run", "pre-1914", "-c", "no-entente", "--runs", "12", "--seed", "3"]
    assert main([*args, "--out", str(out)]) == 0
    assert "no-entente" in capsys.readouterr().out
    for name in ("report.html", "case.json", "spending.png"):
        assert (out / name).is_file()
    for branch in ("factual", "no-entente"):
        assert (out / branch / "summary.json").is_file()
    record = json.loads((out / "case.json").read_text())
    assert record["seed"] == 3 and record["runs"] == 12
    assert record["herz_version"] and record["datasets"]
    diff = record["comparison"]["differences"]["no-entente"]
    assert set(diff) == {"p_war", "p_war_by_kind", "spiral_index", "security_final",
                         "changed_runs"}
    fact = record["comparison"]["branches"]["factual"]["p_war"]
    assert fact["low"] <= fact["estimate"] <= fact["high"]
    html = (out / "report.html").read_text()
    assert "Agadir" in html and "data:image/png;base64," in html
    # Same seed, same numbers.
    again = tmp_path / "again"
    assert main([*args, "--out", str(again)]) == 0
    assert json.loads((again / "case.json").read_text())["comparison"] == record["comparison"]
    # herz cite reads the run's record.
    capsys.readouterr()
    assert main(["cite", str(out)]) == 0
    cited = capsys.readouterr().out
    for name in record["datasets"]:
        assert provenance(name).citation in cited


def test_bad_input_is_exit_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["case", "run", "pre-1914", "-c", "nope", "--out", str(out)]) == 2
    assert "no counterfactual" in capsys.readouterr().err
    assert not out.exists()
    assert main(["case", "show", "atlantis"]) == 2
    assert main(["cite", str(tmp_path)]) == 2
    assert main(["case", "run", "pre-1914", "--runs", "0", "--out", str(out)]) == 2
    assert not out.exists()


def test_cite_everything_and_a_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "--data"]) == 0
    out = capsys.readouterr().out
    assert "The herz developers" in out
    assert all(f"[{d}]" in out for d in datasets())
    assert main(["cite", "pre-1914"]) == 0
    assert "[nmc_cases]" in capsys.readouterr().out


def test_calibrate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cal.json"
    args = ["case", "calibrate", "pre-1914", "--runs", "4", "--max-evals", "2", "--out", str(out)]
    assert main([*args, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(out.read_text())
    assert printed["rmse"] <= printed["rmse_prior"]
    # Without --json: a readable table, one row per parameter, with its prior and fitted value.
    assert main([*args, "--overwrite"]) == 0
    table = capsys.readouterr().out
    assert f"{printed['rmse_prior']:.4f} at the priors" in table
    for entry in printed["parameters"]:
        assert entry["path"] in table


def test_show_gives_the_fitted_values_beside_the_priors(capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    from herz.cases import load_case

    assert main(["case", "show", "nato-russia"]) == 0
    out = capsys.readouterr().out
    cal = load_case("nato-russia").meta.calibration
    assert cal is not None
    for path, value in cal.values.items():
        assert f"{path} = " in out and f"fitted {value:g}" in out
    assert "Event rates fitted on disputes and wars up to 1993" in out


def test_cite_a_plain_run_or_scenario_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `herz run` folder or a scenario file is traced to its case by the scenario's name; a
    scenario that is no case uses no packaged data."""
    from herz.cases import load_case
    from herz.examples import example_path, examples

    case = load_case("iran")
    scenario = Path(__file__).parents[2] / "src" / "herz" / "cases" / case.meta.scenario
    out = tmp_path / "run"
    assert main(["run", str(scenario), "--runs", "2", "--out", str(out)]) == 0
    for target in (str(out), str(scenario)):
        capsys.readouterr()
        assert main(["cite", target]) == 0
        cited = capsys.readouterr().out
        for name in case.meta.datasets:
            assert f"[{name}]" in cited and provenance(name).citation in cited
    capsys.readouterr()
    assert main(["cite", str(example_path(examples()[0]))]) == 0
    assert "uses no packaged data set" in capsys.readouterr().out


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_run_out_folder_safety(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder herz did not write is refused (exit 2, one line, untouched) unless --overwrite,
    which keeps every other file; a rewrite removes only herz's stale files."""
    docs = tmp_path / "mydocs"
    (docs / ".git").mkdir(parents=True)
    (docs / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (docs / "thesis.tex").write_text("\\section{Spirals}")
    before = _files(docs)
    args = ["case", "run", "pre-1914", "--runs", "4"]
    for out in ("", str(docs), str(docs / "thesis.tex")):
        assert main([*args, "--out", out]) == 2
        err = capsys.readouterr().err.strip()
        assert "--out" in err and "\n" not in err
    assert _files(docs) == before
    assert main([*args, "-c", "no-entente", "--out", str(docs), "--overwrite"]) == 0
    after = _files(docs)
    assert {k: after[k] for k in before} == before
    assert "no-entente/summary.json" in after and "case.json" in after
    assert not (docs / "factual" / MARKER).exists()  # one manifest, at the top
    (docs / "no-entente" / "my-comment.txt").write_text("keep me")
    # Rewritten without the branch and without --overwrite: only herz's stale files go.
    assert main([*args, "--out", str(docs)]) == 0
    capsys.readouterr()
    after = _files(docs)
    assert {k: after[k] for k in before} == before
    branch = [k for k in after if k.startswith("no-entente/")]
    assert branch == ["no-entente/my-comment.txt"]
    assert after["no-entente/my-comment.txt"] == b"keep me"
    assert json.loads((docs / MARKER).read_text())["command"].startswith("herz case run")


def test_calibrate_out_is_a_new_file_or_herz_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.json"
    mine.write_text('{"mine": true}')
    args = ["case", "calibrate", "pre-1914", "--runs", "4", "--max-evals", "2"]
    for out in ("", str(tmp_path), str(mine)):
        assert main([*args, "--out", out]) == 2
        err = capsys.readouterr().err.strip()
        assert "--out" in err and "\n" not in err
    assert "--overwrite" in err
    assert mine.read_text() == '{"mine": true}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.json"]
