"""Write the dataset as compacted JSON-LD 1.1 with civicgraph's shipped context.

The context (``context.jsonld``, shipped in the package) names the prefixes of
``civicgraph.namespaces.PREFIXES`` and gives the multilingual labels (``rdfs:label``,
``skos:altLabel``, ``skos:hiddenLabel``, ``skos:prefLabel``, ``rdfs:comment``, ``dct:title``)
as language maps, ``{"kk": …, "en": …, "ru": …}``; types are ``@type``. IRIs stay absolute,
so a document means the same wherever it is served from. Each named graph is a node with its
own ``@graph``.

pyld converts the canonical N-Quads (JSON-LD 1.1 API §8.4, "Deserialize JSON-LD to RDF"
in reverse) and compacts them (§6.1). It orders nodes by ``@id`` and keeps the values in
the snapshot's sorted order, and the JSON is written with sorted keys, so the same
snapshot gives the same bytes. pyld is pure Python (about 0.2 ms a quad), fine for
releases; N-Quads or TriG are the formats for very large exports.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any, cast

from pyld import jsonld  # type: ignore[import-untyped]

from civicgraph.snapshot import Snapshot

CONTEXT_FILE = "context.jsonld"


def load_context() -> dict[str, Any]:
    """The shipped context: the value of its ``@context`` key."""
    document = json.loads((files("civicgraph") / CONTEXT_FILE).read_text(encoding="utf-8"))
    return cast(dict[str, Any], document["@context"])


def compact_nquads(nquads: str, *, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """N-Quads as a compacted JSON-LD document (shipped context unless one is given)."""
    expanded = jsonld.from_rdf(nquads, {"format": "application/n-quads"})
    chosen = load_context() if context is None else context
    return cast(dict[str, Any], jsonld.compact(expanded, {"@context": chosen}))


def dump_json(document: object) -> bytes:
    """JSON with sorted keys, two-space indent and a final newline: stable bytes."""
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode("utf-8")


def snapshot_to_jsonld(snapshot: Snapshot) -> bytes:
    """The snapshot as compacted JSON-LD bytes, the context inlined."""
    return dump_json(compact_nquads(snapshot.nquads.decode("utf-8")))
