"""``civicgraph init``: create a project folder to build a graph from."""

from __future__ import annotations

from pathlib import Path

import click

from civicgraph.scaffold import init_project


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--example",
    is_flag=True,
    help="Fill data/ with the seed article, its entities, records and links.",
)
def init_command(folder: Path, example: bool) -> None:
    """Create FOLDER as a new project: data/sources, entities, records, links and a README.

    FOLDER must not exist or be empty.

    \b
    Example:
      civicgraph init my-graph --example && cd my-graph && civicgraph build
    """
    scaffold = init_project(folder, example=example)
    what = "with the example data" if scaffold.example else "empty"
    click.echo(f"created {scaffold.root} ({what}, {len(scaffold.files)} files)")
