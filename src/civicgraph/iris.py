"""Mint IRIs from ids: deterministic, never random, never positional.

Scheme (``docs/records.md``): ``<base>/id/<kind>/<slug>`` for entities and fact nodes,
``<base>/id/source/<id>`` for documents, ``<base>/id/excerpt/<id>/<start>-<end>`` for
evidence spans, ``<base>/graph/<name>`` for named graphs.

The base is bound once, in an ``Iris`` value that ``Project`` makes (the base given, else
the store's, else the default); everything below the project takes that value, never a
base string with a default, so a place that forgot to pass it is a type error rather
than IRIs minted under the wrong base.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from civicgraph.errors import ProjectError


@dataclass(frozen=True)
class Iris:
    """The IRIs of one dataset, all under ``base`` (stored without a trailing slash)."""

    base: str

    def __post_init__(self) -> None:
        try:
            ox.NamedNode(self.base)
        except ValueError as error:
            raise ProjectError(
                f"bad base IRI {self.base!r}: {error}",
                hint="give an absolute IRI such as https://example.org/civic",
            ) from error
        # frozen: the normalised form is set once, here
        object.__setattr__(self, "base", self.base.rstrip("/"))

    @property
    def id_prefix(self) -> str:
        """``<base>/id/``: where every minted instance IRI starts (VoID's ``uriSpace``)."""
        return f"{self.base}/id/"

    @property
    def graph_prefix(self) -> str:
        """``<base>/graph/``: where every named graph of the dataset starts."""
        return f"{self.base}/graph/"

    def entity(self, entity_id: str) -> str:
        """The IRI of an entity or fact node with id ``kind/slug``."""
        return f"{self.id_prefix}{entity_id}"

    def source(self, source_id: str) -> str:
        """The IRI of a source document."""
        return f"{self.id_prefix}source/{source_id}"

    def excerpt(self, source_id: str, start: int, end: int) -> str:
        """The IRI of the span ``start``-``end`` of a source document."""
        return f"{self.id_prefix}excerpt/{source_id}/{start}-{end}"

    def assertion(self, subject: str, predicate: str, obj: str) -> str:
        """A reified triple's node: named by a digest of the triple, so re-stating it is
        idempotent."""
        digest = hashlib.sha256(f"{subject} {predicate} {obj}".encode()).hexdigest()[:16]
        return f"{self.id_prefix}assertion/{digest}"

    def graph(self, name: str) -> str:
        """The IRI of the named graph ``name`` (``entities``, ``source/<id>``…)."""
        return f"{self.graph_prefix}{name}"

    def id_of(self, iri: str) -> str | None:
        """The ``kind/slug`` id behind an IRI this base minted, or ``None``."""
        prefix = self.id_prefix
        return iri[len(prefix) :] if iri.startswith(prefix) else None
