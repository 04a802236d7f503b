"""``herz serve``: the laboratory in a browser (needs the ``web`` extra).

:func:`create_app` builds the FastAPI app; :class:`Settings` holds its data directory and its
limits. The app serves a gallery of the examples, a scenario editor, seeded runs with live
progress, plots with bands, comparisons of two runs, and explorables of the canonical models,
all on a documented JSON API (``/openapi.json``).
"""

from __future__ import annotations

from herz.web.app import create_app
from herz.web.settings import Settings

__all__ = ["Settings", "create_app"]
