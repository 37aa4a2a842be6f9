"""The W3C Reconciliation Service API v0.2 (the version OpenRefine speaks) for civicgraph's
own entities: https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/

Identifiers are entity ids (``person/maulen-ashimbayev``) in the identifier space
``<base>/id/``; types are the classes of the civicgraph ontology, named by their local
name (``Person``) in the schema space ``civ:``; properties are those of
``civicgraph.serve.reconcile_properties`` (``post``, ``body``, ``region``, ``wikidata``,
…) or any property of the graph by IRI or prefixed name.

- §4 Reconciliation queries. Names are matched in every language and script by the
  explorer's name index (``civicgraph.serve.search``); an entity's id or IRI as the query
  is that entity, score 100; a query without text finds the entities that have the
  values of its properties. A candidate's score is the mean of its name's score and each
  property value's agreement (1 when the candidate has that value, the value's name
  score when it was given as text), times 100; a Wikidata id that agrees makes it 100,
  whatever the name. ``match`` is true for the one candidate at 100.
- Names and descriptions are in the language the query is written in (Kazakh letters:
  kk, other Cyrillic: ru, Latin: en; ``lang`` when the service is asked with one),
  falling back as the explorer does; a description is the candidate's type and its main
  post, its body or its region, which tells namesakes apart.
- §6 Suggest (entity, property, type) from the first letter typed, §8 data extension
  (property proposals, values with their ids).

Every request is read whole before anything runs, as the specification's JSON schemas
describe it (``tests/fixtures/reconciliation-api/``): what they do not allow, or what
passes a bound (``MAX_QUERIES``, ``MAX_TEXT``, ``MAX_VALUES``, ``MAX_IDS``), is refused with
the reason (``QueryError``, answered 400). A batch reads the store once a property, never
once a candidate, and looks at its deadline between its steps and between its queries'
name searches: its cost is bounded by its size, not by the corpus.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox

from civicgraph import __version__
from civicgraph.errors import QueryError
from civicgraph.formatting import format_date
from civicgraph.ingest.languages import written_in
from civicgraph.io import short_repr
from civicgraph.languages import LANGUAGES, choose_text
from civicgraph.linking.text import fold_case
from civicgraph.namespaces import WD
from civicgraph.query import run_query
from civicgraph.serve import queries
from civicgraph.serve.explorer import CIV, Explorer
from civicgraph.serve.reconcile_properties import (
    NAMED,
    ServiceProperty,
    ValueKind,
    Values,
    expand_iri,
    find_entities,
    find_property,
    read_values,
    time_left,
)
from civicgraph.serve.search import INFLECTED, NameIndex
from civicgraph.terms import xsd

DEFAULT_LIMIT = 5
MAX_LIMIT = 100
MAX_QUERIES = 100
"""Most queries one batch may carry (OpenRefine sends 10 at a time unless told otherwise)."""
MAX_TEXT = 500
"""Longest name one query may look for, in characters; names in the store are far shorter."""
MAX_VALUES = 50
"""Most property values one query may give, over all its properties."""
MAX_IDS = 100
"""Most entities one data extension request may ask about (OpenRefine asks for 10)."""
MAX_EXTEND_PROPERTIES = 20
SUGGEST_LIMIT = 10
MAX_SUGGEST = 50
_DEFAULT_TYPES = ("Person", "Organisation", "Post", "Event", "Programme", "Place")
_QUERY_KEYS = ("query", "type", "limit", "properties", "type_strict")
"""What a query may hold (the query batch schema forbids anything else)."""
_TYPE_STRICT = ("any", "should", "all")
_WIKIDATA = str(WD)
_QID = re.compile(r"Q[1-9][0-9]*")
_ENTITY_ID = re.compile(r"[a-z][a-z0-9-]*/\S+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTEXT = ("post", "body", "region")
"""What tells a candidate from its namesakes, the first it has: its main post, the body it
belongs to, its region."""
_INTEGERS = {xsd.integer, xsd.int, xsd.long, xsd.nonNegativeInteger, xsd.positiveInteger}
_DECIMALS = {xsd.decimal, xsd.double, xsd.float}


@dataclass(frozen=True)
class ReconcileQuery:
    text: str
    types: tuple[str, ...]
    limit: int
    properties: tuple[tuple[ServiceProperty, tuple[object, ...]], ...]


@dataclass(frozen=True)
class ExtendQuery:
    ids: tuple[str, ...]
    properties: tuple[tuple[ServiceProperty, int], ...]
    """Each property with the most values a row gets (0: every value)."""


# -- the manifest ------------------------------------------------------------------------


def manifest(
    explorer: Explorer, service_url: str, *, lang: str, lang_asked: bool = False
) -> dict[str, Any]:
    """The service manifest (§3.1): what a client reads before it reconciles.

    ``lang_asked``: the service was added with ``?lang=``, which its view and preview
    addresses then keep."""
    root = service_url.rstrip("/")
    site = root.rsplit("/reconcile", 1)[0]
    keep = f"&lang={lang}" if lang_asked else ""
    labels = explorer.type_labels({f"{CIV}{name}" for name in _DEFAULT_TYPES}, lang)
    return {
        "versions": ["0.1", "0.2"],
        "name": "civicgraph",
        "identifierSpace": explorer.iris.id_prefix,
        "schemaSpace": CIV,
        "serviceVersion": __version__,
        "documentation": "https://w3id.org/civicgraph",
        "batchSize": MAX_QUERIES,
        "defaultTypes": [
            {"id": name, "name": labels.get(f"{CIV}{name}", name)} for name in _DEFAULT_TYPES
        ],
        "view": {"url": f"{site}/id/{{{{id}}}}" + (f"?lang={lang}" if lang_asked else "")},
        "preview": {"url": f"{root}/preview?id={{{{id}}}}{keep}", "width": 420, "height": 150},
        "suggest": {
            kind: {"service_url": root, "service_path": f"/suggest/{kind}"}
            for kind in ("entity", "property", "type")
        },
        "extend": {
            "propose_properties": {"service_url": root, "service_path": "/properties"},
            "property_settings": [
                {
                    "name": "limit",
                    "label": "Limit",
                    "type": "number",
                    "default": 0,
                    "help_text": "The most values a row gets (0: every value)",
                }
            ],
        },
    }


# -- reading requests --------------------------------------------------------------------


def parse_batch(raw: str) -> dict[str, ReconcileQuery]:
    """The ``queries`` parameter: a JSON object of named queries (§4.1), as the query batch
    schema allows them, within the bounds that keep a batch's cost known."""
    batch = _read_json(raw, "queries")
    if not isinstance(batch, dict):
        raise QueryError("queries must be a JSON object of named queries", hint='{"q0": {...}}')
    if len(batch) > MAX_QUERIES:
        raise QueryError(
            f"{len(batch)} queries in one batch; at most {MAX_QUERIES} are read",
            hint=f"send batches of {MAX_QUERIES} or fewer",
        )
    return {str(key): _parse_query(str(key), value) for key, value in batch.items()}


def parse_extend(raw: str) -> ExtendQuery:
    """The ``extend`` parameter (§8.3): ids and the properties to fetch for them."""
    asked = _read_json(raw, "extend")
    if not isinstance(asked, dict) or "ids" not in asked or "properties" not in asked:
        raise QueryError(
            "extend must be a JSON object with ids and properties",
            hint='{"ids": ["person/…"], "properties": [{"id": "post"}]}',
        )
    ids, properties = asked["ids"], asked["properties"]
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise QueryError("extend: ids must be a list of entity ids")
    if len(ids) > MAX_IDS:
        raise QueryError(
            f"extend: {len(ids)} ids; at most {MAX_IDS} are read a request",
            hint=f"ask for {MAX_IDS} entities or fewer at a time",
        )
    if not isinstance(properties, list) or not properties:
        raise QueryError('extend: properties must be a non-empty list of {"id": …}')
    if len(properties) > MAX_EXTEND_PROPERTIES:
        raise QueryError(f"extend: at most {MAX_EXTEND_PROPERTIES} properties a request")
    chosen = [_extend_property(item) for item in properties]
    return ExtendQuery(tuple(ids), tuple(chosen))


def _extend_property(item: object) -> tuple[ServiceProperty, int]:
    """One property of a data extension: ``{"id": …, "settings": {"limit": n}}``."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise QueryError('extend: each property must be an object with a string "id"')
    settings = item.get("settings", {})
    if not isinstance(settings, dict):
        raise QueryError(f"extend: the settings of {item['id']!r} must be an object")
    unknown = sorted(set(settings) - {"limit"})
    if unknown:
        raise QueryError(
            f"extend: unknown setting {unknown[0]!r} of property {item['id']!r}",
            hint="the one setting is limit (the most values a row gets)",
        )
    limit = settings.get("limit", 0)
    if isinstance(limit, str) and limit.isdigit():  # a form field's number comes as text
        limit = int(limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise QueryError(f"extend: the limit of {item['id']!r} must be 0 or more")
    return find_property(item["id"]), limit


def _read_json(raw: str, field_name: str) -> object:
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise QueryError(f"{field_name} is not JSON: {error.msg} at {error.pos}") from error
    except RecursionError as error:
        raise QueryError(f"{field_name} is nested too deeply to be read") from error
    except ValueError as error:  # NaN, Infinity, or an integer of thousands of digits
        raise QueryError(f"{field_name} is not JSON the service reads: {error}") from error


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number in JSON")


def _parse_query(key: str, value: object) -> ReconcileQuery:
    if not isinstance(value, dict):
        raise QueryError(f"query {key!r} must be an object")
    unknown = sorted(set(value) - set(_QUERY_KEYS))
    if unknown:
        raise QueryError(
            f"query {key!r}: unknown key {unknown[0]!r}",
            hint=f"a query holds {', '.join(_QUERY_KEYS)}",
        )
    text = value.get("query", "")
    properties = value.get("properties", [])
    if not isinstance(text, str) or not isinstance(properties, list):
        raise QueryError(f"query {key!r}: query must be a string and properties a list")
    if len(text) > MAX_TEXT:
        raise QueryError(f"query {key!r}: query is longer than {MAX_TEXT} characters")
    if not text.strip() and not properties:
        raise QueryError(f"query {key!r} has neither a query string nor properties")
    types = value.get("type") or []
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise QueryError(f"query {key!r}: type must be a string or a list of strings")
    strict = value.get("type_strict", "any")
    if strict not in _TYPE_STRICT:
        raise QueryError(f"query {key!r}: type_strict must be one of {', '.join(_TYPE_STRICT)}")
    limit = value.get("limit", DEFAULT_LIMIT)
    if (
        isinstance(limit, bool)
        or not isinstance(limit, int | float)
        or not math.isfinite(limit)
        or limit < 1
    ):
        raise QueryError(f"query {key!r}: limit must be a positive number")
    pairs = _query_properties(key, properties)
    return ReconcileQuery(text, tuple(types), int(min(limit, MAX_LIMIT)), pairs)


def _query_properties(
    key: str, properties: list[object]
) -> tuple[tuple[ServiceProperty, tuple[object, ...]], ...]:
    """A query's ``properties``: each ``{"pid": …, "v": value or [values]}``."""
    given: list[tuple[str, tuple[object, ...]]] = []
    for item in properties:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            raise QueryError(f"query {key!r}: each property needs pid and v")
        if not isinstance(item["pid"], str):
            raise QueryError(f"query {key!r}: a property's pid must be a string")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        if not all(_is_value(v) for v in values):
            raise QueryError(
                f'query {key!r}: a property value must be a string, a number, a boolean or {{"id": …}}'
            )
        given.append((item["pid"], tuple(values)))
    # the bound first: a batch over it is refused before any property is looked up
    if sum(len(values) for _, values in given) > MAX_VALUES:
        raise QueryError(f"query {key!r}: more than {MAX_VALUES} property values")
    return tuple((find_property(pid), values) for pid, values in given)


def _is_value(value: object) -> bool:
    """A property value as the spec gives one: a string, a number, a boolean or an entity."""
    if isinstance(value, dict):
        return isinstance(value.get("id"), str) and len(value["id"]) <= MAX_TEXT
    if isinstance(value, str):
        return len(value) <= MAX_TEXT
    return isinstance(value, int | float) and math.isfinite(value)


def type_iri(type_id: str) -> str:
    """``Person``, ``civ:Person`` or the full IRI: the class's IRI."""
    return expand_iri(type_id) or f"{CIV}{type_id}"


def _type_id(iri: str) -> str:
    return iri[len(CIV) :] if iri.startswith(CIV) else iri


# -- reconciliation ----------------------------------------------------------------------


@dataclass
class _Candidate:
    entity: str
    name_score: float | None
    """How well its name matched the query's text; ``None``: found by a property value."""
    agreements: list[tuple[ServiceProperty, float]] = field(default_factory=list)
    score: float = 0.0


def reconcile(
    explorer: Explorer,
    batch: Mapping[str, ReconcileQuery],
    *,
    lang: str | None = None,
    default_lang: str = LANGUAGES[0],
    timeout: float | None = None,
) -> dict[str, Any]:
    """Candidates for each query, best first (§4.2), within ``timeout`` seconds.

    ``lang``: the language the service was asked in (``?lang=``), else each query's
    names are in the language its text is written in, else in ``default_lang``.
    The store is read a few times a batch, between which the clock is looked at: a batch
    past its deadline stops there instead of holding its thread to the end.
    """
    deadline = time.monotonic() + (explorer.timeout if timeout is None else timeout)
    names = explorer.names()
    found: dict[str, dict[str, _Candidate]] = {}
    for key, query in batch.items():
        time_left(deadline)
        found[key] = _by_name(explorer, names, query)
    expected = {
        key: [
            (prop, [_expected(explorer, names, prop, v) for v in vs]) for prop, vs in q.properties
        ]
        for key, q in batch.items()
    }
    _by_value(explorer, names, batch, found, expected, deadline=deadline)
    compared: dict[ServiceProperty, set[str]] = defaultdict(set)
    for key in batch:  # two queries giving one property read its values once
        for prop, _ in expected[key]:
            compared[prop].update(found[key])
    values = _read(explorer, compared, deadline=deadline)
    ranked: dict[str, list[_Candidate]] = {}
    for key, query in batch.items():
        candidates = list(found[key].values())
        for candidate in candidates:
            _score(candidate, expected[key], values, has_text=bool(query.text.strip()))
        candidates = [c for c in candidates if c.score > 0]
        candidates.sort(key=lambda c: (-c.score, c.entity))
        ranked[key] = candidates
    languages = {key: lang or written_in(q.text) or default_lang for key, q in batch.items()}
    described = _Descriptions(
        explorer,
        {c.entity for key, q in batch.items() for c in ranked[key][: q.limit]},
        values,
        deadline=deadline,
    )
    answer: dict[str, Any] = {}
    for key, query in batch.items():
        sure = [c for c in ranked[key] if c.score >= 100.0]
        answer[key] = {
            "result": [
                {
                    **described.entry(c.entity, languages[key]),
                    "score": c.score,
                    "match": c.score >= 100.0 and len(sure) == 1,
                    "features": _features(c),
                }
                for c in ranked[key][: query.limit]
            ]
        }
    return answer


def _by_name(explorer: Explorer, names: NameIndex, query: ReconcileQuery) -> dict[str, _Candidate]:
    """Candidates by the query's text: the entity it is the id of, else names that match."""
    text = query.text.strip()
    if not text:
        return {}
    by_id = _entity_by_id(explorer, names, text)
    if by_id is not None:
        return {by_id: _Candidate(by_id, 1.0)}
    wanted = _wanted(explorer, query.types)
    hits = names.search(text, types=wanted, limit=max(query.limit * 4, 20))
    return {hit.entity: _Candidate(hit.entity, hit.score) for hit in hits}


def _wanted(explorer: Explorer, types: Iterable[str]) -> set[str]:
    return explorer.with_subclasses(type_iri(t) for t in types)


def _entity_by_id(explorer: Explorer, names: NameIndex, text: str) -> str | None:
    """The entity ``text`` is the IRI or the ``kind/slug`` id of, if it has a name."""
    if text.startswith(explorer.iris.id_prefix):
        iri = text
    elif _ENTITY_ID.fullmatch(text):
        iri = explorer.iri_of(text)
    else:
        return None
    return iri if names.has(iri) else None


Expected = dict[queries.Term, float]
"""The terms a given value may be in the graph, each with the agreement it is worth."""


def _expected(
    explorer: Explorer, names: NameIndex, prop: ServiceProperty, value: object
) -> Expected:
    """What the graph holds when a candidate has ``value`` as a value of ``prop``."""
    if isinstance(value, dict):  # a value reconciled already: its id
        value = value["id"]
    if not isinstance(value, str):  # a number or a boolean, as JSON and the graph write it
        return {ox.Literal(json.dumps(value)): 1.0}
    text = value.strip()
    if prop.kind in _LITERAL_FORMS:
        term = _LITERAL_FORMS[prop.kind](text, prop)
        return {term: 1.0} if term is not None else {}
    if prop.kind is ValueKind.TYPE:
        return {ox.NamedNode(t): 1.0 for t in _wanted(explorer, [text])}
    iri = _entity_by_id(explorer, names, text) or expand_iri(text)
    if iri is not None:
        return {ox.NamedNode(iri): 1.0}
    if prop.kind is ValueKind.ANY:
        return {ox.Literal(text): 1.0}
    # an entity named, not identified: each entity of that name, as well as it is named
    wanted = _wanted(explorer, [prop.value_type]) if prop.value_type else set()
    return {
        ox.NamedNode(hit.entity): hit.score
        for hit in names.search(text, types=wanted, limit=10)
        if hit.score >= INFLECTED / 2
    }


def _wikidata_item(text: str, prop: ServiceProperty) -> queries.Term | None:
    """``Q42`` or its IRI as the item's IRI."""
    del prop
    qid = text.rsplit("/", 1)[-1]
    return ox.NamedNode(f"{_WIKIDATA}{qid}") if _QID.fullmatch(qid) else None


def _label(text: str, prop: ServiceProperty) -> queries.Term | None:
    return ox.Literal(text, language=prop.language)


def _day(text: str, prop: ServiceProperty) -> queries.Term | None:
    """A day however a spreadsheet wrote its time (``2025-04-03T00:00:00Z``)."""
    del prop
    day = text[:10]
    return ox.Literal(day, datatype=xsd.date) if _DATE.fullmatch(day) else None


_LITERAL_FORMS: dict[ValueKind, Callable[[str, ServiceProperty], queries.Term | None]] = {
    ValueKind.WIKIDATA: _wikidata_item,
    ValueKind.LABEL: _label,
    ValueKind.DATE: _day,
}
"""How a value given as text is the term the graph holds, for the properties whose
values are not entities of the graph."""


def _by_value(
    explorer: Explorer,
    names: NameIndex,
    batch: Mapping[str, ReconcileQuery],
    found: dict[str, dict[str, _Candidate]],
    expected: Mapping[str, list[tuple[ServiceProperty, list[Expected]]]],
    *,
    deadline: float,
) -> None:
    """Candidates by property values: of every property when a query has no text, of an
    identifying one (a Wikidata id) always; one lookup a property for the whole batch."""
    asked: dict[ServiceProperty, set[queries.Term]] = defaultdict(set)
    for key, query in batch.items():
        for prop, given in expected[key]:
            if prop.identifying or not query.text.strip():
                asked[prop].update(term for terms in given for term in terms)
        item = _item_asked(query.text)
        if item is not None:
            asked[NAMED["wikidata"]].add(item)
    having = {
        prop: find_entities(explorer.data, prop, list(terms), deadline=deadline)
        for prop, terms in asked.items()
        if terms
    }
    for key, query in batch.items():
        wanted = _wanted(explorer, query.types)
        entities: set[str] = set()
        for prop, given in expected[key]:
            if prop in having and (prop.identifying or not query.text.strip()):
                entities.update(
                    e for terms in given for t in terms for e in having[prop].get(t, ())
                )
        item = _item_asked(query.text)
        if item is not None:
            for entity in having.get(NAMED["wikidata"], {}).get(item, ()):
                found[key][entity] = _Candidate(entity, 1.0)
        for entity in sorted(entities):
            if entity in found[key] or not names.has(entity):
                continue
            if wanted and not wanted & names.types.get(entity, set()):
                continue
            found[key][entity] = _Candidate(entity, None)


def _item_asked(text: str) -> queries.Term | None:
    """The Wikidata item a query's text is (``Q42`` or its IRI), whose entity it asks for."""
    text = text.strip()
    if text.startswith(_WIKIDATA) or _QID.fullmatch(text):
        return _wikidata_item(text, NAMED["wikidata"])
    return None


def _read(
    explorer: Explorer, wanted: Mapping[ServiceProperty, set[str]], *, deadline: float
) -> dict[ServiceProperty, Values]:
    """Each property's values for its entities: one lookup a property."""
    return {
        prop: read_values(explorer.data, prop, entities, deadline=deadline)
        for prop, entities in wanted.items()
        if entities
    }


def _score(
    candidate: _Candidate,
    expected: list[tuple[ServiceProperty, list[Expected]]],
    values: Mapping[ServiceProperty, Values],
    *,
    has_text: bool,
) -> None:
    parts: list[float] = [candidate.name_score or 0.0] if has_text else []
    for prop, given in expected:
        have = values.get(prop, {}).get(candidate.entity, [])
        for terms in given:
            agreement = _agreement(terms, have, prop)
            candidate.agreements.append((prop, agreement))
            parts.append(agreement)
    if any(prop.identifying and a >= 1.0 for prop, a in candidate.agreements):
        candidate.score = 100.0
    else:
        candidate.score = round(100 * sum(parts) / len(parts), 1) if parts else 0.0


def _agreement(terms: Expected, have: Sequence[queries.Term], prop: ServiceProperty) -> float:
    """How much the candidate's values agree with one given value (0 to 1)."""
    best = 0.0
    for term, worth in terms.items():
        if term in have:
            best = max(best, worth)
        elif isinstance(term, ox.Literal):
            wanted = fold_case(term.value)
            if prop.kind is ValueKind.DATE:
                wanted = term.value
            for value in have:
                if isinstance(value, ox.Literal) and _lexical(value, prop) == wanted:
                    best = max(best, worth)
    return best


def _lexical(value: ox.Literal, prop: ServiceProperty) -> str:
    return value.value[:10] if prop.kind is ValueKind.DATE else fold_case(value.value)


def _features(candidate: _Candidate) -> list[dict[str, Any]]:
    """The parts of the score (§4.2, matching features): the name's, each value's."""
    features: list[dict[str, Any]] = []
    if candidate.name_score is not None:
        features.append({"id": "name", "value": candidate.name_score})
    features.extend(
        {"id": f"property:{prop.id}", "value": agreement}
        for prop, agreement in candidate.agreements
    )
    return features


class _Descriptions:
    """Names, types and descriptions of entities in a language: the type and the main
    post, body or region, read once for all the entities of a request."""

    def __init__(
        self,
        explorer: Explorer,
        entities: set[str],
        known: Mapping[ServiceProperty, Values] | None = None,
        *,
        deadline: float,
    ) -> None:
        self.explorer, self.names = explorer, explorer.names()
        props = [NAMED[p] for p in (*_CONTEXT, "date")]
        known = known or {}
        # what the batch read already is not asked again
        self.values: dict[ServiceProperty, Values] = {p: dict(known.get(p, {})) for p in props}
        missing = {p: {e for e in entities if e not in self.values[p]} for p in props}
        for prop, found in _read(explorer, missing, deadline=deadline).items():
            self.values[prop].update(found)

    def entry(self, entity: str, lang: str) -> dict[str, Any]:
        """``id``, ``name``, ``description`` and ``type`` of a candidate (§4.2)."""
        types = sorted(self.names.types.get(entity, ()))
        labels = self.explorer.type_labels(set(types), lang)
        described = self.description(entity, lang, labels)
        return {
            "id": self.explorer.entity_id(entity),
            "name": self.name(entity, lang),
            **({"description": described} if described else {}),
            "type": [{"id": _type_id(t), "name": labels.get(t, _type_id(t))} for t in types],
        }

    def name(self, entity: str, lang: str) -> str:
        label = self.names.label(entity, lang)
        return label.text if label is not None else self.explorer.entity_id(entity)

    def description(self, entity: str, lang: str, labels: Mapping[str, str]) -> str:
        types = self.names.types.get(entity, set())
        own = [t for t in types if t.startswith(CIV)] or sorted(types)
        narrowest = [t for t in own if not (self.explorer.with_subclasses([t]) - {t}) & set(own)]
        parts = [labels.get(t, _type_id(t)) for t in sorted(narrowest)]
        for prop_id in _CONTEXT:
            main = self.values[NAMED[prop_id]].get(entity)
            if main and isinstance(main[0], ox.NamedNode):
                parts.append(self.name(main[0].value, lang))
                break
        day = self.values[NAMED["date"]].get(entity)
        if day and isinstance(day[0], ox.Literal) and _DATE.fullmatch(day[0].value):
            parts.append(format_date(day[0].value, lang))
        return ", ".join(parts)


# -- suggest (§6) ------------------------------------------------------------------------


@dataclass(frozen=True)
class SuggestQuery:
    """What a suggest service is asked (§6.1): the text typed so far and a page of answers."""

    prefix: str
    lang: str | None = None
    """The language the service was asked in (``?lang=``); else the prefix's, else
    ``default_lang``."""
    default_lang: str = LANGUAGES[0]
    cursor: int = 0
    limit: int = SUGGEST_LIMIT
    types: tuple[str, ...] = ()
    """Entity suggest: the types (or their subclasses) the entities have."""

    @property
    def text(self) -> str:
        return self.prefix.strip()

    @property
    def language(self) -> str:
        return self.lang or written_in(self.prefix) or self.default_lang

    def page(self, found: Sequence[str]) -> list[str]:
        return list(found[self.cursor : self.cursor + self.limit])


def suggest_entities(explorer: Explorer, query: SuggestQuery) -> dict[str, Any]:
    """Entities whose names have words beginning as the words of the prefix do, or
    whose id or IRI begins with it."""
    names = explorer.names()
    end = query.cursor + query.limit
    entities = _ids_beginning(explorer, names, query.text, end)
    if not entities:
        wanted = _wanted(explorer, query.types)
        hits = names.search(query.text, types=wanted, limit=end, prefix=True)
        entities = [hit.entity for hit in hits]
    entities = query.page(entities)
    language = query.language
    described = _Descriptions(explorer, set(entities), deadline=time.monotonic() + explorer.timeout)
    result = []
    for entity in entities:
        entry = described.entry(entity, language)
        result.append(
            {
                "id": entry["id"],
                "name": entry["name"],
                **({"description": entry["description"]} if "description" in entry else {}),
                "notable": entry["type"],
            }
        )
    return {"result": result}


def _ids_beginning(explorer: Explorer, names: NameIndex, text: str, limit: int) -> list[str]:
    """Entities whose IRI or ``kind/slug`` id begins with ``text`` (a typed id)."""
    if text.startswith(explorer.iris.id_prefix):
        start = text
    elif "/" in text and " " not in text:
        start = explorer.iri_of(text)
    else:
        return []
    return names.entities_beginning(start, limit)


def suggest_properties(explorer: Explorer, query: SuggestQuery) -> dict[str, Any]:
    """The named properties whose id or name (in any language) begins as the prefix."""
    del explorer  # the service's properties are the same whatever data it serves
    language = query.language
    if query.text:
        hits = _property_names().search(query.text, limit=len(NAMED), prefix=True)
        chosen = [hit.entity for hit in hits]
    else:
        chosen = list(NAMED)
    return {
        "result": [
            {
                "id": pid,
                "name": NAMED[pid].name(language).text,
                "description": NAMED[pid].description(language).text,
            }
            for pid in query.page(chosen)
        ]
    }


@cache
def _property_names() -> NameIndex:
    index = NameIndex()
    for prop in NAMED.values():
        index.add(prop.id, prop.id.replace("_", " "), lang="")
        for code in LANGUAGES:
            name = prop.name(code)
            if name.is_in(code):
                index.add(prop.id, name.text, lang=code)
    return index


@dataclass(frozen=True)
class _Classes:
    """The ontology's classes: their labels by language, direct superclasses, names."""

    labels: dict[str, dict[str, str]]
    supers: dict[str, set[str]]
    names: NameIndex


_classes_of: weakref.WeakKeyDictionary[Explorer, _Classes] = weakref.WeakKeyDictionary()
_classes_lock = threading.Lock()


def _classes(explorer: Explorer) -> _Classes:
    """Read once for each version of the data served (an explorer)."""
    with _classes_lock:
        known = _classes_of.get(explorer)
    if known is not None:
        return known
    answer = run_query(
        queries.page_query("reconcile_classes"), explorer.data, timeout=explorer.timeout
    )
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    supers: dict[str, set[str]] = defaultdict(set)
    names = NameIndex()
    for record in answer.records():
        cls = record["class"].value  # type: ignore[union-attr]
        label, super_class = record.get("label"), record.get("super")
        if isinstance(label, ox.Literal):
            labels[cls].setdefault(label.language or "", label.value)
        if isinstance(super_class, ox.NamedNode) and super_class.value.startswith(CIV):
            supers[cls].add(super_class.value)
        labels.setdefault(cls, {})
    for cls, by_lang in sorted(labels.items()):
        names.add(cls, _type_id(cls))
        for code, text in sorted(by_lang.items()):
            names.add(cls, text, lang=code)
    found = _Classes(dict(labels), dict(supers), names)
    with _classes_lock:
        _classes_of[explorer] = found
    return found


def suggest_types(explorer: Explorer, query: SuggestQuery) -> dict[str, Any]:
    """The ontology's classes whose local name or label begins as the prefix, each with
    its direct broader classes (§2.2)."""
    classes = _classes(explorer)
    language = query.language
    chosen = (
        [
            hit.entity
            for hit in classes.names.search(query.text, limit=len(classes.labels), prefix=True)
        ]
        if query.text
        else sorted(classes.labels)
    )
    return {
        "result": [
            {
                **_type_entry(classes, cls, language),
                "broader": [
                    _type_entry(classes, s, language) for s in sorted(classes.supers.get(cls, ()))
                ],
            }
            for cls in query.page(chosen)
        ]
    }


SUGGESTERS: dict[str, Callable[[Explorer, SuggestQuery], dict[str, Any]]] = {
    "entity": suggest_entities,
    "property": suggest_properties,
    "type": suggest_types,
}
"""The suggest services (§6), by the name their path ends with."""


def _type_entry(classes: _Classes, cls: str, lang: str) -> dict[str, str]:
    label = choose_text(classes.labels.get(cls, {}), lang)
    return {"id": _type_id(cls), "name": label.text if label else _type_id(cls)}


# -- data extension (§8) -----------------------------------------------------------------


def propose_properties(
    explorer: Explorer, type_id: str, *, lang: str, limit: int | None = None
) -> dict[str, Any]:
    """The properties data extension can fetch for entities of ``type_id`` (§8.2)."""
    classes = _classes(explorer)
    iri = type_iri(type_id)
    if iri not in classes.labels:
        raise QueryError(
            f"unknown type {short_repr(type_id)}",
            hint="give a class of the ontology, e.g. type=Person (see /reconcile/suggest/type)",
        )
    above = {c for c in classes.labels if iri in explorer.with_subclasses([c])}
    chosen = [
        p
        for p in NAMED.values()
        if not p.proposed_for or any(f"{CIV}{t}" in above for t in p.proposed_for)
    ]
    answer: dict[str, Any] = {
        "type": type_id,
        "properties": [
            {"id": p.id, "name": p.name(lang).text, "description": p.description(lang).text}
            for p in chosen[:limit]
        ],
    }
    if limit is not None:
        answer["limit"] = limit
    return answer


def extend(
    explorer: Explorer, query: ExtendQuery, *, lang: str, timeout: float | None = None
) -> dict[str, Any]:
    """The values of the asked properties of the asked entities (§8.4): entities as
    ``{id, name}``, dates as ``{date}``, numbers as ``{int}``/``{float}``, the rest (a
    Wikidata id, a label, a type's name) as ``{str}``."""
    deadline = time.monotonic() + (explorer.timeout if timeout is None else timeout)
    names = explorer.names()
    iris = {i: _iri_for(explorer, i) for i in query.ids}
    values = _read(
        explorer, {prop: set(iris.values()) for prop, _ in query.properties}, deadline=deadline
    )
    type_labels = explorer.type_labels(
        {(p.value_type and f"{CIV}{p.value_type}") or "" for p, _ in query.properties} - {""}
        | {
            v.value
            for prop, _ in query.properties
            if prop.kind is ValueKind.TYPE
            for vs in values.get(prop, {}).values()
            for v in vs
            if isinstance(v, ox.NamedNode)
        },
        lang,
    )
    meta = []
    for prop, _ in query.properties:
        column: dict[str, Any] = {"id": prop.id, "name": prop.name(lang).text}
        if prop.value_type:
            iri = f"{CIV}{prop.value_type}"
            column["type"] = {"id": prop.value_type, "name": type_labels.get(iri, prop.value_type)}
        meta.append(column)
    words = _Words(names, type_labels, lang)
    rows = {
        asked: {
            prop.id: [
                _cell(explorer, prop, value, words) for value in values.get(prop, {}).get(iri, [])
            ][: limit or None]
            for prop, limit in query.properties
        }
        for asked, iri in iris.items()
    }
    return {"meta": meta, "rows": rows}


def _iri_for(explorer: Explorer, entity_id: str) -> str:
    if entity_id.startswith(explorer.iris.id_prefix):
        return entity_id
    return explorer.iri_of(entity_id)


def _cell(
    explorer: Explorer, prop: ServiceProperty, value: queries.Term, words: _Words
) -> dict[str, Any]:
    """One value as data extension writes it (the response schema's value forms)."""
    if isinstance(value, ox.NamedNode):
        return _node_cell(explorer, prop, value, words)
    if isinstance(value, ox.Literal):
        return _literal_cell(value)
    return {"str": str(value)}


@dataclass(frozen=True)
class _Words:
    """The names values are written with: entities', classes', in one language."""

    names: NameIndex
    type_labels: Mapping[str, str]
    lang: str


def _node_cell(
    explorer: Explorer, prop: ServiceProperty, value: ox.NamedNode, words: _Words
) -> dict[str, Any]:
    if value.value.startswith(_WIKIDATA):
        return {"str": value.value[len(_WIKIDATA) :]}
    if prop.kind is ValueKind.TYPE:
        return {"str": words.type_labels.get(value.value, _type_id(value.value))}
    entity_id = explorer.iris.id_of(value.value)
    if entity_id is None:
        return {"str": value.value}
    label = words.names.label(value.value, words.lang)
    return {"id": entity_id, "name": label.text if label else entity_id}


def _literal_cell(value: ox.Literal) -> dict[str, Any]:
    if value.datatype == xsd.date and _DATE.fullmatch(value.value):
        return {"date": f"{value.value}T00:00:00+00:00"}
    if value.datatype in _INTEGERS:
        return {"int": int(value.value)}
    if value.datatype in _DECIMALS:
        try:
            return {"float": float(value.value)}
        except ValueError:  # NaN or INF, which JSON cannot carry
            pass
    return {"str": value.value}
