"""End to end: the linker against oxigraph serve loaded with the snapshot and distractors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from civicgraph.linking.candidates import entity_names, lookup_literals, sparql_literal
from civicgraph.linking.client import ClientSettings, SparqlClient
from civicgraph.linking.linker import link_entities
from civicgraph.records import load_entities

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "fixtures" / "wikidata" / "snapshot.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "wikidata"
EXPECTED = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def report(oxigraph_server_module):
    server = oxigraph_server_module()
    server.load(SNAPSHOT)
    server.load(FIXTURES / "distractors.ttl")
    client = SparqlClient(
        ClientSettings(endpoint=server.query_url, requests_per_second=0, retries=0)
    )
    return link_entities(load_entities(ROOT / "data").values(), client)


@pytest.mark.parametrize("entity_id", sorted(EXPECTED["links"]))
def test_every_seed_entity_with_an_item_is_linked_to_the_right_one(report, entity_id):
    outcome = report.outcomes[entity_id]
    assert outcome.status == "proposed", outcome.why
    assert outcome.chosen is not None
    assert outcome.chosen.qid == EXPECTED["links"][entity_id]


def test_distractors_are_never_chosen(report):
    chosen = {o.chosen.qid for o in report.outcomes.values() if o.chosen is not None}
    assert not {q for q in chosen if q.startswith("Q9")}


@pytest.mark.parametrize("entity_id", EXPECTED["no_item"])
def test_entities_without_an_item_are_reported_not_linked(report, entity_id):
    outcome = report.outcomes[entity_id]
    assert outcome.chosen is None
    assert outcome.status in {"not-found", "ambiguous"}
    assert outcome.why


def test_only_expected_entities_are_linked(report):
    linked = {o.entity_id for o in report.outcomes.values() if o.chosen is not None}
    assert linked == set(EXPECTED["links"])


def test_hidden_labels_are_never_searched_nor_scored():
    """ "Government", «Парламент», "Head of State": forms the press uses for the country's own
    bodies and posts, and Wikidata's names of the general idea. The linker neither looks
    candidates up by them nor scores names against them (the seed's Government, Parliament
    and President were ambiguous or wrong when it did)."""
    entities = load_entities(ROOT / "data")
    for entity_id in ("org/government-kz", "org/parliament-kz", "post/president-kz"):
        entity = entities[entity_id]
        hidden = {name for names in entity.hidden_labels.values() for name in names}
        assert hidden, entity_id
        assert not hidden & {name for _, name, _ in entity_names(entity)}
        shown_only = replace(entity, hidden_labels={})
        assert lookup_literals(entity) == lookup_literals(shown_only), entity_id
    assert sparql_literal("Government of Kazakhstan", "en") in lookup_literals(
        entities["org/government-kz"]
    )


def test_namesakes_are_rejected_with_the_contradiction_named(report):
    senate = report.outcomes["org/senate-kz"]
    reasons = {c.qid: " ".join(c.reasons) for c in senate.candidates}
    assert any("not Kazakhstan" in r for r in reasons.values())
    astana = report.outcomes["place/astana"]
    club = next(c for c in astana.candidates if c.label == "FC Astana")
    assert "association football club" in " ".join(club.reasons)


def test_lookups_are_batched(report):
    assert report.requests_sent < len(report.outcomes) / 3, "names go in VALUES blocks"


def test_two_equally_good_candidates_make_the_entity_ambiguous(oxigraph_server, tmp_path):
    server = oxigraph_server()
    twin = tmp_path / "twins.ttl"
    twin.write_text(
        "@prefix wd: <http://www.wikidata.org/entity/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'wd:Q9000000101 rdfs:label "Astana"@en .\n'
        'wd:Q9000000102 rdfs:label "Astana"@en .\n',
        encoding="utf-8",
    )
    server.load(twin)
    client = SparqlClient(ClientSettings(endpoint=server.query_url, requests_per_second=0))
    astana = load_entities(ROOT / "data")["place/astana"]
    outcome = link_entities([astana], client).outcomes["place/astana"]
    assert outcome.status == "ambiguous"
    assert {c.qid for c in outcome.candidates} == {"Q9000000101", "Q9000000102"}
