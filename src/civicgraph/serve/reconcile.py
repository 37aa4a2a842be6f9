"""The W3C Reconciliation Service API (v0.2, the version OpenRefine speaks) for civicgraph's
own entities: https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/

Identifiers are entity ids (``person/maulen-ashimbayev``) in the identifier space
``<base>/id/``; types are the classes of the civicgraph ontology, named by their local
name (``Person``) in the schema space ``civ:``. Names are matched in every language with
the explorer's search (Kazakh and Russian endings understood); properties given with a
query raise or lower a candidate's score by how many of their values agree.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from civicgraph import __version__
from civicgraph.errors import QueryError
from civicgraph.linking.text import fold_case
from civicgraph.namespaces import PREFIXES
from civicgraph.serve.explorer import CIV, Explorer
from civicgraph.serve.queries import QueryTimeoutError
from civicgraph.serve.search import Hit

DEFAULT_LIMIT = 5
MAX_LIMIT = 100
MAX_QUERIES = 100
"""Most queries one batch may carry (OpenRefine sends 10 at a time unless told otherwise)."""
MAX_TEXT = 500
"""Longest name one query may look for, in characters; names in the store are far shorter."""
MAX_VALUES = 50
"""Most property values one query may give, over all its properties."""
_DEFAULT_TYPES = ("Person", "Organisation", "Event", "Programme", "Place")


@dataclass(frozen=True)
class ReconcileQuery:
    text: str
    types: tuple[str, ...]
    limit: int
    properties: tuple[tuple[str, tuple[object, ...]], ...]


def manifest(explorer: Explorer, service_url: str) -> dict[str, Any]:
    """The service manifest: what a client reads before it reconciles."""
    root = service_url.rstrip("/")
    return {
        "versions": ["0.1", "0.2"],
        "name": "civicgraph",
        "identifierSpace": explorer.iris.id_prefix,
        "schemaSpace": CIV,
        "serviceVersion": __version__,
        "documentation": "https://w3id.org/civicgraph",
        "defaultTypes": [{"id": name, "name": name} for name in _DEFAULT_TYPES],
        "view": {"url": f"{root.rsplit('/reconcile', 1)[0]}/id/{{{{id}}}}"},
        "preview": {"url": f"{root}/preview?id={{{{id}}}}", "width": 420, "height": 120},
        "suggest": {
            "entity": {"service_url": root, "service_path": "/suggest/entity"},
        },
    }


def parse_batch(raw: str) -> dict[str, ReconcileQuery]:
    """The ``queries`` parameter: a JSON object of named queries (spec §4.1).

    Bounded (``MAX_QUERIES``, ``MAX_TEXT``, ``MAX_VALUES``) so that one batch costs the
    server a known amount of work; what breaks a bound or the spec's types is refused
    with the reason, never run.
    """
    try:
        batch = json.loads(raw, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise QueryError(f"queries is not JSON: {error.msg} at {error.pos}") from error
    except RecursionError as error:
        raise QueryError("queries is nested too deeply to be read") from error
    except ValueError as error:  # NaN, Infinity, or an integer of thousands of digits
        raise QueryError(f"queries is not JSON the service reads: {error}") from error
    if not isinstance(batch, dict):
        raise QueryError("queries must be a JSON object of named queries", hint='{"q0": {...}}')
    if len(batch) > MAX_QUERIES:
        raise QueryError(
            f"{len(batch)} queries in one batch; at most {MAX_QUERIES} are read",
            hint=f"send batches of {MAX_QUERIES} or fewer",
        )
    return {str(key): _parse_query(str(key), value) for key, value in batch.items()}


def _refuse_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number in JSON")


def _parse_query(key: str, value: object) -> ReconcileQuery:
    if not isinstance(value, dict):
        raise QueryError(f"query {key!r} must be an object")
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
    limit = value.get("limit", DEFAULT_LIMIT)
    if (
        isinstance(limit, bool)
        or not isinstance(limit, int | float)
        or not math.isfinite(limit)
        or limit < 1
    ):
        raise QueryError(f"query {key!r}: limit must be a positive number")
    pairs: list[tuple[str, tuple[object, ...]]] = []
    for item in properties:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item:
            raise QueryError(f"query {key!r}: each property needs pid and v")
        if not isinstance(item["pid"], str):
            raise QueryError(f"query {key!r}: a property's pid must be a string")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        if not all(_is_value(v) for v in values):
            raise QueryError(
                f'query {key!r}: a property value must be a string, a number or {{"id": …}}'
            )
        pairs.append((item["pid"], tuple(values)))
    if sum(len(values) for _, values in pairs) > MAX_VALUES:
        raise QueryError(f"query {key!r}: more than {MAX_VALUES} property values")
    return ReconcileQuery(text, tuple(types), int(min(limit, MAX_LIMIT)), tuple(pairs))


def _is_value(value: object) -> bool:
    """A property value as the spec gives one: a string, a number, a boolean or an entity."""
    if isinstance(value, dict):
        return isinstance(value.get("id"), str) and len(value["id"]) <= MAX_TEXT
    if isinstance(value, str):
        return len(value) <= MAX_TEXT
    return isinstance(value, int | float) and math.isfinite(value)


def type_iri(type_id: str) -> str:
    """``Person``, ``civ:Person`` or the full IRI: the class's IRI."""
    if "://" in type_id:
        return type_id
    prefix, colon, local = type_id.partition(":")
    if colon and prefix in PREFIXES:
        return f"{PREFIXES[prefix]}{local}"
    return f"{CIV}{type_id}"


def _property_iri(pid: str) -> str:
    return type_iri(pid)


def reconcile(
    explorer: Explorer, batch: Mapping[str, ReconcileQuery], *, timeout: float | None = None
) -> dict[str, Any]:
    """Candidates for each query, best first (spec §4.2), within ``timeout`` seconds.

    The clock is read between queries: a batch abandoned by its request at the deadline
    stops after the query it is on, instead of holding its thread to the end.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    answer: dict[str, Any] = {}
    for key, query in batch.items():
        if deadline is not None and time.monotonic() > deadline:
            raise QueryTimeoutError(
                f"the batch ran longer than {timeout:g} s and was stopped",
                hint="send fewer queries in one batch",
            )
        answer[key] = {"result": _candidates(explorer, query)}
    return answer


def _candidates(explorer: Explorer, query: ReconcileQuery) -> list[dict[str, Any]]:
    wanted = explorer.with_subclasses(type_iri(t) for t in query.types)
    names = explorer.names()
    hits = names.search(query.text, types=wanted, limit=max(query.limit * 4, 20))
    if not query.text.strip():
        hits = []
    scored: list[tuple[float, Hit]] = []
    for hit in hits:
        score = hit.score
        if query.properties:
            agree = _agreement(explorer, hit.entity, query.properties)
            score = score * (0.5 + 0.5 * agree)
        scored.append((round(score * 100, 1), hit))
    scored.sort(key=lambda pair: (-pair[0], pair[1].entity))
    scored = scored[: query.limit]
    exact = [s for s, _ in scored if s >= 100.0]
    labels = explorer.type_labels({t for _, hit in scored for t in hit.types}, "en")
    return [
        {
            "id": explorer.entity_id(hit.entity),
            "name": hit.name,
            "score": score,
            "match": score >= 100.0 and len(exact) == 1,
            "type": [{"id": _type_id(t), "name": labels.get(t, _type_id(t))} for t in hit.types],
        }
        for score, hit in scored
    ]


def _type_id(iri: str) -> str:
    return iri[len(CIV) :] if iri.startswith(CIV) else iri


def _agreement(
    explorer: Explorer, entity: str, properties: Sequence[tuple[str, tuple[object, ...]]]
) -> float:
    """The share of the given property values that the entity has."""
    values = explorer.property_values(entity)
    total = agreed = 0
    for pid, wanted in properties:
        have = values.get(_property_iri(pid), [])
        for value in wanted:
            total += 1
            agreed += any(_same(value, term, explorer) for term in have)
    return agreed / total if total else 1.0


def _same(value: object, term: object, explorer: Explorer) -> bool:
    if isinstance(value, dict):
        value = value.get("id", "")
    text = fold_case(str(value))
    if isinstance(term, ox.NamedNode):
        return text in {fold_case(term.value), fold_case(explorer.entity_id(term.value))}
    if isinstance(term, ox.Literal):
        return text == fold_case(term.value)
    return False


def suggest(explorer: Explorer, prefix: str, types: Sequence[str] = ()) -> dict[str, Any]:
    """Entities whose names begin with or match ``prefix`` (suggest protocol)."""
    wanted = explorer.with_subclasses(type_iri(t) for t in types)
    hits = explorer.names().search(prefix, types=wanted, limit=10)
    labels = explorer.type_labels({t for hit in hits for t in hit.types}, "en")
    return {
        "result": [
            {
                "id": explorer.entity_id(hit.entity),
                "name": hit.name,
                "description": ", ".join(labels.get(t, _type_id(t)) for t in hit.types),
                "notable": [
                    {"id": _type_id(t), "name": labels.get(t, _type_id(t))} for t in hit.types
                ],
            }
            for hit in hits
        ]
    }
