"""Tests of ``herz model kent-thaler``, run in-process."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_table_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — the default table; the centre cell (60% at sea, L = 0) is the pinned
    herz value 0.733985."""
    assert main(["model", "kent-thaler", "table", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fss"][1][0] == pytest.approx(0.7339851344821781, abs=1e-9)


def test_table_text_and_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — text output; a bad list exits with status 2."""
    assert main(["model", "kent-thaler", "table", "--at-sea", "1", "--lua", "0.9"]) == 0
    assert "0.9998" in capsys.readouterr().out
    assert main(["model", "kent-thaler", "table", "--lua", "x"]) == 2
