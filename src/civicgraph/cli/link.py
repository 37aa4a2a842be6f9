"""``civicgraph link``: propose Wikidata links (``wikidata``) and decide on them (``review``)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from civicgraph.cli.options import base_option, recover_data_of
from civicgraph.iris import Iris
from civicgraph.linking.client import DEFAULT_CONTACT, WIKIDATA_QUERY_SERVICE, ClientSettings
from civicgraph.linking.linker import LinkReport
from civicgraph.linking.review import AMBIGUOUS, NOT_FOUND, PROPOSED, REVIEW_FILE, read_review
from civicgraph.linking.scoring import MARGIN, MIN_SCORE
from civicgraph.linking.workflow import Decision, link_wikidata, review_links
from civicgraph.sparql.client import DEFAULT_TIMEOUT
from civicgraph.sparql.http import backoff

DEFAULT_CACHE = Path(".civicgraph") / "cache" / "wikidata"
DEFAULT_REVIEWER = "civicgraph maintainers"
DEFAULT_RETRIES = 4
EXIT_UNRESOLVED = 1
"""Exit code of ``link wikidata`` when some entities could not be resolved (offline, unreachable)."""


def _backoff_total(retries: int) -> float:
    """Seconds the linker sleeps between ``retries + 1`` attempts that all fail."""
    defaults = ClientSettings()
    return sum(
        backoff(n, base=defaults.backoff_base, cap=defaults.backoff_cap)
        for n in range(1, retries + 1)
    )


_data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data"),
    show_default=True,
    help="Folder with entities/ and links/.",
)


@click.group("link")
def link_group() -> None:
    """Link the authority file to Wikidata: propose, review, publish (skos:exactMatch)."""


@link_group.command("wikidata")
@_data_option
@base_option
@click.option(
    "--endpoint",
    default=WIKIDATA_QUERY_SERVICE,
    show_default=True,
    help="SPARQL endpoint with Wikidata-format RDF.",
)
@click.option(
    "--entities",
    "entity_ids",
    multiple=True,
    metavar="ID",
    help="Only these entities (repeatable).",
)
@click.option("--min-score", type=click.FloatRange(0, 1), default=MIN_SCORE, show_default=True)
@click.option(
    "--margin",
    type=click.FloatRange(0, 1),
    default=MARGIN,
    show_default=True,
    help="Lead needed over the runner-up.",
)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_CACHE,
    show_default=True,
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the response cache.")
@click.option("--offline", is_flag=True, help="Use the cache only; never open a connection.")
@click.option(
    "--contact",
    default=DEFAULT_CONTACT,
    show_default=True,
    help="Contact for the User-Agent (e-mail or URL).",
)
@click.option(
    "--rate",
    type=float,
    default=1.0,
    show_default=True,
    help="At most this many requests per second.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds one request may take in all (connecting, waiting, reading). A request "
    "that times out is sent again up to --retries times, waiting 1, 2, 4… s between, so "
    "a stalled server holds the run for at most (retries + 1) × timeout plus those waits "
    f"({DEFAULT_RETRIES + 1} × {DEFAULT_TIMEOUT:g} + {_backoff_total(DEFAULT_RETRIES):g} s "
    "by default); after that the run sends no more requests.",
)
@click.option(
    "--endpoint-label",
    help="What the review file records as the endpoint (default: --endpoint), e.g. the "
    "name of the snapshot a local mirror serves.",
)
@click.option(
    "--retries",
    type=click.IntRange(0),
    default=DEFAULT_RETRIES,
    show_default=True,
    help="Ask again this many times after a timeout, 429 or 5xx, each time within "
    "--timeout (0 fails at the first).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write proposals as RDF here instead of updating the review file.",
)
def wikidata_command(
    data_dir: Path,
    base: str,
    endpoint: str,
    entity_ids: tuple[str, ...],
    min_score: float,
    margin: float,
    cache_dir: Path,
    no_cache: bool,
    offline: bool,
    contact: str,
    rate: float,
    timeout: float,
    retries: int,
    endpoint_label: str | None,
    out: Path | None,
) -> None:
    """Find, score and propose a Wikidata item for each entity.

    Without --out the proposals go to data/links/wikidata.yaml for review (accepted and
    rejected entries are kept); with --out they are written as RDF candidate statements
    (reified, review status "proposed", no skos:exactMatch asserted) and data/ is
    untouched. What was found is recorded before unresolved entities are reported.
    Exit 0 when every entity was looked up, 1 when some could not be (offline with no
    cached answer, or the endpoint failed), 2 when the command could not run.

    \b
    Examples:
      civicgraph link wikidata --entities place/astana --entities org/undp
      civicgraph link wikidata --endpoint http://127.0.0.1:7878/query --out links.ttl
      civicgraph link wikidata --offline      # answers from the cache only
    """
    if offline and no_cache:
        raise click.UsageError(
            "--offline reads only the cache; it cannot be combined with --no-cache"
        )
    recover_data_of(data_dir)
    settings = ClientSettings(
        endpoint=endpoint,
        contact=contact,
        cache_dir=None if no_cache else cache_dir,
        offline=offline,
        timeout=timeout,
        retries=retries,
        requests_per_second=rate,
    )
    run = link_wikidata(
        data_dir,
        settings=settings,
        iris=Iris(base),
        entity_ids=entity_ids,
        min_score=min_score,
        margin=margin,
        out=out,
        endpoint_label=endpoint_label,
    )
    _render(run.report)
    if run.review_file:
        click.echo(f"review file updated: {run.written} (decide with `civicgraph link review`)")
    else:
        click.echo(f"candidate links (not reviewed) written to {run.written}")
    unresolved = run.report.with_status("unresolved")
    if unresolved:
        click.echo(
            "could not resolve (not in the cache or endpoint unreachable): "
            + ", ".join(o.entity_id for o in unresolved)
            + f" — {unresolved[0].why}",
            err=True,
        )
        # Scripts must be able to tell a partial answer from a complete one.
        sys.exit(EXIT_UNRESOLVED)


def _render(report: LinkReport) -> None:
    for outcome in sorted(report.outcomes.values(), key=lambda o: o.entity_id):
        chosen = (
            f" {outcome.chosen.qid} {outcome.chosen.label!r} {outcome.chosen.score:.2f}"
            if outcome.chosen
            else ""
        )
        click.echo(f"{outcome.status:<10} {outcome.entity_id}{chosen} — {outcome.why}")
    counts = {
        s: len(report.with_status(s)) for s in ("proposed", "ambiguous", "not-found", "unresolved")
    }
    click.echo(
        ", ".join(f"{n} {s}" for s, n in counts.items())
        + f"; {report.requests_sent} request(s), {report.cache_hits} from cache"
    )
    if report.cache_discarded:
        click.echo(
            f"ignored {report.cache_discarded} damaged or wrong-shape cache file(s); "
            "they are replaced when asked again online",
            err=True,
        )


@link_group.command("review")
@_data_option
@click.option(
    "--accept",
    "accepts",
    multiple=True,
    metavar="ID[=QID]",
    help="Accept the proposal (or the named item).",
)
@click.option(
    "--reject",
    "rejects",
    multiple=True,
    metavar="ID[=QID]",
    help="Reject the proposal (or the named item).",
)
@click.option("--reviewer", default=DEFAULT_REVIEWER, show_default=True)
@click.option(
    "--date",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date of the decision (default: today).",
)
def review_command(
    data_dir: Path,
    accepts: tuple[str, ...],
    rejects: tuple[str, ...],
    reviewer: str,
    on: dt.datetime | None,
) -> None:
    """Accept or reject proposed links; interactive on a terminal when no --accept/--reject.

    \b
    Examples:
      civicgraph link review                    # interactive, on a terminal
      civicgraph link review --accept place/abai-region --reject place/ulytau-region
    """
    recover_data_of(data_dir)
    day = on.date() if on else dt.date.today()
    decisions = [Decision.parse(a, accept=True) for a in accepts] + [
        Decision.parse(r, accept=False) for r in rejects
    ]
    if not decisions:
        if not sys.stdin.isatty():
            raise click.UsageError("not a terminal: name decisions with --accept ID or --reject ID")
        decisions = _ask(data_dir)
    review = review_links(data_dir, decisions, reviewer=reviewer, on=day)
    accepted = review.accepted_links()
    click.echo(
        f"{len(decisions)} decision(s) recorded in {data_dir / REVIEW_FILE}; "
        f"{len(accepted)} link(s) accepted"
    )


def _ask(data_dir: Path) -> list[Decision]:
    decisions: list[Decision] = []
    review = read_review(data_dir / REVIEW_FILE)
    for entry in review.entries.values():
        if entry.status not in (PROPOSED, AMBIGUOUS, NOT_FOUND) or not entry.candidates:
            continue
        click.echo(f"\n{entry.entity} [{entry.status}] {entry.why}")
        for candidate in entry.candidates[:5]:
            click.echo(
                f"  {candidate.qid:<14} {candidate.score:.2f} {candidate.label}"
                f"  ({'; '.join(candidate.reasons)})"
            )
        default = entry.qid or ""
        answer = click.prompt(
            "accept QID / r(eject) / s(kip) / q(uit)", default=default or "s", show_default=True
        )
        if answer == "q":
            break
        if answer == "r" and entry.qid:
            decisions.append(Decision(entry.entity, accept=False))
        elif answer.startswith("Q"):
            decisions.append(Decision(entry.entity, accept=True, qid=answer))
    return decisions
