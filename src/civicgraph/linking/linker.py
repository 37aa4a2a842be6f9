"""Link entities of the authority file to Wikidata: candidates → scores → decisions.

Entities whose type is others' context (the home country) are linked first, so that
places and bodies can be checked against the Q-id it received (or the one a reviewer
accepted). Failures to reach the endpoint (or a cache miss offline) leave the affected
entities *unresolved*, named in the report; they never become "not found".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from civicgraph.errors import LinkError
from civicgraph.linking.candidates import (
    ITEMS_PER_QUERY,
    Candidate,
    fetch_details,
    fill_values,
    find_candidate_ids,
    item_term,
    load_query,
)
from civicgraph.linking.client import SparqlClient
from civicgraph.linking.config import COUNTRY_PROPERTIES, HOME_COUNTRY, profile_for
from civicgraph.linking.scoring import (
    MARGIN,
    MIN_SCORE,
    ScoredCandidate,
    decide,
    score_candidate,
)
from civicgraph.model import Entity
from civicgraph.namespaces import WD


@dataclass(frozen=True)
class LinkOutcome:
    """What the linker concluded for one entity."""

    entity_id: str
    status: str
    """``proposed``, ``ambiguous``, ``not-found`` or ``unresolved`` (endpoint not reached)."""
    chosen: ScoredCandidate | None
    candidates: tuple[ScoredCandidate, ...]
    why: str


@dataclass
class LinkReport:
    outcomes: dict[str, LinkOutcome] = field(default_factory=dict)
    requests_sent: int = 0
    cache_hits: int = 0
    cache_discarded: int = 0
    """Cache files ignored because they did not hold a complete answer of the right shape."""

    def with_status(self, status: str) -> list[LinkOutcome]:
        return [o for o in self.outcomes.values() if o.status == status]


def link_entities(
    entities: Iterable[Entity],
    client: SparqlClient,
    *,
    min_score: float = MIN_SCORE,
    margin: float = MARGIN,
    known_links: dict[str, str] | None = None,
) -> LinkReport:
    """Propose a Wikidata item for each entity, or say why not.

    ``known_links`` (entity id → Q-id, e.g. accepted in the review file) supplies context
    such as the home country's item.
    """
    known = dict(known_links or {})
    ordered = sorted(entities, key=lambda e: (not profile_for(e.type).link_first, e.id))
    first = [e for e in ordered if profile_for(e.type).link_first]
    rest = [e for e in ordered if not profile_for(e.type).link_first]
    report = LinkReport()
    for group in (first, rest):
        if not group:
            continue
        _link_group(group, client, report, known, min_score=min_score, margin=margin)
        for outcome in report.outcomes.values():
            if outcome.chosen is not None and outcome.entity_id not in known:
                known[outcome.entity_id] = outcome.chosen.qid
    report.requests_sent = client.requests_sent
    report.cache_hits = client.cache_hits
    report.cache_discarded = client.cache_discarded
    return report


def _link_group(
    group: list[Entity],
    client: SparqlClient,
    report: LinkReport,
    known: dict[str, str],
    *,
    min_score: float,
    margin: float,
) -> None:
    try:
        found = find_candidate_ids(client, group)
        details = fetch_details(client, set().union(*found.values()))
        class_labels = _labels_for_reasons(client, details.values())
    except LinkError as error:
        for entity in group:
            report.outcomes[entity.id] = LinkOutcome(entity.id, "unresolved", None, (), str(error))
        return
    for entity in group:
        profile = profile_for(entity.type)
        country_qid = known.get(profile.country) if profile.country else None
        scored = [
            score_candidate(
                entity,
                details[qid],
                profile=profile,
                country_qid=country_qid,
                class_labels=class_labels,
            )
            for qid in found[entity.id]
        ]
        ranked = sorted(scored, key=lambda c: (-c.score, c.qid))
        decision = decide(ranked, min_score=min_score, margin=margin)
        report.outcomes[entity.id] = LinkOutcome(
            entity_id=entity.id,
            status=decision.status,
            chosen=decision.chosen,
            candidates=tuple(ranked),
            why=decision.why,
        )


def _labels_for_reasons(client: SparqlClient, candidates: Iterable[Candidate]) -> dict[str, str]:
    wanted: set[str] = set()
    for candidate in candidates:
        wanted |= candidate.claims.get("P31", set()) | candidate.classes
        for prop in COUNTRY_PROPERTIES:
            wanted |= candidate.claims.get(prop, set())
    labels: dict[str, str] = {}
    ordered = sorted(wanted)
    template = load_query("labels")
    for start in range(0, len(ordered), ITEMS_PER_QUERY):
        chunk = [item_term(qid) for qid in ordered[start : start + ITEMS_PER_QUERY]]
        for row in client.select(fill_values(template, chunk)):
            labels.setdefault(row["item"]["value"].removeprefix(WD), row["label"]["value"])
    return labels


__all__ = ["HOME_COUNTRY", "LinkOutcome", "LinkReport", "link_entities"]
