"""The documentation site: the API reference covers every public module, the offline link
checker of the built site (scripts/check_links.py, run by CI after ``mkdocs build --strict``)
finds broken links and anchors, and the docstring extension renders roles and examples."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_api_reference_covers_every_public_module() -> None:
    """Every module with an ``__all__`` (the command line and the web app aside) has its
    ``::: module`` block in docs/reference/api, and every block names a module."""
    src = ROOT / "src"
    public = set()
    for path in src.rglob("*.py"):
        name = ".".join(path.relative_to(src).with_suffix("").parts).removesuffix(".__init__")
        if name.startswith(("herz.cli", "herz.web")):
            continue
        if re.search(r"^__all__\b", path.read_text(encoding="utf-8"), re.M):
            public.add(name)
    pages = (ROOT / "docs" / "reference" / "api").glob("*.md")
    blocks = [m for p in pages for m in re.findall(r"^::: (\S+)", p.read_text(), re.M)]
    assert len(blocks) == len(set(blocks)), "a module documented twice"
    assert public - set(blocks) == set(), "public modules missing from the API reference"
    modules = {b for b in blocks if (src / b.replace(".", "/")).with_suffix(".py").is_file()
               or (src / b.replace(".", "/") / "__init__.py").is_file()}
    assert set(blocks) == modules, "a block names no module"


def _page(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")


def test_link_checker_finds_broken_links_and_anchors(tmp_path: Path) -> None:
    check = _script("check_links")
    _page(tmp_path / "index.html", '<h1 id="top">x</h1>'
          '<a href="b/#here">ok</a> <a href="b/index.html#gone">bad anchor</a>'
          '<a href="missing.html">bad file</a> <a href="https://example.org/x">external</a>'
          '<a href="#top">self</a> <a href="#nowhere">bad self</a>'
          '<link href="/b/"><img src="img.png">')
    _page(tmp_path / "b" / "index.html", '<p id="here">b</p><a href="../index.html#top">up</a>')
    assert sorted(check.broken_links(tmp_path)) == [
        "index.html: #nowhere (no anchor #nowhere)",
        "index.html: b/index.html#gone (no anchor #gone)",
        "index.html: img.png (no such file)",
        "index.html: missing.html (no such file)",
    ]
    (tmp_path / "img.png").write_bytes(b"")
    assert len(check.broken_links(tmp_path)) == 3
    assert check.main([str(tmp_path)]) == 1


def test_docstring_extension_shows_roles_as_code_and_fences_examples() -> None:
    pytest.importorskip("griffe")  # the docs extra
    roles = _script("docs_roles")
    text = "See :func:`herz.cases.load_case` and :mod:`~herz.data`.\n\n>>> f([1])[0]\n1\n\nEnd."
    assert roles._fence_examples(roles._ROLE.sub(r"`\1`", text)) == (
        "See `herz.cases.load_case` and `herz.data`.\n\n```pycon\n>>> f([1])[0]\n1\n```\n\nEnd.")
