"""Where a civicgraph project keeps its files, with defaults relative to the working folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from civicgraph import iris
from civicgraph.store import DEFAULT_STORE

BASE_ENV = "CIVICGRAPH_BASE"
"""Environment variable that sets the instance base IRI when ``--base`` is not given."""


@dataclass(frozen=True)
class ProjectPaths:
    """The folders and files one civicgraph command works on."""

    data: Path = Path("data")
    ontology: Path = Path("ontology") / "civic.ttl"
    shapes: Path = Path("ontology") / "shapes.ttl"
    store: Path = DEFAULT_STORE
    base: str = iris.DEFAULT_BASE


def default_base() -> str:
    return os.environ.get(BASE_ENV, iris.DEFAULT_BASE)
