"""Where the files civicgraph ships live: the ontology, the shapes, the query catalogue
and the example project.

They are package data, read through ``importlib.resources`` so that an installed wheel
works outside the source checkout. A project folder may hold its own ``ontology/`` or
``queries/``; ``Project`` prefers those and falls back to these.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_PACKAGED = "_data"
"""Folder inside the package where the wheel carries ``ontology/``, ``queries/`` and
``example/`` (pyproject.toml's ``sources``)."""

EXAMPLE_EXCLUDED = ("drafts", ".*", "*.tmp", "__pycache__")
"""What of a data/ folder is never part of the example (``shutil.ignore_patterns``, at
every depth): drafts (proposals nobody reviewed), the lock and journal of data/ and the
hidden temporaries of a killed write (``civicgraph.journal``, ``io.write_bytes_atomic``).
The wheel's ``exclude`` in pyproject.toml leaves out the same."""

_IN_CHECKOUT = {"example": "data"}
"""Packaged folders whose name differs at the repository's root."""


def _shipped(folder: str, *parts: str) -> Path:
    packaged = Path(str(files("civicgraph"))).joinpath(_PACKAGED, folder, *parts)
    if packaged.exists():
        return packaged
    # An editable install of the source checkout: the folders at the repository's root.
    root = Path(__file__).resolve().parents[2]
    return root.joinpath(_IN_CHECKOUT.get(folder, folder), *parts)


def ontology_file() -> Path:
    """The shipped ontology, ``civic.ttl``."""
    return _shipped("ontology", "civic.ttl")


def shapes_file() -> Path:
    """The shipped SHACL shapes, ``shapes.ttl``."""
    return _shipped("ontology", "shapes.ttl")


def external_labels_file() -> Path:
    """Kazakh, Russian and English labels of the other vocabularies' terms civicgraph uses,
    ``labels-external.ttl`` (read by ``civicgraph.term_labels``, never built into the graph)."""
    return _shipped("ontology", "labels-external.ttl")


def catalogue_dir() -> Path:
    """The shipped query catalogue, a folder of ``*.rq`` files."""
    return _shipped("queries")


def example_dir() -> Path:
    """The example project's ``data/`` folder: the seed article, its entities, records and links."""
    return _shipped("example")
