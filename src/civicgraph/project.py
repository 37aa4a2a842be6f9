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

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from civicgraph import pipeline, resources
from civicgraph.analyse.projection import ProjectionView
from civicgraph.arguments import (
    callable_argument,
    count_argument,
    date_argument,
    endpoint_argument,
    flag_argument,
    of_type,
    optional_path,
    optional_text,
    parameters_argument,
    path_argument,
    text_argument,
)
from civicgraph.errors import StoreError
from civicgraph.iris import Iris
from civicgraph.snapshot import Snapshot
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
        data: Path | str | None = None,
        ontology: Path | str | None = None,
        shapes: Path | str | None = None,
        queries: Path | str | None = None,
        store: Path | str | None = None,
        base: str | None = None,
    ) -> None:
        """Paths may be given as ``str`` or ``pathlib.Path``; anything else (or an empty
        path) raises ``ArgumentError`` naming the argument."""
        self.path = path_argument(path, "path")
        given = {
            name: optional_path(value, name)
            for name, value in (
                ("data", data),
                ("ontology", ontology),
                ("shapes", shapes),
                ("queries", queries),
                ("store", store),
            )
        }
        self.data = given["data"] or self.path / "data"
        self.ontology = given["ontology"] or _own_or_shipped(
            self.path / "ontology" / "civic.ttl", resources.ontology_file()
        )
        self.shapes = given["shapes"] or _own_or_shipped(
            self.path / "ontology" / "shapes.ttl", resources.shapes_file()
        )
        self.queries = given["queries"] or _own_or_shipped(
            self.path / "queries", resources.catalogue_dir()
        )
        self.store = given["store"] or self.path / DEFAULT_STORE
        base = optional_text(base, "base", what="an IRI (str)")
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
        endpoint = endpoint_argument(endpoint)
        if endpoint is None:
            self.check_store_base()
            return EmbeddedSource.open(self.store, iris=self.iris)
        return EndpointSource(endpoint, iris=self.iris)

    # -- use cases --------------------------------------------------------------------
    def build(
        self,
        *,
        validate: bool = True,
        progress: pipeline.Progress | None = None,
    ) -> pipeline.BuildOutcome:
        return pipeline.build(
            self,
            validate=flag_argument(validate, "validate"),
            progress=callable_argument(progress, "progress"),
        )

    def validate(
        self,
        *,
        engine: str | None = None,
        endpoint: Endpoint | str | None = None,
        progress: pipeline.Progress | None = None,
    ) -> ValidationReport:
        return pipeline.validate(
            self,
            engine=optional_text(engine, "engine", what="an engine's name (str)"),
            endpoint=endpoint_argument(endpoint),
            progress=callable_argument(progress, "progress"),
        )

    def coverage(self, *, endpoint: Endpoint | str | None = None) -> list[CoverageReport]:
        return pipeline.coverage(self, endpoint=endpoint_argument(endpoint))

    def stats(self, *, endpoint: Endpoint | str | None = None) -> DatasetStats:
        return pipeline.stats(self, endpoint=endpoint_argument(endpoint))

    def query(
        self,
        name: str | Path,
        params: Mapping[str, str] | None = None,
        /,
        *,
        lang: str | None = None,
        limit: int | None = None,
        endpoint: Endpoint | str | None = None,
        **named: str,
    ) -> QueryResult:
        """``Project(".").query("participants_by_event", event="event/…")``; a parameter
        named like an option (``lang``, ``limit``, ``endpoint``) goes in ``params``.
        ``name`` is a query of the catalogue or a ``.rq`` file's path."""
        if isinstance(name, os.PathLike):
            name = str(path_argument(name, "name"))
        return pipeline.query(
            self,
            text_argument(name, "name", what="a query's name or a .rq file (str or Path)"),
            parameters_argument(params, named),
            lang=optional_text(lang, "lang", what="a language tag (str)"),
            limit=count_argument(limit, "limit"),
            endpoint=endpoint_argument(endpoint),
        )

    def export(
        self,
        export_format: ExportFormat | str,
        out: Path | str,
        *,
        entail: Entailment | str | None = None,
    ) -> int:
        return pipeline.export(self, export_format, path_argument(out, "out"), entail=entail)

    def graph(
        self, *, view: ProjectionView | None = None, endpoint: Endpoint | str | None = None
    ) -> nx.MultiDiGraph:
        """The built graph (or the dataset at ``endpoint``) as a networkx
        ``MultiDiGraph`` of entities and facts, as ``civicgraph graph`` sees it
        (civicgraph.analyse.projection)."""
        return pipeline.graph(
            self,
            view=of_type(view, "view", ProjectionView, "a ProjectionView"),
            endpoint=endpoint_argument(endpoint),
        )

    def release(
        self,
        version: str,
        *,
        root: Path | str,
        previous: str | None = None,
        issued: date | None = None,
        endpoint_url: str | None = None,
    ) -> Release:
        return pipeline.release(
            self,
            text_argument(version, "version", what="a version such as 0.2.0 (str)"),
            root=path_argument(root, "root"),
            previous=optional_text(previous, "previous", what="a version (str)"),
            issued=date_argument(issued, "issued"),
            endpoint_url=optional_text(endpoint_url, "endpoint_url", what="a URL (str)"),
        )
