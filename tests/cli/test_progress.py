"""Progress bars: drawn on a terminal only, silent otherwise, and fed by the engine's hooks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from herz.cli import main, progress
from herz.cli.progress import Bar, progress_bar


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_silent_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with progress_bar("simulating", 10, stream=stream) as bar:
        bar.advance(4)
        bar.advance(6)
    assert bar.done == 10
    assert stream.getvalue() == ""


def test_drawn_on_a_terminal() -> None:
    stream = _Terminal()
    with progress_bar("simulating", 10, stream=stream) as bar:
        bar.advance(10)
        bar.set(10, 12)
    assert bar.done == 10 and bar.total == 12
    assert stream.getvalue()  # rich drew (and then cleared) the bar
    with progress_bar("counting", None, stream=_Terminal()) as open_ended:
        open_ended.advance()
    assert open_ended.done == 1


@pytest.fixture
def bars(monkeypatch: pytest.MonkeyPatch) -> list[Bar]:
    """Every bar the commands make."""
    made: list[Bar] = []

    class Recording(Bar):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            made.append(self)

    monkeypatch.setattr(progress, "Bar", Recording)
    return made


def test_run_feeds_the_bar_and_prints_nothing_to_a_pipe(
    tmp_path: Path, bars: list[Bar], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--runs", "6", "--steps", "5", "--out", str(tmp_path / "o")]) == 0
    assert [(b.done, b.total) for b in bars] == [(30, 30)]
    assert capsys.readouterr().err == ""


def test_case_run_and_calibrate_feed_the_bar(
    tmp_path: Path, bars: list[Bar], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["case", "run", "iran", "--runs", "2", "--out", str(tmp_path / "c")]
    assert main(args) == 0
    assert bars[0].total and bars[0].done == bars[0].total
    assert main(["case", "calibrate", "iran", "--runs", "2", "--max-evals", "1"]) == 0
    assert bars[1].total is None and bars[1].done >= 1
    assert capsys.readouterr().err == ""


def test_audit_feeds_the_bar(
    tmp_path: Path, bars: list[Bar], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["audit", "spiral", "--actor", "Blue", "--act", "step=1,action=arm,"
            "force_class=conventional_offensive,amount=5", "--horizon", "4", "--runs", "4",
            "--no-variants", "--out", str(tmp_path / "a")]
    assert main(args) == 0
    assert [(b.done, b.total) for b in bars] == [(2, 2)]
    assert capsys.readouterr().err == ""
