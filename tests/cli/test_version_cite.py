"""``herz --version`` and ``herz cite`` of herz itself."""

from __future__ import annotations

import pytest

import herz
from herz.cli import main


def test_version_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"herz {herz.__version__}\n"
    assert main(["version"]) == 0
    assert capsys.readouterr().out.strip() == herz.__version__


def test_cite_alone_cites_herz(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite"]) == 0
    out = capsys.readouterr().out
    assert "The herz developers" in out and f"version {herz.__version__}" in out
    assert "[nmc_cases]" not in out
    assert main(["cite", "--bibtex"]) == 0
    assert "@software{herz," in capsys.readouterr().out


def test_cite_a_case_cites_herz_and_its_data(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "pre-1914"]) == 0
    out = capsys.readouterr().out
    assert "The herz developers" in out and "[nmc_cases]" in out
