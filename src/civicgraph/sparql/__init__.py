"""SPARQL the library itself runs (statistics, checks), kept as .rq files, not Python strings."""

from __future__ import annotations

from importlib.resources import files


def load_sparql(name: str) -> str:
    """The text of ``<name>.rq`` shipped with the package."""
    return (files(__package__) / f"{name}.rq").read_text(encoding="utf-8")
