"""The HTML report of a batch of runs: plots with bands, metrics, and "who started it"."""

from __future__ import annotations

from herz.report.html import render_report, write_report
from herz.report.narrative import Narratives, narratives, pick_run

__all__ = ["Narratives", "narratives", "pick_run", "render_report", "write_report"]
