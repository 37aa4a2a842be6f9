"""SPARQL the network analysis runs, one .rq file per relation family (SPARQL 1.1 Query)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def load_query(name: str) -> str:
    """The text of ``<name>.rq`` shipped with the package."""
    return (files(__package__) / f"{name}.rq").read_text(encoding="utf-8")
