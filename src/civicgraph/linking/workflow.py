"""The linker's use cases as single calls for the CLI: run it over ``data/``, and record
review decisions in the review file.

What they read of data/ and write there, they read and write under its lock, each write
one change of data/ (``civicgraph.journal``): a decision recorded while the linker runs
is kept, and a run or a review killed midway is completed or undone by the next command.
The linker asks its endpoint without the lock, so a slow endpoint holds no one up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from civicgraph.errors import LinkError
from civicgraph.iris import Iris
from civicgraph.journal import commit_files, data_lock, write_file
from civicgraph.linking.client import ClientSettings, SparqlClient
from civicgraph.linking.linker import LinkReport, link_entities
from civicgraph.linking.rdf import render_proposals
from civicgraph.linking.review import (
    REVIEW_FILE,
    ReviewFile,
    decide_link,
    merge_report,
    read_review,
    render_review,
)
from civicgraph.linking.scoring import MARGIN, MIN_SCORE
from civicgraph.records import load_entities
from civicgraph.sparql.http import EndpointError, check_url


def run_linker(
    data_dir: Path,
    *,
    settings: ClientSettings,
    entity_ids: Iterable[str] = (),
    min_score: float = MIN_SCORE,
    margin: float = MARGIN,
) -> LinkReport:
    """Link the authority file's entities (or only ``entity_ids``); nothing is written."""
    try:
        # before anything runs: a refused URL must not end up in the review file or RDF
        check_url(settings.endpoint, what="--endpoint")
    except EndpointError as error:
        raise LinkError(error.message, hint=error.hint) from None
    with data_lock(data_dir):
        entities = load_entities(data_dir)
        known = read_review(data_dir / REVIEW_FILE).accepted_links()
    wanted = list(entity_ids)
    unknown = [e for e in wanted if e not in entities]
    if unknown:
        raise LinkError(
            f"unknown entity id(s): {', '.join(unknown)}",
            hint="ids are kind/slug as in data/entities/*.yaml",
        )
    chosen = [entities[e] for e in wanted] if wanted else list(entities.values())
    return link_entities(
        chosen, SparqlClient(settings), min_score=min_score, margin=margin, known_links=known
    )


@dataclass(frozen=True)
class LinkRun:
    """What ``link wikidata`` did: the linker's report and the file it wrote."""

    report: LinkReport
    written: Path
    review_file: bool
    """True when ``written`` is the review file, False when it is the ``--out`` RDF."""


def link_wikidata(
    data_dir: Path,
    *,
    settings: ClientSettings,
    iris: Iris,
    entity_ids: Iterable[str] = (),
    min_score: float = MIN_SCORE,
    margin: float = MARGIN,
    out: Path | None = None,
    endpoint_label: str | None = None,
) -> LinkRun:
    """Run the linker and record what it found, before anyone looks at what it did not.

    Proposals go to the review file (reviewed entries are kept), or with ``out`` to an RDF
    file of unasserted candidate statements; entities left unresolved (offline without a
    cached answer, or the endpoint failed) are in the report, for the caller to say so.
    """
    report = run_linker(
        data_dir, settings=settings, entity_ids=entity_ids, min_score=min_score, margin=margin
    )
    if out is not None:
        data = render_proposals(out, report, iris=iris, endpoint=settings.endpoint)
        with data_lock(data_dir):
            write_file(data_dir, out, data, what="writing of link proposals")
        return LinkRun(report, out, review_file=False)
    path = record_proposals(data_dir, report, endpoint=endpoint_label or settings.endpoint)
    return LinkRun(report, path, review_file=True)


def record_proposals(data_dir: Path, report: LinkReport, *, endpoint: str) -> Path:
    """Merge a run into the review file (reviewed entries are kept); return its path."""
    path = data_dir / REVIEW_FILE
    with data_lock(data_dir):
        merged = merge_report(read_review(path), report, endpoint=endpoint)
        _commit_review(data_dir, merged, what="recording of link proposals")
    return path


def _commit_review(data_dir: Path, review: ReviewFile, *, what: str) -> None:
    path = data_dir / REVIEW_FILE
    commit_files(data_dir, {path: render_review(review).encode("utf-8")}, what=what)


@dataclass(frozen=True)
class Decision:
    entity_id: str
    accept: bool
    qid: str | None = None

    @classmethod
    def parse(cls, text: str, *, accept: bool) -> Decision:
        """``kind/slug`` or ``kind/slug=Q123`` (choose that item instead of the proposal)."""
        entity_id, _, qid = text.partition("=")
        return cls(entity_id.strip(), accept, qid.strip() or None)


def review_links(
    data_dir: Path, decisions: Iterable[Decision], *, reviewer: str, on: dt.date
) -> ReviewFile:
    """Apply accept/reject decisions to the review file, all or none."""
    path = data_dir / REVIEW_FILE
    with data_lock(data_dir):
        review = read_review(path)
        if not review.entries:
            raise LinkError(
                "no review file yet", path=path, hint="run `civicgraph link wikidata` first"
            )
        for decision in decisions:
            review = decide_link(
                review,
                decision.entity_id,
                accept=decision.accept,
                reviewer=reviewer,
                on=on,
                qid=decision.qid,
            )
        _commit_review(data_dir, review, what="link review")
    return review
