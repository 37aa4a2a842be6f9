"""``civicgraph release``: publish the built graph as a versioned, checksummed release."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from civicgraph.cli.options import project_options
from civicgraph.project import Project
from civicgraph.release import DEFAULT_RELEASES


@click.command("release")
@click.argument("version")
@click.option("--previous", default=None, help="Version of the release to compare facts with.")
@click.option(
    "--endpoint-url",
    default=None,
    help="Public SPARQL endpoint serving this release (void:sparqlEndpoint).",
)
@click.option(
    "--issued",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Release date. Default: the date a calendar version names (2026.12.02), else the "
    "newest date a source states; never the clock, so a release can be made again byte for byte.",
)
@click.option(
    "--out",
    "root",
    type=click.Path(path_type=Path, file_okay=False),
    default=DEFAULT_RELEASES,
    show_default=True,
    help="Folder that holds the releases, one sub-folder per version.",
)
@project_options(data=True, ontology=True, shapes=True)
def release_command(
    version: str,
    previous: str | None,
    endpoint_url: str | None,
    issued: datetime | None,
    root: Path,
    project: Project,
) -> None:
    """Publish the built graph as release VERSION in dist/release/VERSION/.

    Every serialisation, SHA256SUMS, the validation and coverage reports, a DCAT/VoID
    description (catalog.ttl) and the change log of facts against --previous
    (changes.md, changes.ttl). A release is never overwritten and is byte-identical for
    the same input. Exit 2, with nothing written, for an invalid version, an existing
    release, an unknown previous release or a graph that does not conform.

    \b
    Example:
      civicgraph release 0.1.0
      civicgraph release 0.2.0 --previous 0.1.0 --endpoint-url https://example.org/sparql
    """
    release = project.release(
        version,
        root=root,
        previous=previous,
        issued=issued.date() if issued is not None else None,
        endpoint_url=endpoint_url,
    )
    changes = release.changes
    click.echo(
        f"released {release.version} (issued {release.issued.isoformat()}) -> {release.folder}: "
        f"{len(release.files)} files; facts: {len(changes.added)} added, "
        f"{len(changes.removed)} removed, {len(changes.changed)} with changed evidence"
    )
