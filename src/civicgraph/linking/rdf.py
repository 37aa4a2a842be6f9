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

from civicgraph.iris import graph_iri, mint_iri
from civicgraph.linking.config import WD
from civicgraph.linking.linker import LinkReport
from civicgraph.linking.review import ACCEPTED, REVIEW_FILE, ReviewEntry, read_review

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
OWL_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
XSD = "http://www.w3.org/2001/XMLSchema#"
_REVIEW_NOTE = "review status: "

EXACT_MATCH = ox.NamedNode(f"{SKOS}exactMatch")
_TYPE = ox.NamedNode(f"{RDF}type")


def link_node_iri(base: str, entity_id: str) -> str:
    return mint_iri(base, f"link/{entity_id}/wikidata")


def _statement(
    base: str,
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
    entity = ox.NamedNode(mint_iri(base, entity_id))
    item = ox.NamedNode(f"{WD}{qid}")
    node = ox.NamedNode(link_node_iri(base, entity_id))
    triples: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]] = []
    if status == ACCEPTED:
        # Only a reviewed link is asserted; any other stays a described, unasserted statement.
        triples.append((entity, EXACT_MATCH, item))
    triples += [
        (node, _TYPE, ox.NamedNode(f"{RDF}Statement")),
        (node, _TYPE, ox.NamedNode(f"{PROV}Entity")),
        (node, ox.NamedNode(f"{RDF}subject"), entity),
        (node, ox.NamedNode(f"{RDF}predicate"), EXACT_MATCH),
        (node, ox.NamedNode(f"{RDF}object"), item),
        # The review state in words: dct has no status property, and civ: is avoided here.
        (node, ox.NamedNode(f"{SKOS}note"), ox.Literal(_REVIEW_NOTE + status, language="en")),
    ]
    if score is not None:
        # prov:value: "a direct representation of an entity" — here, the linker's score.
        value = ox.Literal(f"{score:.3f}", datatype=ox.NamedNode(f"{XSD}decimal"))
        triples.append((node, ox.NamedNode(f"{PROV}value"), value))
    triples.extend(
        (node, ox.NamedNode(f"{SKOS}scopeNote"), ox.Literal(r, language="en")) for r in reasons
    )
    if reviewer:
        triples.append((node, ox.NamedNode(f"{DCT}contributor"), ox.Literal(reviewer)))
    if reviewed_at:
        date = ox.Literal(reviewed_at, datatype=ox.NamedNode(f"{XSD}date"))
        triples.append((node, ox.NamedNode(f"{DCT}dateAccepted"), date))
    if endpoint.startswith(("http://", "https://")) and " " not in endpoint:
        triples.append((node, ox.NamedNode(f"{DCT}source"), ox.NamedNode(endpoint)))
    return [ox.Quad(s, p, o, graph) for s, p, o in triples]


def link_quads(data_dir: Path, *, base: str, graph: str | None = None) -> list[ox.Quad]:
    """Accepted links of ``data/links/wikidata.yaml`` as quads in ``<base>/graph/links``
    (or ``graph``): ``skos:exactMatch wd:Q…`` plus the score and review of each link."""
    review = read_review(data_dir / REVIEW_FILE)
    target = ox.NamedNode(graph or graph_iri(base, "links"))
    quads: list[ox.Quad] = []
    for entity_id in sorted(review.entries):
        entry: ReviewEntry = review.entries[entity_id]
        if entry.status != ACCEPTED or entry.qid is None:
            continue
        quads.extend(
            _statement(
                base,
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


def same_as_quads(data_dir: Path, *, base: str, graph: str | None = None) -> list[ox.Quad]:
    """The export variant: accepted links as bare ``owl:sameAs`` (no metadata)."""
    review = read_review(data_dir / REVIEW_FILE)
    target = ox.NamedNode(graph or graph_iri(base, "links"))
    return [
        ox.Quad(ox.NamedNode(mint_iri(base, e)), OWL_SAME_AS, ox.NamedNode(f"{WD}{q}"), target)
        for e, q in sorted(review.accepted_links().items())
    ]


def proposal_quads(report: LinkReport, *, base: str, endpoint: str) -> list[ox.Quad]:
    """A linker run's proposals (not reviewed) as candidate statements, for ``link wikidata
    --out``: no ``skos:exactMatch`` is asserted until a review accepts the link."""
    quads: list[ox.Quad] = []
    for entity_id in sorted(report.outcomes):
        outcome = report.outcomes[entity_id]
        if outcome.chosen is None:
            continue
        quads.extend(
            _statement(
                base,
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


def render_proposals(path: Path, report: LinkReport, *, base: str, endpoint: str) -> bytes:
    """The proposals as Turtle, or as N-Triples when ``path`` (where they go) ends in ``.nt``."""
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in proposal_quads(report, base=base, endpoint=endpoint)
    ]
    fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    prefixes = {"skos": SKOS, "prov": PROV, "dct": DCT, "wd": WD, "rdf": RDF, "xsd": XSD}
    data = ox.serialize(
        triples, format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TURTLE else None
    )
    return data or b""


def review_status(note: str) -> str | None:
    """The review status a link's ``skos:note`` records, ``None`` if it records none."""
    return note.removeprefix(_REVIEW_NOTE) if note.startswith(_REVIEW_NOTE) else None
