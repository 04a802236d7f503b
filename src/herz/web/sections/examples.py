"""The built-in example scenarios (:mod:`herz.examples`): listed, read, and shown in the gallery."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from herz.engine.scenario import load_scenario, read_toml
from herz.examples import example_path, examples
from herz.web.cache import FileCache, package_folder
from herz.web.sections import GalleryItem, Section

api = APIRouter(tags=["examples"])


def _read_brief(name: str) -> dict[str, Any]:
    scenario = load_scenario(example_path(name))
    return {
        "name": name,
        "title": scenario.name,
        "description": str(read_toml(example_path(name)).get("description", "")),
        "actors": scenario.actor_names,
        "steps": scenario.steps,
    }


#: Every example's brief, read again when an example file changes.
_briefs: FileCache[dict[str, dict[str, Any]]] = FileCache(
    lambda: [package_folder("herz.examples")],
    lambda: {name: _read_brief(name) for name in examples()})


def _brief(name: str) -> dict[str, Any]:
    return _briefs.get()[name]


@api.get("/examples", summary="The built-in example scenarios")
def list_examples() -> list[dict[str, Any]]:
    """Each example's name, one-line description, actors and default steps."""
    return [_brief(name) for name in examples()]


@api.get("/examples/{name}", summary="One example: its TOML text and resolved scenario")
def get_example(name: str) -> dict[str, Any]:
    if name not in examples():
        raise HTTPException(404, f"no example {name!r}; known: {', '.join(examples())}")
    path = example_path(name)
    return {**_brief(name), "toml": path.read_text(encoding="utf-8"),
            "scenario": load_scenario(path).model_dump(mode="json")}


def _gallery() -> list[GalleryItem]:
    return [
        GalleryItem(kind="example", name=b["name"], title=b["name"].replace("_", " "),
                    summary=b["description"], href=f"/editor?example={b['name']}",
                    run_example=b["name"])
        for b in (_brief(name) for name in examples())
    ]


section = Section(name="examples", title="Examples", api=api, gallery=_gallery)
