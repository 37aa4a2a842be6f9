"""``civicgraph source add`` and ``civicgraph draft``: hold a new document, propose its records, review them."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from civicgraph.cli.options import recover_data_of
from civicgraph.facts import EVENT_STATUSES, HOLDING_STATUSES, KINDS
from civicgraph.ingest.drafts import draft_path, render_jsonl
from civicgraph.ingest.edit import EditOutcome, ProposalEdit, edit_proposal, merge_proposal
from civicgraph.ingest.pages import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from civicgraph.ingest.propose import propose_drafts
from civicgraph.ingest.review import ReviewRow, list_proposals, review_draft
from civicgraph.ingest.sources import NewSource, add_source, remove_source
from civicgraph.languages import LANGUAGES
from civicgraph.project import Project

F = TypeVar("F", bound=Callable[..., Any])


def _data_option(function: F) -> F:
    """--project and --data, resolved by ``Project`` to the one data folder these commands use.

    The store and base options of ``project_options`` mean nothing here: drafting reads
    and writes only data/. What a killed review left there is recovered first.
    """

    @functools.wraps(function)
    def wrapper(*args: Any, project_dir: Path, data_dir: Path | None, **kwargs: Any) -> Any:  # noqa: ANN401 - passes through
        data = Project(project_dir, data=data_dir).data
        recover_data_of(data)
        return function(*args, data_dir=data, **kwargs)

    decorated = click.option(
        "--data",
        "data_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Folder with sources/, entities/, records/ and drafts/ [default: <project>/data].",
    )(wrapper)
    return cast(
        F,
        click.option(
            "--project",
            "project_dir",
            type=click.Path(path_type=Path, file_okay=False),
            default=Path(),
            show_default=True,
            help="Project folder (its data/ is used).",
        )(decorated),
    )


@click.group("source")
def source_group() -> None:
    """Hold documents (a text, a saved page or a page's URL) byte for byte in data/sources/."""


@source_group.command("add")
@click.argument("document")
@click.option("--id", "source_id", required=True, help="Slug of the source: a-z, 0-9, hyphens.")
@click.option("--language", "--lang", "language", type=click.Choice(LANGUAGES), default=None,
              help="Language of the document [default: what the page declares; a text needs it].")  # fmt: skip
@click.option("--title", default=None,
              help="Title [default: the page's title, else the first line].")  # fmt: skip
@click.option("--url", default=None,
              help="Where it was published, an http(s) address [default: the page's canonical URL, else the URL fetched].")  # fmt: skip
@click.option("--publisher", default=None,
              help="Who published it: an entity id, or a name [default: the page's site name].")  # fmt: skip
@click.option("--published", default=None, metavar="YYYY-MM-DD",
              help="Publication date [default: the page's own, from its metadata].")  # fmt: skip
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_TIMEOUT,
              show_default=True, help="Seconds for fetching a URL, all of it.")  # fmt: skip
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
              show_default=True, help="Largest page accepted, fetched or saved.")  # fmt: skip
@_data_option
def source_add_command(
    document: str,
    source_id: str,
    language: str | None,
    title: str | None,
    url: str | None,
    publisher: str | None,
    published: str | None,
    timeout: float,
    max_bytes: int,
    data_dir: Path,
) -> None:
    """Hold DOCUMENT in data/sources/ID/ with its source.yaml: a UTF-8 text file, a saved
    web page (.html) or the http(s) URL of a page.

    A text is kept as it is. A page is kept byte for byte beside its main text (menus,
    scripts, share buttons, bylines, photo credits and related links left out), which is
    what evidence offsets count in; its title, date, site name and canonical URL come from
    its metadata unless given. An existing id, an empty, binary or non-UTF-8 text, a page
    with no article text, a URL that is not http(s), fails, times out or answers anything
    but HTML or text, an unsafe id or an invalid date is refused and nothing is written.
    "Today" in the text is resolved against the publication date by `civicgraph draft`.

    \b
    Examples:
      civicgraph source add article.txt --id senate-session-2025-04 --language ru --published 2025-04-03
      civicgraph source add saved-page.html --id akimat-school-2024-09
      civicgraph source add https://example.kz/news/12345 --id maslikhat-budget-2024-03
    """
    meta = NewSource(
        id=source_id,
        language=language,
        title=title,
        url=url,
        publisher=publisher,
        published=published,
    )
    added = add_source(data_dir, document, meta, timeout=timeout, max_bytes=max_bytes)
    if added.extractor is None:
        click.echo(
            f"added {added.id}: {added.characters} characters, sha256 {added.sha256} -> {added.folder}"
        )
        return
    extractor = " ".join(f"{name} {version}" for name, version in added.extractor.items())
    click.echo(
        f"added {added.id}: {added.characters} characters of text extracted by {extractor};"
        f" {added.language}, {added.title!r}, dated {added.date or 'unknown'},"
        f" url {added.url or 'unknown'}; page sha256 {added.sha256} -> {added.folder}"
    )


@source_group.command("remove")
@click.argument("source_id")
@_data_option
def source_remove_command(source_id: str, data_dir: Path) -> None:
    """Remove the source ID: its folder in data/sources/, whole.

    Refused, naming them, while records or drafts cite it: their evidence would be gone.
    Checked and removed under data/.lock, so a review citing it meanwhile is seen.

    \b
    Example:
      civicgraph source remove akimat-school-2024-09
    """
    folder = remove_source(data_dir, source_id)
    click.echo(f"removed {source_id}: {folder}")


class _DraftGroup(click.Group):
    """``draft ID`` proposes; ``draft review ID`` reviews: a first word that is no subcommand is an id.

    ``draft propose ID`` is the explicit spelling, for a source whose id is a subcommand's name.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["propose", *args]
        elif not args:
            args = ["propose"]
        return super().parse_args(ctx, args)


@click.group("draft", cls=_DraftGroup)
def draft_group() -> None:
    """Propose records for a held source: civicgraph draft ID, then civicgraph draft review ID.

    \b
    civicgraph draft ID [--out PATH] [--format yaml|jsonl]    propose
    civicgraph draft --all                                   propose for every held source
    civicgraph draft review ID [--accept N...] [--reject N...] [--accept-kind KIND]
    civicgraph draft edit ID N [--label …] [--entity ID] [--quote WORDS] …   change one
    civicgraph draft merge ID N KNOWN-ID                     a new entity is a known one
    """


@draft_group.command("propose")
@click.argument("source_id", required=False)
@click.option("--all", "all_sources", is_flag=True, help="Draft every held source.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to write the YAML draft (default data/drafts/ID.yaml).")  # fmt: skip
@click.option("--format", "output_format", type=click.Choice(["yaml", "jsonl"]), default="yaml",
              show_default=True, help="yaml: the draft file; jsonl: one proposal a line on stdout.")  # fmt: skip
@_data_option
def draft_propose_command(
    source_id: str | None, all_sources: bool, out: Path | None, output_format: str, data_dir: Path
) -> None:
    """Propose mentions, new entities and facts of a held source, each with its evidence span.

    Nothing proposed is built until a curator accepts it with `civicgraph draft review`.
    A changed source (SHA-256 mismatch), a missing or unknown id: one line, exit 2. Drafts
    are made and written under data/.lock; --all writes every draft or none.

    \b
    Example:
      civicgraph draft senate-sitting-2025-04          # -> data/drafts/senate-sitting-2025-04.yaml
      civicgraph draft senate-sitting-2025-04 --format jsonl | jq .kind
      civicgraph draft --all
      civicgraph draft propose review    # the explicit spelling, for a source named "review"
    """
    if all_sources == (source_id is not None):
        raise click.UsageError("give one source ID, or --all")
    as_yaml = output_format == "yaml"
    if all_sources:
        held = len(list((data_dir / "sources").glob("*/source.yaml")))
        # A bar on a terminal only: piped output (jsonl) stays clean.
        with (
            click.progressbar(length=held, label="drafting", file=sys.stderr)
            if sys.stderr.isatty()
            else nullcontext() as bar
        ):
            drafts = propose_drafts(
                data_dir, write=as_yaml, on_drafted=None if bar is None else lambda _: bar.update(1)
            )
        if as_yaml:
            click.echo(f"drafted {len(drafts)} source(s) -> {data_dir / 'drafts'}")
        else:
            click.echo("".join(render_jsonl(draft) for draft in drafts), nl=False)
        return
    assert source_id is not None
    (draft,) = propose_drafts(data_dir, source_id, out=out, write=as_yaml)
    if not as_yaml:
        click.echo(render_jsonl(draft), nl=False)
        return
    kinds: dict[str, int] = {}
    for proposal in draft.proposals:
        kinds[proposal.kind] = kinds.get(proposal.kind, 0) + 1
    summary = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    target = out or draft_path(data_dir, source_id)
    click.echo(
        f"drafted {source_id}: {len(draft.proposals)} proposals ({summary or 'none'}) -> {target}"
    )


class _Numbers(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2
    """Proposal numbers as a curator types them: 3, 1,4,7 or 2-6."""

    name = "numbers"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> list[range]:
        # Ranges stay ranges: the library refuses one past the last proposal before any
        # is spelt out, so 1-99999999999 is one line, not a MemoryError.
        if isinstance(value, list):
            return value
        spans: list[range] = []
        for part in str(value).split(","):
            first, dash, last = part.strip().partition("-")
            if not (first.isdigit() and (not dash or last.isdigit())):
                self.fail(
                    f"{value!r} is not a number, a list like 1,4,7 or a range like 2-6", param, ctx
                )
            low, high = int(first), int(last or first)
            if high < low:  # else range() is empty and nothing is accepted, silently
                self.fail(
                    f"{part.strip()!r} is a range that ends before it starts"
                    f" (hint: write it as {high}-{low})",
                    param,
                    ctx,
                )
            spans.append(range(low, high + 1))
        return spans


_NUMBERS = _Numbers()


@draft_group.command("review")
@click.argument("source_id")
@click.option(
    "--accept",
    "accept",
    multiple=True,
    type=_NUMBERS,
    metavar="N[,N…|N-M]",
    help="Accept these proposals: 3, 1,4,7 or 2-6 (repeatable).",
)
@click.option(
    "--reject",
    "reject",
    multiple=True,
    type=_NUMBERS,
    metavar="N[,N…|N-M]",
    help="Reject these proposals: 3, 1,4,7 or 2-6 (repeatable).",
)
@click.option("--accept-kind", "accept_kinds", multiple=True, type=click.Choice(KINDS),
              help="Accept every proposal of this kind (repeatable).")  # fmt: skip
@_data_option
def draft_review_command(
    source_id: str,
    accept: tuple[list[range], ...],
    reject: tuple[list[range], ...],
    accept_kinds: tuple[str, ...],
    data_dir: Path,
) -> None:
    """List a draft's proposals by number, or accept and reject them.

    Accepted facts join data/records/ID.yaml and accepted entities data/entities/. Every
    accepted item is checked first, as the records loader checks a record (the quote must
    still be in the source at its offsets; ids, labels and language tags valid; every id
    new or known), and nothing changes when one fails. The files then change as one, under
    data/.lock (a second review or a build waits); a review killed midway is completed or
    rolled back by the next command, which says so on one line.

    \b
    Example:
      civicgraph draft review senate-sitting-2025-04
      civicgraph draft review senate-sitting-2025-04 --accept 1,4,7-9 --reject 2
      civicgraph draft review senate-sitting-2025-04 --accept-kind mention
    """
    if not (accept or reject or accept_kinds):
        for row in list_proposals(data_dir, source_id):
            click.echo(_review_line(row))
        return
    outcome = review_draft(
        data_dir,
        source_id,
        accept=[span for group in accept for span in group],
        reject=[span for group in reject for span in group],
        accept_kinds=accept_kinds,
    )
    written = [str(p) for p in (outcome.records_path, *outcome.entity_paths) if p is not None]
    click.echo(
        f"accepted {len(outcome.accepted)}, rejected {len(outcome.rejected)}, {outcome.remaining} left in the draft"
        + (f" -> {', '.join(written)}" if written else "")
    )
    for entity, language, label in outcome.learned:
        click.echo(f"{entity} learnt the alternative label {label!r}@{language}")


@draft_group.command("edit")
@click.argument("source_id")
@click.argument("number", type=click.IntRange(min=1))
@click.option("--label", default=None,
              help="A new entity's label in the draft's language; on a mention, how this text spells its entity (learnt as an alternative label when accepted).")  # fmt: skip
@click.option("--entity", default=None, metavar="ID", help="The entity a mention names.")
@click.option("--person", default=None, metavar="ID", help="The holder of a post holding, or who took part.")  # fmt: skip
@click.option("--post", default=None, metavar="ID", help="The post of a post holding.")
@click.option("--speaker", default=None, metavar="ID", help="Who said a quote.")
@click.option("--event", default=None, metavar="ID", help="The event of a participation, a quote or a date.")  # fmt: skip
@click.option("--status", default=None,
              help=f"An event's status ({'|'.join(EVENT_STATUSES)}) or a holding's ({'|'.join(HOLDING_STATUSES)}).")  # fmt: skip
@click.option("--quote", default=None, metavar="WORDS",
              help="The words of the text that state it: their offsets are found in the text.")  # fmt: skip
@click.option("--occurrence", type=click.IntRange(min=1), default=None, metavar="K",
              help="Which place of the --quote words, when the text has them more than once.")  # fmt: skip
@click.option("--merge-into", default=None, metavar="ID",
              help="Make a proposed new entity this known one (as `draft merge`).")  # fmt: skip
@_data_option
def draft_edit_command(
    source_id: str,
    number: int,
    label: str | None,
    entity: str | None,
    person: str | None,
    post: str | None,
    speaker: str | None,
    event: str | None,
    status: str | None,
    quote: str | None,
    occurrence: int | None,
    merge_into: str | None,
    data_dir: Path,
) -> None:
    """Change proposal NUMBER of the draft of SOURCE_ID: its label, the ids or status it
    names, or the words that state it, without editing YAML or counting offsets.

    The words of --quote are looked up in the source's text; words found more than once
    need --occurrence. The changed proposal is checked as review checks an accept, and
    the draft is rewritten under data/.lock, whole or not at all.

    \b
    Examples:
      civicgraph draft edit senate-sitting-2025-04 7 --label "Madina Yerlanova"
      civicgraph draft edit senate-sitting-2025-04 3 --entity place/kyzylorda-region
      civicgraph draft edit senate-sitting-2025-04 9 --person person/maulen-ashimbayev
      civicgraph draft edit senate-sitting-2025-04 5 --status scheduled
      civicgraph draft edit senate-sitting-2025-04 12 --quote "Astana" --occurrence 2
      civicgraph draft edit senate-sitting-2025-04 4 --merge-into person/maulen-ashimbayev
    """
    fields = {"entity": entity, "person": person, "post": post, "speaker": speaker,
              "event": event, "status": status}  # fmt: skip
    values = {name: value for name, value in fields.items() if value is not None}
    if merge_into is not None:
        if values or label is not None or quote is not None or occurrence is not None:
            raise click.UsageError("give --merge-into alone")
        _echo_merge(merge_proposal(data_dir, source_id, number, merge_into), source_id)
        return
    if not (values or label is not None or quote is not None):
        raise click.UsageError(
            "say what to change: --label, --quote, --entity, --person, --post, --speaker,"
            " --event or --status"
        )
    edit = ProposalEdit(label=label, values=values, quote=quote, occurrence=occurrence)
    outcome = edit_proposal(data_dir, source_id, number, edit)
    click.echo(
        f"edited proposal {outcome.n} of {source_id} ({', '.join(outcome.changed)})"
        f" -> {outcome.draft_path}"
    )


@draft_group.command("merge")
@click.argument("source_id")
@click.argument("number", type=click.IntRange(min=1))
@click.argument("known")
@_data_option
def draft_merge_command(source_id: str, number: int, known: str, data_dir: Path) -> None:
    """Make proposed new entity NUMBER of the draft of SOURCE_ID the known entity KNOWN.

    Every proposal naming the new entity then names KNOWN, and the proposal becomes a
    mention of KNOWN: accepted, it adds the proposal's label to KNOWN's alternative labels
    (in the draft's language) unless KNOWN already has it.

    \b
    Example:
      civicgraph draft merge senate-sitting-2025-04 7 person/maulen-ashimbayev
    """
    _echo_merge(merge_proposal(data_dir, source_id, number, known), source_id)


def _echo_merge(outcome: EditOutcome, source_id: str) -> None:
    others = (
        f"; proposals {', '.join(map(str, outcome.renamed))} name it too" if outcome.renamed else ""
    )
    click.echo(
        f"proposal {outcome.n} of {source_id} {outcome.changed[0]}{others} -> {outcome.draft_path}"
    )


def _short(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 3] + "..."


def _review_line(row: ReviewRow) -> str:
    """One proposal: number, kind, label, the fields ``draft edit`` names, the quoted words."""
    fields = " ".join(f"{name}={value}" for name, value in row.fields)
    if row.kind == "mention" and not any(name == "entity" for name, _ in row.fields):
        fields = "entity=(ambiguous)"
    return (
        f"{row.n:>4}  {row.kind:<13} {_short(row.label, 50)!r}  {fields}"
        f"  {_short(row.quote, 60)!r}  {row.confidence:.2f}  {row.why}"
        + ("  [already recorded]" if row.recorded else "")
    )


INGEST_COMMANDS = [source_group, draft_group]
"""What ``civicgraph.cli`` registers from this module."""
