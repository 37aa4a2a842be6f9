"""Mint IRIs from ids: deterministic, never random, never positional.

Scheme (``docs/records.md``): ``<base>/id/<kind>/<slug>`` for entities and fact nodes,
``<base>/id/source/<id>`` for documents, ``<base>/id/excerpt/<id>/<start>-<end>`` for
evidence spans, ``<base>/graph/<name>`` for named graphs.
"""

from __future__ import annotations

import hashlib

DEFAULT_BASE = "https://w3id.org/civicgraph"


def normalise_base(base: str) -> str:
    return base.rstrip("/")


def mint_iri(base: str, entity_id: str) -> str:
    """The IRI of an entity or fact node with id ``kind/slug``."""
    return f"{normalise_base(base)}/id/{entity_id}"


def source_iri(base: str, source_id: str) -> str:
    return f"{normalise_base(base)}/id/source/{source_id}"


def excerpt_iri(base: str, source_id: str, start: int, end: int) -> str:
    return f"{normalise_base(base)}/id/excerpt/{source_id}/{start}-{end}"


def assertion_iri(base: str, subject: str, predicate: str, obj: str) -> str:
    """A reified triple's node: named by a digest of the triple, so re-stating it is idempotent."""
    digest = hashlib.sha256(f"{subject} {predicate} {obj}".encode()).hexdigest()[:16]
    return f"{normalise_base(base)}/id/assertion/{digest}"


def graph_iri(base: str, name: str) -> str:
    return f"{normalise_base(base)}/graph/{name}"


def entity_id_from_iri(base: str, iri: str) -> str | None:
    """The ``kind/slug`` id behind an IRI this base minted, or ``None``."""
    prefix = f"{normalise_base(base)}/id/"
    return iri[len(prefix) :] if iri.startswith(prefix) else None
