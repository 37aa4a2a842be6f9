"""Find candidate Wikidata items for entities: names → batched exact-label look-ups →
details of each item (labels, claims, P31/P279* classes).

Plain SPARQL 1.1 only (``queries/*.rq``), so any endpoint holding Wikidata-format RDF
works; names are sent as escaped, language-tagged literals in VALUES blocks, many
entities per request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from civicgraph.linking.client import Binding, SparqlClient
from civicgraph.linking.text import is_cyrillic, lookup_forms
from civicgraph.model import Entity
from civicgraph.namespaces import WD, WDT
from civicgraph.sparql.text import shipped_query
from civicgraph.terms import rdfs, schema, skos, wikidata_item

NAMES_PER_QUERY = 400
ITEMS_PER_QUERY = 60

_RDFS_LABEL = rdfs.label.value
_SKOS_ALT = skos.altLabel.value
_DESCRIPTION = schema.description.value

# Which label languages a name is looked up in, by script: Kazakh names are often only
# in Russian labels and vice versa; Latin names in English or the language-neutral "mul".
_CYRILLIC_LANGUAGES = ("kk", "ru")
_LATIN_LANGUAGES = ("en", "mul")


def load_query(name: str) -> str:
    """The text of one of the linker's queries (``civicgraph/linking/queries/*.rq``)."""
    return shipped_query("civicgraph.linking", name, folder="queries").text


def sparql_literal(text: str, language: str) -> str:
    """A SPARQL string literal with a language tag, written by Oxigraph (so escaped)."""
    return str(ox.Literal(text, language=language) if language else ox.Literal(text))


def item_term(qid: str) -> str:
    """A Wikidata item as a SPARQL term; a Q-id read from an answer is parsed, not pasted."""
    return str(wikidata_item(qid))


def fill_values(query: str, terms: list[str]) -> str:
    """Put terms into the query's VALUES block; terms are already valid SPARQL terms."""
    return query.replace("#VALUES#", " ".join(terms))


@dataclass
class Candidate:
    """A Wikidata item as the scorer sees it."""

    qid: str
    labels: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Language → labels and aliases."""
    main_labels: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    claims: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Property id → Q-ids (truthy statements)."""
    classes: set[str] = field(default_factory=set)
    """Every class reached by P31/P279* (P31 values included)."""

    @property
    def display(self) -> str:
        for language in ("en", "kk", "ru", "mul"):
            if language in self.main_labels:
                return self.main_labels[language]
        for language in ("en", "kk", "ru"):
            if self.labels.get(language):
                return sorted(self.labels[language])[0]
        return self.qid


def entity_names(entity: Entity) -> list[tuple[str, str, bool]]:
    """(language, name, is_alt) for the entity's labels then aliases."""
    names = [(lang, text, False) for lang, text in sorted(entity.labels.items())]
    for lang, values in sorted(entity.alt_labels.items()):
        names.extend((lang, text, True) for text in values)
    return names


def lookup_literals(entity: Entity) -> set[str]:
    literals: set[str] = set()
    for _, name, _ in entity_names(entity):
        for form in lookup_forms(name):
            languages = _CYRILLIC_LANGUAGES if is_cyrillic(form) else _LATIN_LANGUAGES
            literals |= {sparql_literal(form, lang) for lang in languages}
    return literals


def find_candidate_ids(client: SparqlClient, entities: list[Entity]) -> dict[str, set[str]]:
    """Entity id → Q-ids whose label or alias equals one of its name forms."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for literal in lookup_literals(entity):
            wanted[literal].add(entity.id)
    literals = sorted(wanted)
    found: dict[str, set[str]] = {entity.id: set() for entity in entities}
    template = load_query("candidates")
    for start in range(0, len(literals), NAMES_PER_QUERY):
        chunk = literals[start : start + NAMES_PER_QUERY]
        for row in client.select(fill_values(template, chunk)):
            literal = sparql_literal(row["name"]["value"], row["name"].get("xml:lang", ""))
            qid = row["item"]["value"].removeprefix(WD)
            for entity_id in wanted.get(literal, set()) | _case_insensitive(wanted, literal):
                found[entity_id].add(qid)
    return found


def _case_insensitive(wanted: dict[str, set[str]], literal: str) -> set[str]:
    # Endpoints echo the literal as stored; language tags may come back in another case.
    text, _, language = literal.rpartition("@")
    return wanted.get(f"{text}@{language.lower()}", set())


def fetch_details(client: SparqlClient, qids: set[str]) -> dict[str, Candidate]:
    """Labels, claims and classes of each item, a batch of items per request."""
    details: dict[str, Candidate] = {qid: Candidate(qid) for qid in qids}
    template = load_query("details")
    ordered = sorted(qids)
    for start in range(0, len(ordered), ITEMS_PER_QUERY):
        chunk = ordered[start : start + ITEMS_PER_QUERY]
        rows = client.select(fill_values(template, [item_term(qid) for qid in chunk]))
        for row in rows:
            _add_detail(details, row)
    return details


def _add_detail(details: dict[str, Candidate], row: Binding) -> None:
    qid = row["item"]["value"].removeprefix(WD)
    candidate = details.get(qid)
    if candidate is None:
        return
    key, value = row["key"]["value"], row["value"]
    if key == "class":
        if value["value"].startswith(WD):
            candidate.classes.add(value["value"].removeprefix(WD))
    elif key in (_RDFS_LABEL, _SKOS_ALT):
        language = value.get("xml:lang", "").lower()
        candidate.labels[language].add(value["value"])
        if key == _RDFS_LABEL:
            candidate.main_labels[language] = value["value"]
    elif key == _DESCRIPTION:
        candidate.descriptions[value.get("xml:lang", "").lower()] = value["value"]
    elif key.startswith(WDT) and value["value"].startswith(WD):
        candidate.claims[key.removeprefix(WDT)].add(value["value"].removeprefix(WD))
