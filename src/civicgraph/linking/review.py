"""The review file (``data/links/wikidata.yaml``): the linker's proposals and the
curators' decisions, one entry per entity, kept in git.

A re-run of the linker refreshes every entry nobody has reviewed and never touches an
accepted or rejected one: a human decision outlives the algorithm that prompted it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from civicgraph.errors import LinkError
from civicgraph.io import read_yaml
from civicgraph.linking.linker import LinkReport

REVIEW_FILE = Path("links") / "wikidata.yaml"
"""Where the review file lives under the data folder."""

PROPOSED, ACCEPTED, REJECTED = "proposed", "accepted", "rejected"
AMBIGUOUS, NOT_FOUND = "ambiguous", "not-found"
STATUSES = (PROPOSED, ACCEPTED, REJECTED, AMBIGUOUS, NOT_FOUND)
REVIEWED = (ACCEPTED, REJECTED)

_HEADER = """\
# Wikidata links of the authority file: written by `civicgraph link wikidata`, decided by
# `civicgraph link review`. status: proposed | accepted | rejected (a human decided) |
# ambiguous | not-found (nothing to decide yet; the candidates say why). Only accepted
# links go into the build (skos:exactMatch, graph <base>/graph/links).
"""


@dataclass(frozen=True)
class CandidateRecord:
    qid: str
    label: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ReviewEntry:
    entity: str
    status: str
    qid: str | None = None
    label: str | None = None
    score: float | None = None
    reasons: tuple[str, ...] = ()
    why: str = ""
    candidates: tuple[CandidateRecord, ...] = ()
    reviewer: str | None = None
    reviewed_at: str | None = None
    """ISO 8601 date of the decision."""


@dataclass
class ReviewFile:
    endpoint: str = ""
    entries: dict[str, ReviewEntry] = field(default_factory=dict)

    def accepted_links(self) -> dict[str, str]:
        """Entity id → Q-id of every accepted link."""
        return {e.entity: e.qid for e in self.entries.values() if e.status == ACCEPTED and e.qid}


def read_review(path: Path) -> ReviewFile:
    """The review file, or an empty one when it does not exist yet."""
    if not path.is_file():
        return ReviewFile()
    document = read_yaml(path)
    if not isinstance(document, dict) or not isinstance(document.get("links"), list):
        raise LinkError(
            "expected a mapping with a 'links' list", path=path, hint="see docs/linking.md"
        )
    review = ReviewFile(endpoint=str(document.get("endpoint", "")))
    for item in document["links"]:
        entry = _read_entry(item, path)
        review.entries[entry.entity] = entry
    return review


def _read_entry(item: object, path: Path) -> ReviewEntry:
    line = getattr(item, "line", None)
    if not isinstance(item, dict) or not isinstance(item.get("entity"), str):
        raise LinkError(
            "a link entry needs 'entity'", path=path, line=line, hint="entity: kind/slug"
        )
    status = item.get("status")
    if status not in STATUSES:
        raise LinkError(
            f"unknown status {status!r}",
            path=path,
            line=line,
            subject=item["entity"],
            hint=f"use one of {', '.join(STATUSES)}",
        )
    if status in (PROPOSED, ACCEPTED, REJECTED) and not item.get("qid"):
        raise LinkError(
            f"status {status} needs a qid",
            path=path,
            line=line,
            subject=item["entity"],
            hint="qid: Q…",
        )
    candidates = tuple(
        CandidateRecord(
            qid=str(c["qid"]),
            label=str(c.get("label", "")),
            score=float(c.get("score", 0.0)),
            reasons=tuple(str(r) for r in c.get("reasons", [])),
        )
        for c in item.get("candidates") or []
    )
    score = item.get("score")
    return ReviewEntry(
        entity=item["entity"],
        status=str(status),
        qid=str(item["qid"]) if item.get("qid") else None,
        label=str(item["label"]) if item.get("label") is not None else None,
        score=float(score) if score is not None else None,
        reasons=tuple(str(r) for r in item.get("reasons") or []),
        why=str(item.get("why", "")),
        candidates=candidates,
        reviewer=str(item["reviewer"]) if item.get("reviewer") else None,
        reviewed_at=str(item["reviewed_at"]) if item.get("reviewed_at") else None,
    )


def merge_report(review: ReviewFile, report: LinkReport, *, endpoint: str) -> ReviewFile:
    """Refresh unreviewed entries from a linker run; keep accepted and rejected ones.

    Entities the run could not resolve (endpoint unreachable, offline cache miss) keep
    whatever entry they had.
    """
    resolved = any(o.status != "unresolved" for o in report.outcomes.values())
    merged = ReviewFile(
        endpoint=endpoint if resolved or not review.endpoint else review.endpoint,
        entries=dict(review.entries),
    )
    for outcome in report.outcomes.values():
        old = merged.entries.get(outcome.entity_id)
        if outcome.status == "unresolved" or (old is not None and old.status in REVIEWED):
            continue
        chosen = outcome.chosen
        merged.entries[outcome.entity_id] = ReviewEntry(
            entity=outcome.entity_id,
            status=outcome.status,
            qid=chosen.qid if chosen else None,
            label=chosen.label if chosen else None,
            score=chosen.score if chosen else None,
            reasons=chosen.reasons if chosen else (),
            why=outcome.why,
            candidates=tuple(
                CandidateRecord(c.qid, c.label, c.score, c.reasons) for c in outcome.candidates
            ),
        )
    return merged


def decide_link(
    review: ReviewFile,
    entity_id: str,
    *,
    accept: bool,
    reviewer: str,
    on: dt.date,
    qid: str | None = None,
) -> ReviewFile:
    """Accept or reject an entity's link; ``qid`` picks another candidate (or any item)."""
    entry = review.entries.get(entity_id)
    if entry is None:
        raise LinkError(
            "not in the review file",
            subject=entity_id,
            hint="run `civicgraph link wikidata` first, or check the id",
        )
    chosen = qid or entry.qid
    if chosen is None:
        raise LinkError(
            f"nothing to {'accept' if accept else 'reject'}: the linker found it {entry.status}",
            subject=entity_id,
            hint=f"name a candidate: {entity_id}=Q… "
            f"({', '.join(c.qid for c in entry.candidates) or 'no candidates'})",
        )
    if not chosen.startswith("Q") or not chosen[1:].isdigit():
        raise LinkError(f"not a Wikidata item id: {chosen!r}", subject=entity_id, hint="e.g. Q1520")
    picked = next((c for c in entry.candidates if c.qid == chosen), None)
    updated = replace(
        entry,
        status=ACCEPTED if accept else REJECTED,
        qid=chosen,
        label=picked.label if picked else (entry.label if chosen == entry.qid else None),
        score=picked.score if picked else (entry.score if chosen == entry.qid else None),
        reasons=picked.reasons if picked else (entry.reasons if chosen == entry.qid else ()),
        reviewer=reviewer,
        reviewed_at=on.isoformat(),
    )
    entries = dict(review.entries)
    entries[entity_id] = updated
    return ReviewFile(endpoint=review.endpoint, entries=entries)


def render_review(review: ReviewFile) -> str:
    """The file's text: entries sorted by entity id, so diffs show only real changes."""
    links: list[dict[str, Any]] = []
    for entity_id in sorted(review.entries):
        e = review.entries[entity_id]
        item: dict[str, Any] = {"entity": e.entity, "status": e.status}
        if e.qid:
            item.update(qid=e.qid, label=e.label, score=e.score, reasons=list(e.reasons))
        if e.why:
            item["why"] = e.why
        item["reviewer"] = e.reviewer
        item["reviewed_at"] = e.reviewed_at
        item["candidates"] = [
            {"qid": c.qid, "label": c.label, "score": c.score, "reasons": list(c.reasons)}
            for c in e.candidates
        ]
        links.append(item)
    body = yaml.safe_dump(
        {"endpoint": review.endpoint, "links": links},
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )
    return _HEADER + body
