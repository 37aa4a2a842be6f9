"""The TripleSource contract, held by every implementation alike: the embedded store built
from the seed, a real ``oxigraph serve`` and Virtuoso Open Source, each given the same
dataset by ``push``.

Every answer is compared with the embedded store's: select, ask and construct, the
dataset's graphs (a store's own and temporary graphs left out), counts, a deadline that
stops a runaway query, and a version that changes when the data is rebuilt or pushed again.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

from civicgraph.analyse import project_graph
from civicgraph.coverage import check_corpus_coverage
from civicgraph.errors import QueryError, QueryTimeoutError
from civicgraph.records import load_corpus
from civicgraph.remote import push_dataset, run_update
from civicgraph.sparql.client import PUSH_GRAPH_PREFIX, Endpoint, SparqlClient, resolve_endpoint
from civicgraph.sparql.http import Credentials, origin
from civicgraph.stats import collect_stats
from civicgraph.store import open_snapshot, replace_store
from civicgraph.triplesource import (
    VERSION_GRAPH,
    EmbeddedSource,
    EndpointSource,
    TripleSource,
)
from tests.seed import DATA, IRIS, build_seed
from tests.virtuoso import PASSWORD, USER, VirtuosoServer

ENTITIES = IRIS.graph("entities")
ASHIMBAYEV = IRIS.entity("person/maulen-ashimbayev")
CROSS_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
DEADLINE = 1.0
SLACK = 30.0
"""Seconds past the deadline a stopped query may take to give up: it must stop, not be fast."""

SELECTS = {
    "people and their labels": """
        PREFIX civ: <https://w3id.org/civicgraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT DISTINCT ?person ?label WHERE { ?person a civ:Person ; rdfs:label ?label }""",
    "triples per graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "an unbound optional": """
        PREFIX civ: <https://w3id.org/civicgraph/ontology#>
        SELECT DISTINCT ?holding ?end WHERE {
          ?holding a civ:PostHolding OPTIONAL { ?holding civ:endDate ?end } }""",
}
_INTEGERS = {
    f"http://www.w3.org/2001/XMLSchema#{name}"
    for name in ("nonNegativeInteger", "positiveInteger", "long", "int", "short", "byte")
}
"""Oxigraph stores a literal of a type derived from xsd:integer as xsd:integer; Virtuoso
keeps the type as loaded: the same value, compared as xsd:integer."""

pytestmark = pytest.mark.server


@dataclass
class Backend:
    """One implementation under test: the source, and how to change its data's version."""

    source: TripleSource
    renew: Callable[[], TripleSource]
    """Rebuild or push again; the source to ask afterwards."""
    raw_graphs: Callable[[], list[str]]
    """Every graph the store holds, as the store itself lists them."""


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed(tmp_path_factory.mktemp("source-seed") / "store")


@pytest.fixture(scope="module")
def reference(seed_store: Path) -> EmbeddedSource:
    """The embedded store: what every other implementation must answer."""
    return EmbeddedSource.open(seed_store, iris=IRIS)


def _pushed(seed_store: Path, endpoint: Endpoint) -> Backend:
    push_dataset(seed_store, endpoint, iris=IRIS, replace=True)
    source = EndpointSource(endpoint, iris=IRIS)

    def renew() -> TripleSource:
        push_dataset(seed_store, endpoint, iris=IRIS, replace=True)
        return source

    return Backend(source, renew, lambda: SparqlClient(endpoint).named_graphs(thorough=True))


@pytest.fixture(scope="module", params=["embedded", "oxigraph", "virtuoso"])
def backend(
    request: pytest.FixtureRequest,
    seed_store: Path,
    reference: EmbeddedSource,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Backend]:
    if request.param == "embedded":
        folder = tmp_path_factory.mktemp("embedded") / "store"
        snapshot = open_snapshot(seed_store)
        replace_store(folder, snapshot, iris=IRIS)

        def rebuild() -> TripleSource:
            replace_store(folder, snapshot, iris=IRIS)
            return EmbeddedSource.open(folder, iris=IRIS)

        source = EmbeddedSource.open(folder, iris=IRIS)
        yield Backend(source, rebuild, lambda: sorted(g.value for g in source.store.named_graphs()))
    elif request.param == "oxigraph":
        server = request.getfixturevalue("oxigraph_server_module")()
        endpoint = resolve_endpoint(server.url)
        backend = _pushed(seed_store, endpoint)
        # what a store may hold besides the dataset: another dataset's graph, and a graph a
        # push is still uploading
        run_update(
            endpoint, "INSERT DATA { GRAPH <http://example.org/other> { <urn:a> <urn:b> <urn:c> } }"
        )
        run_update(
            endpoint,
            f"INSERT DATA {{ GRAPH <{PUSH_GRAPH_PREFIX}0123:0> {{ <urn:a> <urn:b> <urn:c> }} }}",
        )
        yield backend
    else:
        server: VirtuosoServer = request.getfixturevalue("virtuoso_server")
        endpoint = dataclasses.replace(
            resolve_endpoint(server.query_url),
            credentials=Credentials(origin(server.url), USER, PASSWORD),
        )
        yield _pushed(seed_store, endpoint)


def _comparable(term: object) -> object:
    if isinstance(term, ox.Literal) and term.datatype.value in _INTEGERS:
        return ox.Literal(
            term.value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
        )
    return term


def _rows(source: TripleSource, text: str) -> list[tuple[object, ...]]:
    answer = source.select(text)
    return sorted((tuple(map(_comparable, row)) for row in answer.rows), key=str)


@pytest.mark.parametrize("name", sorted(SELECTS))
def test_select_answers_as_the_embedded_store(
    backend: Backend, reference: EmbeddedSource, name: str
) -> None:
    """The same variables and rows, unbound values included."""
    text = SELECTS[name]
    assert backend.source.select(text).variables == reference.select(text).variables
    rows = _rows(backend.source, text)
    assert rows == _rows(reference, text)
    assert rows


def test_a_limit_keeps_the_first_rows_and_says_more_were_left(backend: Backend) -> None:
    answer = backend.source.select(SELECTS["people and their labels"], limit=2)
    assert (len(answer), answer.truncated) == (2, True)
    whole = backend.source.select(SELECTS["people and their labels"])
    assert not whole.truncated


def test_ask_answers_as_the_embedded_store(backend: Backend) -> None:
    assert backend.source.ask(f"ASK {{ <{ASHIMBAYEV}> ?p ?o }}")
    assert not backend.source.ask("ASK { <urn:nobody> ?p ?o }")


def test_construct_answers_as_the_embedded_store(
    backend: Backend, reference: EmbeddedSource
) -> None:
    text = f"CONSTRUCT {{ <{ASHIMBAYEV}> ?p ?o }} WHERE {{ <{ASHIMBAYEV}> ?p ?o }}"
    triples = {tuple(map(_comparable, t)) for t in backend.source.construct(text)}
    assert triples == {tuple(map(_comparable, t)) for t in reference.construct(text)}
    assert len(triples) >= 4


def test_graphs_are_the_datasets_alone(backend: Backend, reference: EmbeddedSource) -> None:
    """The dataset's named graphs: not the store's own, another dataset's, a push's
    temporary graphs, nor the version graph a push writes."""
    graphs = backend.source.graphs()
    assert graphs == reference.graphs()
    assert ENTITIES in graphs
    assert all(g.startswith(IRIS.graph_prefix) for g in graphs)
    held = backend.raw_graphs()
    assert set(graphs) <= set(held)
    if isinstance(backend.source, EndpointSource):
        # the store holds more than the dataset, so leaving it out is seen to happen
        assert IRIS.graph(VERSION_GRAPH) in held
        assert IRIS.graph(VERSION_GRAPH) not in graphs


def test_counts_are_the_embedded_stores(backend: Backend, reference: EmbeddedSource) -> None:
    assert backend.source.count() == reference.count() > 1000
    assert backend.source.count(ENTITIES) == reference.count(ENTITIES) > 100


def test_graphs_named_by_the_request_make_the_dataset(backend: Backend) -> None:
    """named_graphs narrows GRAPH ?g to the graphs given (Protocol §2.1.4)."""
    answer = backend.source.select(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[ENTITIES]
    )
    assert int(answer.rows[0][0].value) == backend.source.count(ENTITIES)  # type: ignore[union-attr]


def test_one_graph_as_ntriples(backend: Backend, reference: EmbeddedSource) -> None:
    """A graph read whole gives the embedded store's triples."""
    mine = set(ox.parse(backend.source.ntriples(ENTITIES), format=ox.RdfFormat.N_TRIPLES))
    theirs = set(ox.parse(reference.ntriples(ENTITIES), format=ox.RdfFormat.N_TRIPLES))
    assert {tuple(map(_comparable, t)) for t in mine} == {
        tuple(map(_comparable, t)) for t in theirs
    }


def test_a_query_of_another_form_is_refused(backend: Backend) -> None:
    with pytest.raises(QueryError, match="not a SELECT query"):
        backend.source.select("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="not an ASK query"):
        backend.source.ask("SELECT * WHERE { ?s ?p ?o } LIMIT 1")


def test_a_runaway_query_stops_at_its_deadline(backend: Backend) -> None:
    """A cross product of the whole dataset with itself, twice, is stopped with a timeout."""
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match=f"(longer than|timed out after) {DEADLINE:g} s"):
        backend.source.select(CROSS_PRODUCT, timeout=DEADLINE)
    assert time.monotonic() - started < DEADLINE + SLACK


def test_the_version_changes_when_the_data_is_rebuilt_or_pushed(backend: Backend) -> None:
    before = backend.source.version()
    assert before is not None
    assert backend.source.version() == before  # asked again, the same data: the same version
    after = backend.renew().version()
    assert after is not None
    assert after != before


def test_stats_coverage_and_the_network_are_the_same_from_every_source(
    backend: Backend, reference: EmbeddedSource
) -> None:
    """What stats, coverage and the network projection make of a source does not depend on
    where its triples are."""
    assert collect_stats(backend.source) == collect_stats(reference)
    corpus = load_corpus(DATA)
    assert check_corpus_coverage(corpus, backend.source) == check_corpus_coverage(corpus, reference)
    network, expected = project_graph(backend.source), project_graph(reference)
    assert sorted(network.nodes(data=True)) == sorted(expected.nodes(data=True))
    assert sorted(network.edges(keys=True, data=True)) == sorted(
        expected.edges(keys=True, data=True)
    )
    assert network.number_of_edges() > 50
