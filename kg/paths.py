"""Where the shipped data files live: inside the installed package (wheel) or beside it
in a source checkout, so ``ontology/`` and ``queries/`` stay at the top level of the repo."""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import ConfigError

_PACKAGE_DIR = Path(__file__).resolve().parent

# Names another folder holding telemed.ttl, shapes.ttl, reference.ttl, lexicon.yaml and
# (optionally) curation.yaml, so an edited copy can be tried without touching the installation.
ONTOLOGY_DIR_ENV = "KG_ONTOLOGY_DIR"


def _resource_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"telemed-kg data folder '{name}' is missing from the installation")


def ontology_dir() -> Path:
    override = os.environ.get(ONTOLOGY_DIR_ENV)
    if override:
        folder = Path(override)
        if not folder.is_dir():
            raise ConfigError(f"{ONTOLOGY_DIR_ENV}={override}: no such folder")
        return folder
    return _resource_dir("ontology")


def queries_dir() -> Path:
    return _resource_dir("queries")


def ontology_file() -> Path:
    return ontology_dir() / "telemed.ttl"


def shapes_file() -> Path:
    return ontology_dir() / "shapes.ttl"


def reference_file() -> Path:
    return ontology_dir() / "reference.ttl"


def lexicon_file() -> Path:
    return ontology_dir() / "lexicon.yaml"


def curation_file() -> Path:
    return ontology_dir() / "curation.yaml"


def links_file() -> Path:
    return ontology_dir() / "links.ttl"


def context_file() -> Path:
    # The JSON-LD context is a published artefact, not configuration: always the shipped one.
    return _resource_dir("ontology") / "context.jsonld"
