"""``civicgraph source add`` and ``civicgraph draft``: hold a new document, propose its records, review them."""

from __future__ import annotations

from pathlib import Path

import click

from civicgraph.ingest.sources import NewSource, add_source
from civicgraph.languages import LANGUAGES

_data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("data"),
    show_default=True,
    help="Folder with sources/, entities/, records/ and drafts/.",
)


@click.group("source")
def source_group() -> None:
    """Hold documents: copy them byte for byte into data/sources/ with their metadata."""


@source_group.command("add")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=True))
@click.option("--id", "source_id", required=True, help="Slug of the source: a-z, 0-9, hyphens.")
@click.option("--lang", "language", required=True, type=click.Choice(LANGUAGES))
@click.option("--title", default=None, help="Title (default: the document's first line).")
@click.option("--url", default=None, help="Where the document was published.")
@click.option("--publisher", default=None, help="Who published it (an entity id or a name).")
@click.option("--published", default=None, metavar="YYYY-MM-DD", help="Publication date.")
@_data_option
def source_add_command(
    path: Path,
    source_id: str,
    language: str,
    title: str | None,
    url: str | None,
    publisher: str | None,
    published: str | None,
    data_dir: Path,
) -> None:
    """Copy PATH (plain UTF-8 text) into data/sources/ID/ and write its source.yaml.

    The bytes are kept as they are and their SHA-256 recorded; an existing id, an empty,
    binary or non-UTF-8 file, an unsafe id or an invalid date is refused and nothing is
    written. "Today" in the text is resolved against --published by `civicgraph draft`.

    \b
    Example:
      civicgraph source add article.txt --id senate-session-2025-04 --lang ru --published 2025-04-03
    """
    meta = NewSource(
        id=source_id,
        language=language,
        title=title,
        url=url,
        publisher=publisher,
        published=published,
    )
    added = add_source(data_dir, path, meta)
    click.echo(
        f"added {added.id}: {added.characters} characters, sha256 {added.sha256} -> {added.folder}"
    )


INGEST_COMMANDS = [source_group]
"""What ``civicgraph.cli`` registers from this module."""
