"""The use cases of a project: build, validate, coverage, stats, query, export.

Each takes a ``Project`` and returns a value; none prints or exits, so the CLI, the
benchmarks and a notebook (``Project(".").build()``) run the same code. Long ones take an
optional ``progress`` callback, called with a stage's description, its number and the
number of stages, before each stage starts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import networkx as nx

from civicgraph.analyse.projection import DEFAULT_VIEW, ProjectionView, project_graph
from civicgraph.build import Dataset, build_from_corpus, build_snapshot
from civicgraph.coverage import check_corpus_coverage
from civicgraph.errors import EmptyDataError, ExportError
from civicgraph.export import Entailment, export_dataset
from civicgraph.formats import Format, rdf_format, rdf_formats
from civicgraph.journal import data_lock
from civicgraph.linking.rdf import link_quads
from civicgraph.memory import release_free_memory
from civicgraph.mentions import CoverageReport
from civicgraph.model import Corpus
from civicgraph.ontology import load_ontology
from civicgraph.query import QueryResult, run_query
from civicgraph.records import load_corpus
from civicgraph.release import Release, ReleaseInputs, write_release
from civicgraph.sparql.client import Endpoint
from civicgraph.sparql.text import find_query
from civicgraph.stats import DatasetStats, collect_stats
from civicgraph.store import StagedStore
from civicgraph.triplesource import EmbeddedSource, TripleSource
from civicgraph.validate import (
    DEFAULT_ENGINE,
    ValidationReport,
    validate_ntriples,
    validate_snapshot,
)

if TYPE_CHECKING:
    from civicgraph.project import Project

_E = TypeVar("_E", bound=Enum)

Progress = Callable[[str, int, int], None]
"""``progress(description, stage, stages)``: stage ``stage`` of ``stages`` starts."""


class _Stages:
    """Numbers the stages of one use case for its ``progress`` callback."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.count = 0

    def __call__(self, description: str) -> None:
        """Stage ``description`` starts."""
        self.count += 1
        self.note(description)

    def note(self, description: str) -> None:
        """The current stage says something new (it is waiting, for one)."""
        if self.progress is not None:
            self.progress(description, self.count, self.total)


@dataclass(frozen=True)
class BuildOutcome:
    """What a build made: the dataset, the shapes report, and whether the store took it."""

    dataset: Dataset
    store: Path
    report: ValidationReport | None
    """``None`` when validation was skipped."""
    quads: int
    """Quads in the installed store; 0 when the graph did not conform."""

    @property
    def installed(self) -> bool:
        return self.report is None or self.report.conforms

    def locate(self, iri: str) -> str | None:
        """``file:line`` of the record that mints ``iri``, for the report's lines."""
        return self.dataset.locate(iri)


def _read_corpus(project: Project) -> Corpus:
    """data/ as one piece: under its lock, so that no review is changing it meanwhile."""
    with data_lock(project.data):
        return load_corpus(project.data)


def build(
    project: Project, *, validate: bool = True, progress: Progress | None = None
) -> BuildOutcome:
    """Build the graph from the project's data and ontology; install it if it conforms.

    The records are read one document at a time and the snapshot is written into the new
    store generation as they are (civicgraph.build); the database is then filled from it
    in the background while the shapes are checked on the other core. The store is left
    as it was when anything fails or the graph breaks the shapes.
    """
    step = _Stages(progress, 3 if validate else 2)
    report: ValidationReport | None = None
    waiting = "waiting for another build of this store to finish"
    step("reading records and building the graph")
    # data/'s lock first, so that no review changes it while it is read and a build
    # waiting for a review has written nothing yet; reviewed Wikidata links join here:
    # the build itself knows nothing of linking.
    with data_lock(project.data):
        staged = StagedStore(
            project.store, None, iris=project.iris, on_wait=lambda: step.note(waiting)
        )
        try:
            dataset = build_snapshot(
                project.data,
                project.ontology,
                staged.staging,
                iris=project.iris,
                extra_quads=link_quads,
            )
        except BaseException:
            staged.discard()
            raise
    # The records' and the sorted runs' buffers are free now: returned before the load
    # and the shapes, which run side by side, take their own.
    release_free_memory()
    with staged:
        step("writing the store")
        staged.load(dataset.snapshot)
        if validate:
            step("checking the shapes")
            report = validate_snapshot(
                dataset.snapshot, shapes_path=project.shapes, ontology_graph=project.ontology_graph
            )
            if not report.conforms:
                staged.discard()
                return BuildOutcome(dataset, project.store, report, 0)
        quads = staged.install()
    return BuildOutcome(dataset, project.store, report, quads)


def validate(
    project: Project,
    *,
    engine: str | None = None,
    endpoint: Endpoint | None = None,
    progress: Progress | None = None,
) -> ValidationReport:
    """Validate the built store (or the graphs of ``endpoint``) against the shapes."""
    chosen = engine or DEFAULT_ENGINE
    step = _Stages(progress, 2)
    step("reading the graph")
    if endpoint is not None:
        data, ontology = graphs_for_validation(project.source(endpoint), project.ontology_graph)
        step(f"checking the shapes ({chosen})")
        return validate_ntriples(data, ontology=ontology, shapes_path=project.shapes, engine=chosen)
    snapshot = project.snapshot()
    step(f"checking the shapes ({chosen})")
    return validate_snapshot(
        snapshot, shapes_path=project.shapes, ontology_graph=project.ontology_graph, engine=chosen
    )


def graphs_for_validation(source: TripleSource, ontology_graph: str) -> tuple[bytes, bytes]:
    """(data, ontology) as N-Triples: every graph of the dataset but the ontology, graph
    after graph, so a triple stated in two graphs counts twice, as in the store.

    A source with no data is an error, not a graph that conforms."""
    data = b"".join(source.ntriples(g) for g in source.graphs() if g != ontology_graph)
    if not data.strip():
        raise EmptyDataError(
            f"the dataset holds no triples outside {ontology_graph}: nothing to validate",
            hint="push the dataset first, or check --endpoint and --base",
        )
    return data, source.ntriples(ontology_graph)


def coverage(project: Project, *, endpoint: Endpoint | None = None) -> list[CoverageReport]:
    """One report per held source: names and sentences no excerpt cites, in the graph
    built from the records now (or in the dataset at ``endpoint``)."""
    corpus = _read_corpus(project)
    if endpoint is not None:
        return check_corpus_coverage(corpus, project.source(endpoint))
    dataset = build_from_corpus(corpus, load_ontology(project.ontology), iris=project.iris)
    return check_corpus_coverage(
        corpus, EmbeddedSource.from_snapshot(dataset.snapshot, iris=project.iris)
    )


def stats(project: Project, *, endpoint: Endpoint | None = None) -> DatasetStats:
    """What the built store (or the dataset's graphs at ``endpoint``) holds."""
    return collect_stats(project.source(endpoint))


def query(
    project: Project,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    lang: str | None = None,
    limit: int | None = None,
    endpoint: Endpoint | None = None,
) -> QueryResult:
    """Run query ``name`` of the project's catalogue (or a ``.rq`` file) on the built
    store, or on ``endpoint``, with ``params`` bound under the project's base."""
    chosen = find_query(name, project.queries)
    return run_query(chosen, project.source(endpoint), params=params, lang=lang, limit=limit)


def graph(
    project: Project, *, view: ProjectionView | None = None, endpoint: Endpoint | None = None
) -> nx.MultiDiGraph:
    """The built store (or the dataset at ``endpoint``) projected onto networkx."""
    return project_graph(scan_source(project, endpoint), view=view or DEFAULT_VIEW)


def scan_source(project: Project, endpoint: Endpoint | None = None) -> TripleSource:
    """The source to read every fact from: the endpoint's, else the built store's snapshot
    in memory — full scans run ~10x faster there than on Oxigraph's disk store."""
    if endpoint is not None:
        return project.source(endpoint)
    snapshot = project.snapshot()
    return EmbeddedSource.from_snapshot(snapshot, iris=project.iris, version=project.generation)


def export(
    project: Project,
    export_format: Format | str,
    out: Path,
    *,
    entail: Entailment | str | None = None,
) -> int:
    """Write the built store to ``out`` in ``export_format``, with the entailment asked
    for; return the bytes written."""
    chosen = export_format if isinstance(export_format, Format) else _export_format(export_format)
    entailment = None if entail is None else _member(Entailment, entail, "entailment")
    return export_dataset(project.snapshot(), chosen, out, entail=entailment, iris=project.iris)


def _member(kind: type[_E], value: _E | str, what: str) -> _E:
    """``value`` as a member of ``kind``: from Python, names come as plain strings, and an
    unknown one must be refused, not taken for "none" (an entailment silently skipped)."""
    try:
        return kind(value)
    except ValueError as error:
        raise ExportError(
            f"unknown {what} {value!r}", hint=f"one of: {', '.join(m.value for m in kind)}"
        ) from error


def _export_format(name: str) -> Format:
    try:
        return rdf_format(name)
    except KeyError:
        names = ", ".join(f.name for f in rdf_formats())
        raise ExportError(f"unknown export format {name!r}", hint=f"one of: {names}") from None


def release(
    project: Project,
    version: str,
    *,
    root: Path,
    previous: str | None = None,
    issued: date | None = None,
    endpoint_url: str | None = None,
) -> Release:
    """Publish the built store as release ``version`` in ``root/version`` (civicgraph.release),
    with its validation and coverage reports."""
    inputs = ReleaseInputs(
        snapshot=project.snapshot(),
        validation=validate(project),
        coverage=coverage(project),
        iris=project.iris,
    )
    return write_release(
        root, version, inputs, previous=previous, issued=issued, endpoint_url=endpoint_url
    )
