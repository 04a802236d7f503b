"""A griffe extension for the API reference (mkdocs.yml): herz's docstrings are reStructuredText
in spirit, read as Markdown by mkdocstrings. It shows Sphinx-style roles (``:func:`simulate```,
``:mod:`herz.data```) as the code they name, and doctest examples (``>>>`` lines and their
output, up to a blank line) as Python console blocks rather than as text, where Markdown would
read ``[x][y]`` in them as a link."""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:func|mod|class|data|meth|attr|obj|exc|const|py:\w+):`~?([^`]+)`")


def _fence_examples(text: str) -> str:
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        if not inside and line.lstrip().startswith(">>>"):
            out.append("```pycon")
            inside = True
        elif inside and not line.strip():
            out.append("```")
            inside = False
        out.append(line.strip() if inside else line)
    if inside:
        out.append("```")
    return "\n".join(out)


class SphinxRoles(griffe.Extension):
    """Rewrite roles and fence doctest examples in every docstring loaded."""

    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = _fence_examples(_ROLE.sub(r"`\1`", obj.docstring.value))
