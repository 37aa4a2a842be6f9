"""civicgraph.term_labels: every property and class a seed page shows has a label in
Kazakh, Russian and English, from the ontology (civ:) or the table of other vocabularies."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from civicgraph import resources
from civicgraph.build import build_dataset
from civicgraph.errors import OntologyError
from civicgraph.languages import LANGUAGES, LocalText
from civicgraph.linking.rdf import link_quads
from civicgraph.term_labels import load_term_labels
from tests.seed import CIV, DATA, IRIS, ONTOLOGY, ROOT

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
LIST_STRUCTURE = {f"{RDF}first", f"{RDF}rest"}
"""The links of an RDF list (owl:unionOf's members): a page shows the members, not these."""
TYPE_LIKE = {f"{RDF}type", f"{RDFS}subClassOf", f"{RDFS}subPropertyOf", f"{RDFS}seeAlso"}
"""Properties whose values are classes or properties themselves: the types a page shows,
and the alignment targets (which `export --entail alignments` makes types of entities)."""

SHORT_TURTLE = """\
@prefix civ: <https://w3id.org/civicgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@pytest.fixture(scope="module")
def seed_terms() -> set[str]:
    """Every property and class the seed graph uses, as a page would show them."""
    terms: set[str] = set()
    for quad in build_dataset(DATA, ONTOLOGY, extra_quads=link_quads, iris=IRIS).quads:
        predicate = quad.predicate.value
        if predicate not in LIST_STRUCTURE:
            terms.add(predicate)
        if predicate in TYPE_LIKE and isinstance(quad.object, ox.NamedNode):
            terms.add(quad.object.value)
    return terms


def test_every_term_a_seed_page_shows_is_labelled_in_kk_ru_and_en(seed_terms: set[str]) -> None:
    """civ: terms by the ontology, the others (rdfs:label, skos:exactMatch,
    prov:wasDerivedFrom, dct:*, schema:*, org:*, oa:*, …) by labels-external.ttl."""
    assert len(seed_terms) > 100
    assert {f"{SKOS}exactMatch", "http://www.w3.org/ns/prov#wasDerivedFrom"} <= seed_terms
    assert load_term_labels().missing(seed_terms) == {}


def test_labels_come_with_their_language() -> None:
    """The label in the reader's language, as the shipped files give them."""
    labels = load_term_labels()
    assert labels.label(f"{SKOS}exactMatch", "kk") == LocalText("дәл сәйкес келеді", "kk")
    assert labels.label(f"{SKOS}exactMatch", "ru") == LocalText("точное соответствие", "ru")
    assert labels.label(f"{CIV}heldBy", "ru") == LocalText("организатор", "ru")
    assert labels.label(f"{CIV}about", "kk") == LocalText("не туралы", "kk")
    assert labels.label("http://example.org/unlabelled", "kk") is None


def test_external_table_labels_other_vocabularies_only() -> None:
    """labels-external.ttl holds rdfs:label triples only, one per language for each term,
    and none for a civ: term (those are the ontology's, in one place)."""
    path = resources.external_labels_file()
    assert path == ROOT / "ontology" / "labels-external.ttl"
    triples = list(ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE))
    languages: dict[str, list[str]] = {}
    for triple in triples:
        assert triple.predicate.value == f"{RDFS}label"
        assert isinstance(triple.object, ox.Literal)
        languages.setdefault(triple.subject.value, []).append(triple.object.language or "")
    assert [term for term in languages if term.startswith(CIV)] == []
    assert {
        term: sorted(langs)
        for term, langs in languages.items()
        if sorted(langs) != sorted(LANGUAGES)
    } == {}


def test_a_project_ontology_labels_its_own_terms(tmp_path: Path) -> None:
    """A project's own ontology labels its terms; the other vocabularies' labels stay; a
    label missing in one language falls back, marked with the language it is in."""
    ontology = tmp_path / "civic.ttl"
    ontology.write_text(
        SHORT_TURTLE + 'civ:chairs rdfs:label "chairs"@en , "төрағасы"@kk .\n', encoding="utf-8"
    )
    labels = load_term_labels(ontology)
    assert labels.label(f"{CIV}chairs", "kk") == LocalText("төрағасы", "kk")
    assert labels.label(f"{CIV}chairs", "ru") == LocalText("төрағасы", "kk")
    assert labels.label(f"{CIV}chairs", "en") == LocalText("chairs", "en")
    assert labels.label(f"{CIV}heldBy", "en") is None
    assert labels.label(f"{SKOS}exactMatch", "en") == LocalText("exact match", "en")
    assert labels.missing([f"{CIV}chairs"]) == {f"{CIV}chairs": ["ru"]}


def test_two_labels_in_one_language_are_refused(tmp_path: Path) -> None:
    """Which of two Kazakh labels a page showed would depend on the file's order."""
    ontology = tmp_path / "civic.ttl"
    ontology.write_text(
        SHORT_TURTLE + 'civ:chairs rdfs:label "төрағасы"@kk , "басқарады"@kk .\n', encoding="utf-8"
    )
    with pytest.raises(OntologyError) as caught:
        load_term_labels(ontology)
    message = str(caught.value)
    assert message.startswith(f"{ontology}: <{CIV}chairs> has two kk labels, ")
    assert message.endswith("(hint: keep one label per language)")
    assert "'төрағасы'" in message
    assert "'басқарады'" in message


def test_a_broken_table_names_its_line(tmp_path: Path) -> None:
    """A Turtle error in either file is the ontology reader's one-line error."""
    broken = tmp_path / "labels.ttl"
    broken.write_text(SHORT_TURTLE + "civ:chairs rdfs:label .\n", encoding="utf-8")
    with pytest.raises(OntologyError, match=r"labels\.ttl:3: Turtle syntax error"):
        load_term_labels(external=broken)
