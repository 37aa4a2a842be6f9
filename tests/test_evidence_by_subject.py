"""evidence_by_subject, bound to every subject of the seed and unbound, against the per-case
queries (evidence_of_entity, evidence_of_fact) and against the form it had before it started
from the subject (kept below as the reference: it enumerated every fact, then filtered)."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest

from civicgraph.query import QueryResult, run_query
from civicgraph.sparql.binding import bind_values
from civicgraph.sparql.text import find_query
from civicgraph.triplesource import EmbeddedSource
from tests.seed import BASE, CIV, IRIS, ROOT
from tests.test_query_catalogue import build_seed_store

CATALOGUE = ROOT / "queries"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV = "http://www.w3.org/ns/prov#"

ENUMERATING = """
PREFIX civ: <https://w3id.org/civicgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?fact ?predicate ?object ?graph ?source ?start ?end ?exact WHERE {
  {
    ?fact a civ:Assertion ; rdf:subject ?about ; rdf:predicate ?predicate ; rdf:object ?object .
  } UNION {
    ?fact a ?factType .
    FILTER(?factType != civ:Assertion && EXISTS { ?factType rdfs:subClassOf+ civ:Fact })
  }
  FILTER(!BOUND(?subject)
    || (BOUND(?about) && ?about = ?subject)
    || (!BOUND(?about) && (?fact = ?subject
          || (isIRI(?subject) && EXISTS { ?fact ?anyProperty ?subject }))))
  GRAPH ?graph { ?fact prov:wasDerivedFrom ?evidence }
  OPTIONAL {
    ?evidence oa:hasSource ?excerptSource ;
        oa:hasSelector ?position , ?quote .
    ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
    ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  }
  BIND(COALESCE(?excerptSource, ?evidence) AS ?source)
}
"""
"""The query as it was up to 0.x: 9.7 s for one subject at 1M triples, the reference here."""

Row = tuple[str | None, ...]
Span = tuple[str, ...]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return build_seed_store()


@pytest.fixture(scope="module")
def ask(store: ox.Store) -> Callable[..., QueryResult]:
    def run(name: str, **params: str) -> QueryResult:
        return run_query(
            find_query(name, CATALOGUE), EmbeddedSource(store, iris=IRIS), params=params
        )

    return run


def _rows(result: QueryResult) -> set[Row]:
    return {tuple(None if t is None else str(t) for t in row) for row in result.rows}


def _enumerating(store: ox.Store, subject: str | None) -> set[Row]:
    term = None if subject is None else ox.NamedNode(subject)
    text = bind_values(ENUMERATING, {"subject": term})
    return {
        tuple(None if t is None else str(t) for t in solution)
        for solution in store.query(text, use_default_graph_as_union=True)  # type: ignore[union-attr]
    }


def _spans(result: QueryResult, fact: str | None = None) -> set[Span]:
    """(fact, source, start, end, exact) of each excerpt; ``fact`` for a per-fact answer."""
    return {
        (fact or r["fact"].value, *(str(r[c].value) for c in ("source", "start", "end", "exact")))  # type: ignore[union-attr]
        for r in result.records()
        if "start" in r
    }


def _objects(store: ox.Store, subject: str, predicate: str) -> set[str]:
    return {
        quad.object.value
        for quad in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(predicate), None)
    }


def _subjects_with_facts(store: ox.Store) -> list[str]:
    """Every fact node and assertion, and every IRI a fact names: the subjects worth asking."""
    facts = {
        q.subject.value
        for q in store.quads_for_pattern(None, ox.NamedNode(f"{PROV}wasDerivedFrom"), None)
    }
    named = {
        q.object.value
        for fact in facts
        for q in store.quads_for_pattern(ox.NamedNode(fact), None, None)
        if isinstance(q.object, ox.NamedNode) and q.predicate.value != f"{PROV}wasDerivedFrom"
    }
    return sorted(facts | named)


def test_seed_has_every_kind_of_subject(store: ox.Store) -> None:
    """The exhaustive tests below see entities, fact nodes and assertions (hundreds of them)."""
    subjects = _subjects_with_facts(store)
    assertions = [s for s in subjects if f"{CIV}Assertion" in _objects(store, s, f"{RDF}type")]
    assert len(subjects) > 150
    assert len(assertions) > 20
    assert f"{BASE}/id/person/maulen-ashimbayev" in subjects
    assert f"{BASE}/id/participation/extended-meeting-maulen-ashimbayev" in subjects


def test_unbound_lists_what_the_enumerating_form_listed(ask, store: ox.Store) -> None:
    """Left unbound, every fact's evidence, row for row the answer of the earlier form."""
    listing = _rows(ask("evidence_by_subject"))
    assert len(listing) == 81  # the seed meeting reported held added one
    assert listing == _enumerating(store, None)


def test_bound_gives_what_the_enumerating_form_gave(ask, store: ox.Store) -> None:
    """For every subject, the earlier form's rows; for an assertion, also its own evidence
    (which the earlier form, contrary to its description, left out)."""
    listing = _rows(ask("evidence_by_subject"))
    own_rows_added = 0
    for subject in _subjects_with_facts(store):
        got = _rows(ask("evidence_by_subject", subject=subject))
        expected = _enumerating(store, subject)
        if f"{CIV}Assertion" in _objects(store, subject, f"{RDF}type"):
            own = {row for row in listing if row[0] == f"<{subject}>"}
            assert own, subject
            own_rows_added += len(own - expected)
            expected |= own
        assert got == expected, subject
    assert own_rows_added > 20


def test_bound_gives_the_per_case_spans(ask, store: ox.Store) -> None:
    """For every subject, the spans of evidence_of_fact (the subject as a fact) and of
    evidence_of_entity (every fact naming it) but for statements naming it only as their
    object or predicate: the same excerpts the pages show."""
    compared = 0
    for subject in _subjects_with_facts(store):
        catalogue = _spans(ask("evidence_by_subject", subject=subject))
        expected = _spans(ask("evidence_of_fact", fact=subject), fact=subject)
        for span in _spans(ask("evidence_of_entity", subject=subject)):
            fact = span[0]
            is_assertion = f"{CIV}Assertion" in _objects(store, fact, f"{RDF}type")
            if not is_assertion or subject in _objects(store, fact, f"{RDF}subject"):
                expected.add(span)
        assert catalogue == expected, subject
        compared += bool(catalogue)
    assert compared > 100
