"""``herz serve``: starts, prints its address, answers; bad options exit 2 with one line."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from herz.cli import main


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_prints_its_address_and_answers(tmp_path: Path) -> None:
    port = _free_port()
    data = tmp_path / "store"
    code = "from herz.cli import main; raise SystemExit(main())"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "serve", "--port", str(port), "--data", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # argv[0] is '-c': Typer reads the arguments after it
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert f"http://127.0.0.1:{port}/" in line
        body = None
        deadline = time.monotonic() + 20
        while body is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as resp:
                    body = json.loads(resp.read())
            except OSError:
                time.sleep(0.1)
        assert body is not None and body["status"] == "ok"
        assert (data / "herz.sqlite").is_file()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize(("args", "words"), [
    (["--port", "70000"], "--port"),
    (["--max-runs", "0"], "max_runs"),
    (["--backend", "gpu"], "--backend"),
])
def test_serve_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           args: list[str], words: str) -> None:
    assert main(["serve", "--data", str(tmp_path / "d"), *args]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1


def test_serve_data_must_be_a_directory(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    afile = tmp_path / "file"
    afile.write_text("x")
    assert main(["serve", "--data", str(afile)]) == 2
    assert "--data" in capsys.readouterr().err
