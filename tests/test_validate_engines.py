"""The fast SHACL engines return the same (focus node, path, constraint) results as pyshacl.

Three corpora: the real data, the shapes fixtures (valid + one broken file per node
shape), and a generated 10k corpus with violations of every node shape injected by
SPARQL Update. A fast engine may become the default only while these pass.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from civicgraph.build import build_dataset, build_from_corpus
from civicgraph.errors import EmptyDataError, ShapesError
from civicgraph.iris import Iris
from civicgraph.ontology import load_ontology
from civicgraph.validate import (
    DEFAULT_ENGINE,
    ENGINES,
    ValidationReport,
    snapshot_ntriples,
    validate_graphs,
    validate_ntriples,
    validate_snapshot,
    validate_store,
)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology" / "civic.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "shapes"
BASE = "https://w3id.org/civicgraph"
ONTOLOGY_GRAPH = f"{BASE}/graph/ontology"
SH = "http://www.w3.org/ns/shacl#"
FAST = [
    e
    for e in ENGINES
    if e != "pyshacl" and importlib.util.find_spec(e.replace("-", "_")) is not None
]

sys.path.insert(0, str(ROOT / "benchmarks"))
import gen_corpus  # noqa: E402 - the generator lives with the benchmarks, not in the package

P = """PREFIX civ: <https://w3id.org/civicgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX id: <https://w3id.org/civicgraph/id/>
PREFIX g: <https://w3id.org/civicgraph/graph/>
"""

# One or more breakages per node shape of ontology/shapes.ttl, as SPARQL Update.
INJECTIONS = {
    "LabelledEntityShape": [
        "DELETE WHERE { GRAPH ?g { id:person\\/p0 rdfs:label ?l } }",
        'INSERT DATA { GRAPH g:entities { id:person\\/p1 rdfs:label "Екінші"@kk, "Zweite"@de } }',
    ],
    "FactShape": ["DELETE WHERE { GRAPH ?g { id:participation\\/e0-0 prov:wasDerivedFrom ?e } }"],
    "AssertionShape": [
        "INSERT { GRAPH ?g { ?a rdf:object id:place\\/kazakhstan } } WHERE { { SELECT ?a ?g WHERE "
        "{ GRAPH ?g { ?a a civ:Assertion } } ORDER BY ?a LIMIT 1 } }",
    ],
    "ExcerptShape": [
        "DELETE { GRAPH ?g { ?e oa:hasSource ?s } } WHERE { { SELECT ?e ?g ?s WHERE "
        "{ GRAPH ?g { ?e oa:hasSource ?s } } ORDER BY ?e LIMIT 1 } }",
    ],
    "TextPositionSelectorShape": [
        "DELETE { GRAPH ?g { ?p oa:start ?s } } INSERT { GRAPH ?g { ?p oa:start 999999 } } WHERE "
        "{ { SELECT ?p ?g ?s WHERE { GRAPH ?g { ?p oa:start ?s } } ORDER BY ?p LIMIT 1 } }",
    ],
    "TextQuoteSelectorShape": [
        'DELETE { GRAPH ?g { ?q oa:exact ?x } } INSERT { GRAPH ?g { ?q oa:exact "" } } WHERE '
        "{ { SELECT ?q ?g ?x WHERE { GRAPH ?g { ?q oa:exact ?x } } ORDER BY ?q LIMIT 1 } }",
    ],
    "SourceDocumentShape": [
        'INSERT DATA { GRAPH g:provenance { id:source\\/doc-0000001 civ:sha256 "NOT-A-HASH" ; '
        'dct:language "en" } }',
    ],
    "GroupShape": ["DELETE WHERE { GRAPH ?g { id:group\\/members-o0 civ:drawnFrom ?o } }"],
    "OrganisationShape": [
        "INSERT DATA { GRAPH g:entities { id:org\\/o1 civ:partOf id:place\\/kazakhstan } }"
    ],
    "PostShape": ["INSERT DATA { GRAPH g:entities { id:post\\/s1 civ:postIn id:person\\/p3 } }"],
    "PostHoldingShape": [
        "DELETE WHERE { GRAPH ?g { id:holding\\/e2-0 civ:holdingStatus ?s } }",
        "DELETE { GRAPH ?g { id:holding\\/e3-1 civ:startDate ?d } } INSERT { GRAPH ?g "
        '{ id:holding\\/e3-1 civ:startDate "2030-01-01"^^xsd:date } } WHERE '
        "{ GRAPH ?g { id:holding\\/e3-1 civ:startDate ?d } }",
        "DELETE { GRAPH ?g { id:holding\\/e4-0 civ:holdingStatus ?s } } INSERT { GRAPH ?g "
        '{ id:holding\\/e4-0 civ:holdingStatus civ:StatusEnded ; civ:knownOn "2025-01-01"^^xsd:date } }'
        " WHERE { GRAPH ?g { id:holding\\/e4-0 civ:holdingStatus ?s } }",
    ],
    "EventShape": [
        'INSERT DATA { GRAPH g:entities { id:event\\/e4 civ:date "2001-01-01"^^xsd:date ; '
        "civ:location id:org\\/o2 } }",
        "INSERT DATA { GRAPH g:entities { id:event\\/e9 civ:eventStatus civ:StatusCurrent } }",
    ],
    "ParticipationShape": [
        "INSERT DATA { GRAPH g:entities { id:participation\\/e5-1 civ:participant id:post\\/s2 } }",
        # nobody takes part in an event only announced
        "INSERT DATA { GRAPH g:entities { id:event\\/e5 civ:eventStatus civ:EventScheduled } }",
    ],
    "MentionShape": [
        'INSERT DATA { GRAPH g:entities { id:mention\\/e6 civ:mentionedEntity "someone" } }'
    ],
    "StatementShape": [
        "INSERT DATA { GRAPH g:entities { id:statement\\/e7 civ:speaker id:topic\\/t1 } }"
    ],
    "QuoteShape": [
        'INSERT DATA { GRAPH g:entities { id:quote\\/e8 civ:text "а second text"@kk } }'
    ],
    "ConclusionShape": [
        "INSERT DATA { GRAPH g:entities { id:conclusion\\/x a civ:Conclusion ; "
        "civ:jointEffortOf id:place\\/kazakhstan ; prov:wasDerivedFrom id:source\\/doc-0000001 } }"
    ],
    "ProgrammeShape": [
        'INSERT DATA { GRAPH g:entities { id:programme\\/g0 civ:startYear "2020"^^xsd:gYear, '
        '"2021"^^xsd:gYear } }'
    ],
    "ProgrammeRegionShape": [
        'INSERT DATA { GRAPH g:entities { id:programme-region\\/e0 civ:regionDescription "өзге"@kk } }'
    ],
    "PlaceShape": [
        "INSERT DATA { GRAPH g:entities { id:place\\/abai-region civ:locatedIn id:org\\/o0 } }"
    ],
    "ReformShape": [
        'INSERT DATA { GRAPH g:entities { id:reform\\/r a civ:Reform ; civ:year "twenty"@en ; '
        'rdfs:label "Реформа"@kk, "Reform"@en, "Реформа"@ru } }'
    ],
}


def _validate_all(store: ox.Store) -> dict[str, ValidationReport]:
    return {
        engine: validate_store(
            store, shapes_path=SHAPES, ontology_graph=ONTOLOGY_GRAPH, engine=engine
        )
        for engine in ["pyshacl", *FAST]
    }


def _assert_same(reports: dict[str, ValidationReport]) -> None:
    reference = reports["pyshacl"]
    for engine, report in reports.items():
        assert report.conforms == reference.conforms, engine
        missing, extra = reference.keys - report.keys, report.keys - reference.keys
        assert not missing, f"{engine} misses {sorted(missing)[:5]}"
        assert not extra, f"{engine} adds {sorted(extra)[:5]}"


@pytest.fixture(scope="module")
def injected() -> dict[str, ValidationReport]:
    ontology = load_ontology(ONTOLOGY)
    dataset = build_from_corpus(
        gen_corpus.generate_corpus(10_000, seed=7), ontology, iris=Iris(BASE)
    )
    store = ox.Store()
    store.bulk_extend(dataset.quads)
    for updates in INJECTIONS.values():
        for update in updates:
            store.update(P + update)
    return _validate_all(store)


def test_fast_engines_are_installed() -> None:
    """pyshacl-turbo and pyrudof are importable, so the comparisons below really run."""
    assert FAST == ["pyshacl-turbo", "pyrudof"]


def test_engines_agree_on_real_data() -> None:
    """On the project's own data every engine gives pyshacl's verdict and result set."""
    dataset = build_dataset(DATA, ONTOLOGY, iris=Iris(BASE))
    store = ox.Store()
    store.bulk_extend(dataset.quads)
    _assert_same(_validate_all(store))


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.ttl")), ids=lambda p: p.stem)
def test_engines_agree_on_shape_fixtures(fixture: Path) -> None:
    """On each shapes fixture (added to the valid one) every engine matches pyshacl."""
    data = (FIXTURES / "valid.ttl").read_bytes() + b"\n" + fixture.read_bytes()
    store = ox.Store()
    store.load(data, ox.RdfFormat.TURTLE)
    nt = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    ontology = ox.Store()
    ontology.load(ONTOLOGY.read_bytes(), ox.RdfFormat.TURTLE)
    ont_nt = ontology.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    reports = {
        engine: validate_ntriples(nt, ontology=ont_nt, shapes_path=SHAPES, engine=engine)
        for engine in ["pyshacl", *FAST]
    }
    _assert_same(reports)


CIV = "https://w3id.org/civicgraph/ontology#"
OA = "http://www.w3.org/ns/oa#"
ID = f"{BASE}/id/"
# node shape -> (focus node or None when picked by the update, result path or None)
EXPECTED = {
    "LabelledEntityShape": (ID + "person/p0", "http://www.w3.org/2000/01/rdf-schema#label"),
    "FactShape": (ID + "participation/e0-0", "http://www.w3.org/ns/prov#wasDerivedFrom"),
    "AssertionShape": (None, "http://www.w3.org/1999/02/22-rdf-syntax-ns#object"),
    "ExcerptShape": (None, OA + "hasSource"),
    "TextPositionSelectorShape": (None, OA + "start"),
    "TextQuoteSelectorShape": (None, OA + "exact"),
    "SourceDocumentShape": (ID + "source/doc-0000001", CIV + "sha256"),
    "GroupShape": (ID + "group/members-o0", None),
    "OrganisationShape": (ID + "org/o1", CIV + "partOf"),
    "PostShape": (ID + "post/s1", CIV + "postIn"),
    "PostHoldingShape": (ID + "holding/e2-0", CIV + "holdingStatus"),
    "EventShape": (ID + "event/e4", CIV + "date"),
    "ParticipationShape": (ID + "participation/e5-1", CIV + "participant"),
    "MentionShape": (ID + "mention/e6", CIV + "mentionedEntity"),
    "StatementShape": (ID + "statement/e7", CIV + "speaker"),
    "QuoteShape": (ID + "quote/e8", CIV + "text"),
    "ConclusionShape": (ID + "conclusion/x", CIV + "jointEffortOf"),
    "ProgrammeShape": (ID + "programme/g0", CIV + "startYear"),
    "ProgrammeRegionShape": (ID + "programme-region/e0", None),
    "PlaceShape": (ID + "place/abai-region", CIV + "locatedIn"),
    "ReformShape": (ID + "reform/r", CIV + "year"),
}


def test_injected_violations_hit_every_node_shape(injected: dict[str, ValidationReport]) -> None:
    """The injected corpus breaks every node shape of shapes.ttl according to pyshacl."""
    shapes = Graph().parse(SHAPES, format="turtle")
    node_shapes = {
        str(s).rsplit("#", 1)[-1]
        for s in shapes.subjects(URIRef(SH + "targetClass"), None)
        if isinstance(s, URIRef)
    }
    assert node_shapes == set(INJECTIONS) == set(EXPECTED)
    keys = injected["pyshacl"].keys
    for shape, (focus, path) in EXPECTED.items():
        assert any((focus is None or f == focus) and p == path for f, p, _ in keys), shape


@pytest.mark.parametrize("engine", FAST)
def test_engines_agree_on_injected_violations(
    injected: dict[str, ValidationReport], engine: str
) -> None:
    """With a violation of every node shape, each fast engine returns pyshacl's exact result set."""
    _assert_same({"pyshacl": injected["pyshacl"], engine: injected[engine]})


def test_unknown_engine_is_refused() -> None:
    """An unknown engine name fails with a message naming the engines there are."""
    with pytest.raises(ShapesError, match="use one of: pyshacl, pyshacl-turbo, pyrudof"):
        validate_ntriples(b"", ontology=None, shapes_path=SHAPES, engine="jena")


def test_default_engine_is_known() -> None:
    """The default engine is one of the engines."""
    assert DEFAULT_ENGINE in ENGINES


ALL = ["pyshacl", *FAST]


@pytest.mark.parametrize("engine", ALL)
def test_offsets_as_built_and_as_stored_conform(engine: str) -> None:
    """The build's xsd:nonNegativeInteger offsets and the xsd:integer Oxigraph hands back
    both conform, with every engine (pyrudof once reported each offset as a violation)."""
    dataset = build_dataset(DATA, ONTOLOGY, iris=Iris(BASE))
    as_built = validate_snapshot(
        dataset.snapshot, shapes_path=SHAPES, ontology_graph=ONTOLOGY_GRAPH, engine=engine
    )
    assert b"XMLSchema#nonNegativeInteger" in dataset.snapshot.ntriples
    store = ox.Store()
    store.bulk_extend(dataset.quads)
    as_stored = validate_store(
        store, shapes_path=SHAPES, ontology_graph=ONTOLOGY_GRAPH, engine=engine
    )
    assert (as_built.conforms, as_built.results) == (True, ())
    assert (as_stored.conforms, as_stored.results) == (True, ())


SELECTOR = (
    "<https://w3id.org/civicgraph/id/s> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<http://www.w3.org/ns/oa#TextPositionSelector> .\n"
    '<https://w3id.org/civicgraph/id/s> <http://www.w3.org/ns/oa#start> "{start}"^^'
    "<http://www.w3.org/2001/XMLSchema#{datatype}> .\n"
    '<https://w3id.org/civicgraph/id/s> <http://www.w3.org/ns/oa#end> "9"^^'
    "<http://www.w3.org/2001/XMLSchema#{datatype}> .\n"
)


@pytest.mark.parametrize("engine", ALL)
@pytest.mark.parametrize(
    ("start", "datatype"),
    [("-1", "integer"), ("-1", "nonNegativeInteger"), ("1", "decimal"), ("1", "string")],
)
def test_bad_offsets_are_violations(engine: str, start: str, datatype: str) -> None:
    """A negative offset, of either datatype, or an offset that is not an integer is refused."""
    data = SELECTOR.format(start=start, datatype=datatype).encode()
    report = validate_ntriples(data, ontology=None, shapes_path=SHAPES, engine=engine)
    assert not report.conforms
    assert ("https://w3id.org/civicgraph/id/s", OA + "start", SH + "OrConstraintComponent") in (
        report.keys
    )


@pytest.mark.parametrize("engine", ALL)
def test_triples_validated_has_one_definition(engine: str) -> None:
    """Every engine counts the statements of the data graphs, ontology excluded, a triple
    stated in two named graphs once per graph: what ``stats`` counts per graph."""
    dataset = build_dataset(DATA, ONTOLOGY, iris=Iris(BASE))
    snapshot = dataset.snapshot
    data_statements = sum(b.triples for b in snapshot.graphs if b.name != ONTOLOGY_GRAPH)
    duplicated = len(set(snapshot.ntriples_except([ONTOLOGY_GRAPH]).splitlines()))
    assert data_statements > duplicated  # the seed states some triples in two graphs
    from_snapshot = validate_snapshot(
        snapshot, shapes_path=SHAPES, ontology_graph=ONTOLOGY_GRAPH, engine=engine
    )
    data, ontology = snapshot_ntriples(snapshot, ontology_graph=ONTOLOGY_GRAPH)
    from_ntriples = validate_ntriples(data, ontology=ontology, shapes_path=SHAPES, engine=engine)
    assert from_snapshot.triples_validated == data_statements
    assert from_ntriples.triples_validated == data_statements


@pytest.mark.parametrize("engine", ALL)
def test_empty_data_is_refused(engine: str) -> None:
    """No data graph is not "conforms: 0 triples": it is an error saying nothing was validated."""
    with pytest.raises(EmptyDataError) as caught:
        validate_ntriples(b"", ontology=None, shapes_path=SHAPES, engine=engine)
    assert str(caught.value) == (
        "nothing was validated: the data graphs hold no triple "
        "(hint: build first (civicgraph build), or check the endpoint and --base)"
    )


@pytest.mark.parametrize("engine", ALL)
def test_store_with_only_the_ontology_is_refused(engine: str) -> None:
    """A store whose one graph is the ontology has no data to validate."""
    store = ox.Store()
    store.load(ONTOLOGY.read_bytes(), ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    with pytest.raises(EmptyDataError, match="nothing was validated"):
        validate_store(store, shapes_path=SHAPES, ontology_graph=ONTOLOGY_GRAPH, engine=engine)


def test_empty_rdflib_graph_is_refused() -> None:
    """validate_graphs refuses an empty data graph like the other entry points."""
    with pytest.raises(EmptyDataError, match="nothing was validated"):
        validate_graphs(Graph(), shapes=Graph().parse(SHAPES), ontology=None, engine="pyshacl")
