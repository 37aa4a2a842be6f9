"""A civicgraph project: a folder of curated data, the store built from it, and its base IRI.

::

    project/
      data/                 sources/, entities/, records/, links/
      ontology/civic.ttl    optional: the project's own ontology (else the shipped one)
      ontology/shapes.ttl   optional: its own shapes (else the shipped ones)
      queries/              optional: its own query catalogue (else the shipped one)
      .civicgraph/store/    what ``build`` writes (civicgraph.store)

The base IRI is the one given, else the one the store was built with (its manifest),
else the default: once built with ``--base``, every later command uses that base without
being told again; ``.iris`` binds it for every layer below (civicgraph.iris), and
``.source(endpoint=None)`` is where the triples are (civicgraph.triplesource). The use
cases (civicgraph.pipeline) are methods of the project: ``Project(".").build()``,
``.validate()``, ``.query(name, **params)``, ``.export(…)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from civicgraph import pipeline, resources
from civicgraph.errors import StoreError
from civicgraph.iris import Iris
from civicgraph.snapshot import Snapshot
from civicgraph.sparql.client import resolve_endpoint
from civicgraph.store import (
    DEFAULT_STORE,
    built_base,
    open_snapshot,
    open_store,
    read_manifest,
)
from civicgraph.triplesource import EmbeddedSource, EndpointSource, TripleSource

if TYPE_CHECKING:
    from datetime import date

    import networkx as nx

    from civicgraph.analyse.projection import ProjectionView
    from civicgraph.export import Entailment, ExportFormat
    from civicgraph.mentions import CoverageReport
    from civicgraph.query import QueryResult
    from civicgraph.release import Release
    from civicgraph.sparql.client import Endpoint
    from civicgraph.stats import DatasetStats
    from civicgraph.validate import ValidationReport

BASE_ENV = "CIVICGRAPH_BASE"
"""Environment variable the CLI reads for the base IRI when ``--base`` is not given."""

DEFAULT_BASE = "https://w3id.org/civicgraph"
"""The base of a project given none and holding no store: the one place it is defaulted."""


def _own_or_shipped(own: Path, shipped: Path) -> Path:
    return own if own.exists() else shipped


class Project:
    """The files one civicgraph command works on, and the base IRI of their graph.

    Every path defaults to its place inside ``path``; pass one to override it. The
    ontology, shapes and queries fall back to the ones civicgraph ships when the project
    has none of its own.
    """

    def __init__(
        self,
        path: Path | str = ".",
        *,
        data: Path | None = None,
        ontology: Path | None = None,
        shapes: Path | None = None,
        queries: Path | None = None,
        store: Path | None = None,
        base: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.data = data if data is not None else self.path / "data"
        self.ontology = ontology or _own_or_shipped(
            self.path / "ontology" / "civic.ttl", resources.ontology_file()
        )
        self.shapes = shapes or _own_or_shipped(
            self.path / "ontology" / "shapes.ttl", resources.shapes_file()
        )
        self.queries = queries or _own_or_shipped(self.path / "queries", resources.catalogue_dir())
        self.store = store if store is not None else self.path / DEFAULT_STORE
        self.given_base = Iris(base).base if base is not None else None

    def __repr__(self) -> str:
        return f"Project({str(self.path)!r}, store={str(self.store)!r}, base={self.given_base!r})"

    @property
    def base(self) -> str:
        """The base given, else the one the store was built with, else the default."""
        if self.given_base is not None:
            return self.given_base
        return built_base(self.store) or DEFAULT_BASE

    @property
    def iris(self) -> Iris:
        """The project's IRIs, bound to its base: what every layer below is given."""
        return Iris(self.base)

    @property
    def ontology_graph(self) -> str:
        return self.iris.graph("ontology")

    def check_store_base(self) -> None:
        """Refuse a base that differs from the store's: every IRI would miss its graph."""
        built = read_manifest(self.store).base
        if self.given_base is not None and self.given_base != Iris(built).base:
            raise StoreError(
                f"the store was built with base {built}, not {self.given_base}",
                path=self.store,
                hint="drop --base (and $CIVICGRAPH_BASE) to use the store's, or build with this one",
            )

    # -- the built store ------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """The canonical snapshot of the built store (exports, validation, push)."""
        self.check_store_base()
        return open_snapshot(self.store)

    def open_store(self) -> ox.Store:
        """The built store's database, read-only (indexed queries)."""
        self.check_store_base()
        return open_store(self.store)

    @property
    def generation(self) -> str:
        """The built store's current generation: which build wrote it."""
        return read_manifest(self.store).generation

    def source(self, endpoint: Endpoint | str | None = None) -> TripleSource:
        """Where the project's triples are: the built store (read-only), or the dataset
        pushed to ``endpoint`` (an ``Endpoint`` as the CLI resolves ``--endpoint``, or a
        URL, resolved the same way), seen under the project's base
        (civicgraph.triplesource)."""
        if endpoint is None:
            self.check_store_base()
            return EmbeddedSource.open(self.store, iris=self.iris)
        if isinstance(endpoint, str):
            endpoint = resolve_endpoint(endpoint)
        return EndpointSource(endpoint, iris=self.iris)

    # -- use cases --------------------------------------------------------------------
    def build(
        self,
        *,
        validate: bool = True,
        progress: pipeline.Progress | None = None,
    ) -> pipeline.BuildOutcome:
        return pipeline.build(self, validate=validate, progress=progress)

    def validate(
        self,
        *,
        engine: str | None = None,
        endpoint: Endpoint | None = None,
        progress: pipeline.Progress | None = None,
    ) -> ValidationReport:
        return pipeline.validate(self, engine=engine, endpoint=endpoint, progress=progress)

    def coverage(self, *, endpoint: Endpoint | None = None) -> list[CoverageReport]:
        return pipeline.coverage(self, endpoint=endpoint)

    def stats(self, *, endpoint: Endpoint | None = None) -> DatasetStats:
        return pipeline.stats(self, endpoint=endpoint)

    def query(
        self,
        name: str,
        params: Mapping[str, str] | None = None,
        /,
        *,
        lang: str | None = None,
        limit: int | None = None,
        endpoint: Endpoint | None = None,
        **named: str,
    ) -> QueryResult:
        """``Project(".").query("participants_by_event", event="event/…")``; a parameter
        named like an option (``lang``, ``limit``, ``endpoint``) goes in ``params``."""
        bound = {**(params or {}), **named}
        return pipeline.query(self, name, bound, lang=lang, limit=limit, endpoint=endpoint)

    def export(
        self,
        export_format: ExportFormat | str,
        out: Path,
        *,
        entail: Entailment | str | None = None,
    ) -> int:
        return pipeline.export(self, export_format, out, entail=entail)

    def graph(
        self, *, view: ProjectionView | None = None, endpoint: Endpoint | None = None
    ) -> nx.MultiDiGraph:
        """The built graph (or the dataset at ``endpoint``) as a networkx
        ``MultiDiGraph`` of entities and facts, as ``civicgraph graph`` sees it
        (civicgraph.analyse.projection)."""
        return pipeline.graph(self, view=view, endpoint=endpoint)

    def release(
        self,
        version: str,
        *,
        root: Path,
        previous: str | None = None,
        issued: date | None = None,
        endpoint_url: str | None = None,
    ) -> Release:
        return pipeline.release(
            self, version, root=root, previous=previous, issued=issued, endpoint_url=endpoint_url
        )
