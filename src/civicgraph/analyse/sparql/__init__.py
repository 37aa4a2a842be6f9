"""SPARQL the network analysis runs, one .rq file per relation family (SPARQL 1.1 Query)."""

from __future__ import annotations

from civicgraph.sparql.text import shipped_query


def load_query(name: str) -> str:
    """The text of ``<name>.rq`` shipped with the package."""
    return shipped_query(__package__, name).text
