"""``civicgraph graph``: the network view of the graph — stats, centrality, paths, exports, picture."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import networkx as nx

from civicgraph.analyse.draw import draw_network
from civicgraph.analyse.exports import GraphFormat, export_network
from civicgraph.analyse.metrics import Measure, measure_network, rank_nodes
from civicgraph.analyse.paths import ego_network, find_paths
from civicgraph.analyse.projection import ProjectionView, node_label, project_graph
from civicgraph.cli.options import base_option, store_option
from civicgraph.pipeline import scan_source
from civicgraph.project import Project

F = TypeVar("F", bound=Callable[..., Any])
LANGUAGE_CHOICE = click.Choice(["en", "kk", "ru"])


def _projection_options(function: F) -> F:
    function = click.option(
        "--keep-nary",
        is_flag=True,
        help="Keep participations, post holdings, mentions, statements and programme regions as nodes.",
    )(function)
    return store_option(base_option(function))


def _lang_option(function: F) -> F:
    return click.option(
        "--lang", type=LANGUAGE_CHOICE, default="en", show_default=True, help="Language of labels."
    )(function)


def _project(store_path: Path, base: str, keep_nary: bool) -> nx.MultiDiGraph:
    project = Project(store=store_path, base=base)
    return project.graph(view=ProjectionView(keep_nary=keep_nary))


@click.group("graph")
def graph_group() -> None:
    """Analyse the graph as a network (networkx): who connects to whom.

    Entities are nodes; facts are edges (n-ary facts collapsed to labelled edges unless
    --keep-nary). See docs/analysis.md for the projection.
    """


@graph_group.command("stats")
@_projection_options
def stats_command(store_path: Path, base: str, keep_nary: bool) -> None:
    """Nodes and edges per type, density and components.

    \b
    Example:
      civicgraph graph stats
    """
    stats = measure_network(_project(store_path, base, keep_nary))
    click.echo(f"nodes: {stats.nodes}, edges: {stats.edges}, density: {stats.density:.4f}")
    click.echo(
        f"weak components: {stats.components} (largest {stats.largest_component} nodes), "
        f"isolated nodes: {stats.isolated}"
    )
    click.echo("nodes per type:")
    for node_type, count in stats.nodes_per_type.items():
        click.echo(f"  {node_type}: {count}")
    click.echo("edges per predicate:")
    for predicate, count in stats.edges_per_predicate.items():
        click.echo(f"  {predicate}: {count}")


@graph_group.command("central")
@_projection_options
@_lang_option
@click.option(
    "--measure",
    type=click.Choice([m.value for m in Measure]),
    default=Measure.DEGREE.value,
    show_default=True,
    help="Centrality measure.",
)
@click.option("--top", type=int, default=10, show_default=True, help="How many nodes to list.")
def central_command(
    store_path: Path, base: str, keep_nary: bool, lang: str, measure: str, top: int
) -> None:
    """The most central entities.

    \b
    Example:
      civicgraph graph central --top 5
      civicgraph graph central --measure betweenness --lang kk
    """
    scores = rank_nodes(
        _project(store_path, base, keep_nary), measure=Measure(measure), top=top, lang=lang
    )
    for score in scores:
        click.echo(
            f"{score.rank:>3}  {score.score:.4f}  {score.node}  {score.label} ({score.type})"
        )


@graph_group.command("path")
@_projection_options
@_lang_option
@click.argument("source")
@click.argument("target")
@click.option(
    "--limit", type=int, default=5, show_default=True, help="At most this many shortest paths."
)
def path_command(
    store_path: Path, base: str, keep_nary: bool, lang: str, source: str, target: str, limit: int
) -> None:
    """Shortest paths from SOURCE to TARGET (ids or labels), with each fact's evidence.

    \b
    Example:
      civicgraph graph path person/katarzyna-wawiernia org/government-kz
      civicgraph graph path Wawiernia "Government of the Republic"
    """
    triples = scan_source(Project(store=store_path, base=base))
    graph = project_graph(triples, view=ProjectionView(keep_nary=keep_nary))
    report = find_paths(triples, graph, source, target, limit=limit, lang=lang)
    click.echo(
        f"{len(report.paths)} shortest path(s) of length {report.length}: {report.source} -> {report.target}"
    )
    for number, path in enumerate(report.paths, start=1):
        click.echo(f"path {number}: " + " -> ".join(path.nodes))
        for step in path.steps:
            click.echo(f"  {step.source_label} — {step.target_label}")
            for fact in step.facts:
                role = f" [{fact.role}]" if fact.role else ""
                click.echo(
                    f"    {fact.subject} --{fact.label}{role}--> {fact.object}  ({fact.fact})"
                )
                for span in fact.evidence:
                    where = (
                        f"{span.source} [{span.start}:{span.end}]"
                        if span.start is not None
                        else span.source
                    )
                    quote = f' "{span.exact}"' if span.exact else ""
                    click.echo(f"      evidence: {where}{quote}")


@graph_group.command("ego")
@_projection_options
@_lang_option
@click.argument("entity")
@click.option("--radius", type=int, default=1, show_default=True, help="Hops from ENTITY.")
def ego_command(
    store_path: Path, base: str, keep_nary: bool, lang: str, entity: str, radius: int
) -> None:
    """The neighbourhood of ENTITY: its nodes and the edges among them.

    \b
    Example:
      civicgraph graph ego programme/undp-kz-regional-programme --radius 1
    """
    ego = ego_network(_project(store_path, base, keep_nary), entity, radius=radius)
    click.echo(
        f"{ego.graph['center']}: {ego.number_of_nodes()} nodes, {ego.number_of_edges()} edges within {radius}"
    )
    for node in ego:
        click.echo(
            f"  node {node}  {node_label(ego, node, lang)} ({ego.nodes[node].get('type', '')})"
        )
    for u, v, data in ego.edges(data=True):
        role = f" [{data['role']}]" if data.get("role") else ""
        click.echo(f"  edge {u} --{data.get(f'label_{lang}') or data['predicate']}{role}--> {v}")


@graph_group.command("export")
@_projection_options
@_lang_option
@click.option(
    "--format",
    "graph_format",
    type=click.Choice([f.value for f in GraphFormat]),
    default=GraphFormat.GRAPHML.value,
    show_default=True,
    help="graphml/gexf (Gephi, Cytoscape, yEd), json (node-link), csv (edges + -nodes.csv).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="File to write (atomically). Default: dist/network.<format>.",
)
@click.option("--ego", "center", default=None, help="Export only the neighbourhood of this entity.")
@click.option("--radius", type=int, default=1, show_default=True, help="Hops around --ego.")
def export_command(
    store_path: Path,
    base: str,
    keep_nary: bool,
    lang: str,
    graph_format: str,
    out: Path | None,
    center: str | None,
    radius: int,
) -> None:
    """Write the network for Gephi, Cytoscape or yEd; the same graph gives identical files.

    \b
    Example:
      civicgraph graph export --format graphml --out dist/network.graphml
      civicgraph graph export --format gexf --lang kk --out dist/network.gexf
    """
    chosen = GraphFormat(graph_format)
    graph = _project(store_path, base, keep_nary)
    if center is not None:
        graph = ego_network(graph, center, radius=radius)
    target = out if out is not None else Path("dist") / f"network.{chosen.value}"
    result = export_network(graph, target, fmt=chosen, lang=lang)
    written = ", ".join(str(path) for path in result.paths)
    click.echo(
        f"wrote {written} ({chosen.value}, {result.nodes} nodes, {result.edges} edges, {result.size} bytes)"
    )


@graph_group.command("draw")
@_projection_options
@_lang_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("dist") / "network.svg",
    show_default=True,
    help="Picture to write: .svg or .png (generated files go to dist/, not docs/).",
)
@click.option("--ego", "center", default=None, help="Draw only the neighbourhood of this entity.")
@click.option("--radius", type=int, default=1, show_default=True, help="Hops around --ego.")
@click.option("--title", default=None, help="A title above the picture.")
def draw_command(
    store_path: Path,
    base: str,
    keep_nary: bool,
    lang: str,
    out: Path,
    center: str | None,
    radius: int,
    title: str | None,
) -> None:
    """Draw the network (or an ego network): colours by type, labelled edges, a legend.

    \b
    Example:
      civicgraph graph draw --lang kk              # dist/network.svg
      civicgraph graph draw --ego person/maulen-ashimbayev --out ashimbayev.png
    """
    graph = _project(store_path, base, keep_nary)
    if center is not None:
        graph = ego_network(graph, center, radius=radius)
    drawing = draw_network(graph, out, lang=lang, title=title)
    click.echo(
        f"wrote {drawing.path} ({drawing.format}, {drawing.nodes} nodes, {drawing.edges} edges, {drawing.size} bytes)"
    )
