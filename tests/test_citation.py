"""CITATION.cff at the repository root: valid CFF 1.2.0 YAML that agrees with the package."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

import herz
from herz import citation

ROOT = Path(__file__).parents[1]


def _cff() -> dict:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_citation_cff_is_valid_cff_1_2() -> None:
    cff = _cff()
    for key in ("cff-version", "message", "title", "version", "authors"):
        assert cff.get(key), key
    assert cff["cff-version"] == "1.2.0"
    assert cff["license"] == "MIT"
    assert cff["authors"] == [{"name": "The herz developers"}]  # an entity, not a person
    assert "repository-code" not in cff
    assert set(cff) <= {
        "cff-version", "message", "type", "title", "abstract", "version", "authors", "license",
        "keywords", "date-released",
    }


def test_citation_cff_matches_the_package() -> None:
    cff = _cff()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff["version"]) == project["version"]
    assert cff["title"] == citation.TITLE
    assert cff["authors"][0]["name"] == citation.AUTHORS == project["authors"][0]["name"]
    assert cff["license"] == citation.LICENSE == project["license"]
    if herz.__version__ != "0+unknown":  # installed: the metadata agrees too
        assert herz.__version__ == project["version"]


def test_citation_text_names_the_version() -> None:
    assert "version 9.9.9" in citation.citation_text("9.9.9")
    assert "version = {9.9.9}" in citation.bibtex("9.9.9")


def test_readme_quotes_the_same_reference() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").replace(">", "").split())
    assert citation.citation_text(project["version"]) in readme
