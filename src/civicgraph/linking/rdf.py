"""Links as RDF: ``skos:exactMatch`` to Wikidata, each with a reified statement node
carrying its score and review (RDF 1.1 Semantics reification vocabulary, PROV-O, DCMI
terms) — no civ: terms, so any consumer can read them.

Only accepted links assert ``skos:exactMatch``. A proposal nobody reviewed (``link
wikidata --out``) is a candidate: the statement node alone, which describes the link and
its review status ("proposed") without asserting it (reification asserts nothing).

Node IRI: ``<base>/id/link/<kind>/<slug>/wikidata``. ``owl:sameAs`` is offered only as
an export variant: it makes every Wikidata statement about the item true of ours.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from civicgraph.iris import Iris
from civicgraph.linking.linker import LinkReport
from civicgraph.linking.review import ACCEPTED, REVIEW_FILE, ReviewEntry, read_review
from civicgraph.namespaces import PREFIXES, WD
from civicgraph.terms import dct, owl, prov, rdf, skos, wikidata_item, xsd

_REVIEW_NOTE = "review status: "


def link_node_iri(iris: Iris, entity_id: str) -> str:
    return iris.entity(f"link/{entity_id}/wikidata")


def _statement(
    iris: Iris,
    entity_id: str,
    qid: str,
    *,
    score: float | None,
    status: str,
    reasons: tuple[str, ...],
    reviewer: str | None,
    reviewed_at: str | None,
    endpoint: str,
    graph: ox.NamedNode | ox.DefaultGraph,
) -> list[ox.Quad]:
    entity = ox.NamedNode(iris.entity(entity_id))
    item = wikidata_item(qid)
    node = ox.NamedNode(link_node_iri(iris, entity_id))
    triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = []
    if status == ACCEPTED:
        # Only a reviewed link is asserted; any other stays a described, unasserted statement.
        triples.append((entity, skos.exactMatch, item))
    triples += [
        (node, rdf.type, rdf.Statement),
        (node, rdf.type, prov.Entity),
        (node, rdf.subject, entity),
        (node, rdf.predicate, skos.exactMatch),
        (node, rdf.object, item),
        # The review state in words: dct has no status property, and civ: is avoided here.
        (node, skos.note, ox.Literal(_REVIEW_NOTE + status, language="en")),
    ]
    if score is not None:
        # prov:value: "a direct representation of an entity" — here, the linker's score.
        value = ox.Literal(f"{score:.3f}", datatype=xsd.decimal)
        triples.append((node, prov.value, value))
    triples.extend((node, skos.scopeNote, ox.Literal(r, language="en")) for r in reasons)
    if reviewer:
        triples.append((node, dct.contributor, ox.Literal(reviewer)))
    if reviewed_at:
        date = ox.Literal(reviewed_at, datatype=xsd.date)
        triples.append((node, dct.dateAccepted, date))
    if endpoint.startswith(("http://", "https://")) and " " not in endpoint:
        triples.append((node, dct.source, ox.NamedNode(endpoint)))
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


def link_quads(data_dir: Path, *, iris: Iris, graph: str | None = None) -> list[ox.Quad]:
    """Accepted links of ``data/links/wikidata.yaml`` as quads in ``<base>/graph/links``
    (or ``graph``): ``skos:exactMatch wd:Q…`` plus the score and review of each link."""
    review = read_review(data_dir / REVIEW_FILE)
    target = ox.NamedNode(graph or iris.graph("links"))
    quads: list[ox.Quad] = []
    for entity_id in sorted(review.entries):
        entry: ReviewEntry = review.entries[entity_id]
        if entry.status != ACCEPTED or entry.qid is None:
            continue
        quads.extend(
            _statement(
                iris,
                entity_id,
                entry.qid,
                score=entry.score,
                status=entry.status,
                reasons=entry.reasons,
                reviewer=entry.reviewer,
                reviewed_at=entry.reviewed_at,
                endpoint=review.endpoint,
                graph=target,
            )
        )
    return quads


def same_as_quads(data_dir: Path, *, iris: Iris, graph: str | None = None) -> list[ox.Quad]:
    """The export variant: accepted links as bare ``owl:sameAs`` (no metadata)."""
    review = read_review(data_dir / REVIEW_FILE)
    target = ox.NamedNode(graph or iris.graph("links"))
    return [
        ox.Quad(ox.NamedNode(iris.entity(e)), owl.sameAs, wikidata_item(q), target)
        for e, q in sorted(review.accepted_links().items())
    ]


def proposal_quads(report: LinkReport, *, iris: Iris, endpoint: str) -> list[ox.Quad]:
    """A linker run's proposals (not reviewed) as candidate statements, for ``link wikidata
    --out``: no ``skos:exactMatch`` is asserted until a review accepts the link."""
    quads: list[ox.Quad] = []
    for entity_id in sorted(report.outcomes):
        outcome = report.outcomes[entity_id]
        if outcome.chosen is None:
            continue
        quads.extend(
            _statement(
                iris,
                entity_id,
                outcome.chosen.qid,
                score=outcome.chosen.score,
                status="proposed",
                reasons=outcome.chosen.reasons,
                reviewer=None,
                reviewed_at=None,
                endpoint=endpoint,
                graph=ox.DefaultGraph(),
            )
        )
    return quads


def render_proposals(path: Path, report: LinkReport, *, iris: Iris, endpoint: str) -> bytes:
    """The proposals as Turtle, or as N-Triples when ``path`` (where they go) ends in ``.nt``."""
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in proposal_quads(report, iris=iris, endpoint=endpoint)
    ]
    fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    prefixes = {
        "skos": PREFIXES["skos"],
        "prov": PREFIXES["prov"],
        "dct": PREFIXES["dct"],
        "wd": str(WD),
        "rdf": PREFIXES["rdf"],
        "xsd": PREFIXES["xsd"],
    }
    data = ox.serialize(
        triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None
    )
    return data or b""


def review_status(note: str) -> str | None:
    """The review status a link's ``skos:note`` records, ``None`` if it records none."""
    return note.removeprefix(_REVIEW_NOTE) if note.startswith(_REVIEW_NOTE) else None
