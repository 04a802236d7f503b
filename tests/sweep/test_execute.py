"""Running sweeps: the same numbers on any executor; resuming after SIGKILL loses and
recomputes nothing; reports and queries."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from tests.sweep.sweep_support import SMALL_GRID, write

from herz.cli import main
from herz.errors import HerzInputError
from herz.sweep import finish_sweep, load_sweep, query, read_points, run_sweep

CLI = "import sys; from herz.cli import main; sys.exit(main(sys.argv[1:]))"


def _table(out: Path) -> dict[str, np.ndarray]:
    return read_points(out)


def _assert_same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_serial_pool_and_dask_give_the_same_numbers(tmp_path: Path) -> None:
    sweep = load_sweep(write(tmp_path, SMALL_GRID))
    serial = run_sweep(sweep, tmp_path / "serial")
    assert (serial.computed, serial.skipped, serial.n_points) == (6, 0, 6)
    pool = run_sweep(sweep, tmp_path / "pool", workers=2)
    dask = run_sweep(sweep, tmp_path / "dask", local_cluster=2)
    reference = _table(serial.out)
    assert reference["point"].tolist() == list(range(6))
    _assert_same(reference, _table(pool.out))
    _assert_same(reference, _table(dask.out))
    again = run_sweep(sweep, tmp_path / "serial")
    assert (again.computed, again.skipped) == (0, 6)


def test_sigkill_then_resume_recomputes_nothing_and_loses_nothing(tmp_path: Path) -> None:
    text = SMALL_GRID.replace("runs = 6", "runs = 10").replace("steps = 6", "steps = 12")
    text = text.replace("num = 3", "num = 9")  # 18 points, a few hundredths of a second each
    path = write(tmp_path, text)
    killed = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, "sweep", str(path), "--out", str(killed), "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    parts = killed / "points"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if parts.is_dir() and len(list(parts.glob("part-*.parquet"))) >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in parts.glob("part-*")}
    assert 3 <= len(before) < 18, "the sweep should have been killed part-way"

    sweep = load_sweep(path)
    resumed = run_sweep(sweep, killed)
    assert resumed.skipped == len(before) and resumed.computed == 18 - len(before)
    for name, (data, mtime) in before.items():  # nothing written was rewritten
        assert (parts / name).read_bytes() == data and (parts / name).stat().st_mtime_ns == mtime
    assert not [p for p in parts.iterdir() if p.name.endswith(".tmp")]
    clean = run_sweep(sweep, tmp_path / "clean")
    _assert_same(_table(clean.out), _table(killed))
    assert query(killed, "SELECT count(*), count(DISTINCT point) FROM points")[1] == [(18, 18)]


def test_cli_sweep_report_and_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, SMALL_GRID + '\n[prim]\nmetric = "spiral"\n')
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "-q"]) == 0
    printed = capsys.readouterr().out
    assert "6 points (6 computed, 0 resumed)" in printed and "PRIM box 1" in printed
    html = (out / "report.html").read_text()
    assert "data:image/png;base64," in html and "http" not in html.replace("http-equiv", "")
    assert {p.name for p in (out / "plots").iterdir()} >= {
        "heatmap_p_war.png", "prim_tradeoff_1.png", "prim_box_1.png"}
    assert main(["results", str(out)]) == 0
    summary = capsys.readouterr().out
    assert "6 of 6 points done" in summary and "p_war" in summary
    assert main(["results", str(out), "--json", "--sql",
                 'SELECT point, "world.offense_dominance" AS od FROM points '
                 "WHERE point < 2 ORDER BY point"]) == 0
    assert '"od": 0.2' in capsys.readouterr().out
    assert main(["results", str(out), "--sql", "SELECT nonsense FROM points"]) == 2
    assert "--sql" in capsys.readouterr().err
    # The same folder with other inputs is refused, and left as it was.
    other = write(tmp_path, SMALL_GRID.replace("seed = 3", "seed = 4"), "other.toml")
    assert main(["sweep", str(other), "--out", str(out), "-q"]) == 2
    assert "different sweep" in capsys.readouterr().err
    assert main(["results", str(tmp_path)]) == 2


def test_sobol_and_morris_sweeps_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = """
scenario = "spiral"
runs = 3
steps = 4
seed = 0
metrics = ["spiral"]
[[parameters]]
path = "actors.Blue.empathy"
range = [0.0, 1.0]
[[parameters]]
path = "world.offense_dominance"
distribution = "uniform"
args = [0.2, 0.8]
"""
    sobol = write(tmp_path, common + '[design]\nkind = "sobol"\nn = 4\n', "s.toml")
    assert main(["sweep", str(sobol), "--out", str(tmp_path / "sobol"), "-q"]) == 0
    assert "Sobol spiral: actors.Blue.empathy S1=" in capsys.readouterr().out
    analysis = finish_sweep(tmp_path / "sobol")
    assert len(analysis["sobol"]["spiral"]["ST"]) == 2
    assert (tmp_path / "sobol" / "plots" / "sobol_spiral.png").is_file()
    morris = load_sweep(write(tmp_path, common + '[design]\nkind = "morris"\nn = 2\n', "m.toml"))
    run_sweep(morris, tmp_path / "morris")
    analysis = finish_sweep(tmp_path / "morris")
    assert all(v >= 0 for v in analysis["morris"]["spiral"]["mu_star"])
    assert (tmp_path / "morris" / "plots" / "morris_spiral.png").is_file()


def test_output_folder_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, SMALL_GRID)
    sweep = load_sweep(path)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    with pytest.raises(HerzInputError, match="holds no sweep"):
        run_sweep(sweep, busy)
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    with pytest.raises(HerzInputError, match="not a directory"):
        run_sweep(sweep, busy / "notes.txt")
    with pytest.raises(HerzInputError, match="--workers"):
        run_sweep(sweep, tmp_path / "w", workers=0)
    with pytest.raises(HerzInputError, match="holds no sweep"):
        finish_sweep(busy)
    assert main(["results", str(busy)]) == 2
    assert "no sweep" in capsys.readouterr().err


def test_output_folder_of_other_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder of other files is refused (one line, exit 2) unless --overwrite, which keeps
    them; an empty --out and a file in the way are one-line errors too."""
    path = write(tmp_path, SMALL_GRID)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    for out in (str(busy), "", str(blocker), str(blocker / "sub")):
        assert main(["sweep", str(path), "--quiet", "--out", out]) == 2
        err = capsys.readouterr().err.strip()
        assert "--out" in err and "\n" not in err, err
    assert [p.name for p in busy.iterdir()] == ["notes.txt"]
    assert main(["sweep", str(path), "--quiet", "--out", str(busy), "--overwrite"]) == 0
    assert (busy / "notes.txt").read_text() == "mine"
    assert (busy / "report.html").is_file()
    assert main(["sweep", str(path), "--quiet", "--out", str(busy)]) == 0  # resumes: all done
    assert "6 resumed" in capsys.readouterr().out
    assert blocker.read_text() == "x"


def test_an_unfinished_sweep_is_summarised_not_analysed(tmp_path: Path) -> None:
    sweep = load_sweep(write(tmp_path, SMALL_GRID))
    out = tmp_path / "out"
    run_sweep(sweep, out)
    parts = sorted((out / "points").glob("part-*.parquet"))
    parts[-1].unlink()  # as if killed before the last point was written
    with pytest.raises(HerzInputError, match="5 of 6 points done"):
        finish_sweep(out)
    names, rows = query(out, "SELECT count(*) FROM points")
    assert rows == [(5,)]


def test_a_sweep_on_the_numba_backend_computes_the_same_points(tmp_path: Path) -> None:
    """``backend = "numba"`` gives the numpy sweep's points (reals to rounding); it is part of
    the sweep's identity (a folder of the other backend's is not resumed), while a numpy sweep
    keeps the digest it had before the field existed."""
    pytest.importorskip("numba")
    numpy_sweep = load_sweep(write(tmp_path, SMALL_GRID))
    numba_sweep = load_sweep(write(tmp_path, 'backend = "numba"\n' + SMALL_GRID, "nb.toml"))
    assert numba_sweep.spec.backend == "numba"
    assert numpy_sweep.digest() != numba_sweep.digest()
    from herz.engine import fused

    steps: list[int] = []
    advance = fused.FusedStep.advance

    def counted(self: fused.FusedStep) -> object:
        steps.append(1)
        return advance(self)

    ref = _table(run_sweep(numpy_sweep, tmp_path / "a").out)
    assert not steps
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fused.FusedStep, "advance", counted)
        got = _table(run_sweep(numba_sweep, tmp_path / "b").out)
    assert len(steps) == 6 * numba_sweep.steps  # every point's steps took the fused step
    assert ref.keys() == got.keys()
    for k, v in ref.items():
        if v.dtype.kind == "f":
            np.testing.assert_allclose(got[k], v, rtol=1e-9, atol=1e-12, err_msg=k)
        else:
            np.testing.assert_array_equal(got[k], v, err_msg=k)
    with pytest.raises(HerzInputError, match="different sweep"):
        run_sweep(numba_sweep, tmp_path / "a")
    assert "backend" in numpy_sweep.spec.model_dump(mode="json")  # recorded in sweep.json
    # a numpy sweep's digest is the one computed before the field existed
    import hashlib
    import json

    from herz.engine.scenario import scenario_hash

    old = numpy_sweep.spec.model_dump(
        mode="json", exclude={"scenario", "description", "batch", "prim", "backend"})
    payload = {"spec": old, "scenario_hash": scenario_hash(numpy_sweep.scenario),
               "steps": numpy_sweep.steps}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    assert numpy_sweep.digest() == hashlib.sha256(text.encode()).hexdigest()
    with pytest.raises(HerzInputError, match="backend"):
        load_sweep(write(tmp_path, 'backend = "gpu"\n' + SMALL_GRID, "bad.toml"))
