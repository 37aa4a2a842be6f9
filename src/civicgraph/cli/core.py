"""Commands that make and inspect the dataset: build, validate, export, stats."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from civicgraph.cli.options import project_options
from civicgraph.cli.progress import stage_progress
from civicgraph.cli.remote import endpoint_from, endpoint_options
from civicgraph.export import Entailment, export_to
from civicgraph.formats import rdf_format, rdf_formats
from civicgraph.ingest.labels import find_label_gaps
from civicgraph.project import Project
from civicgraph.records import load_entities
from civicgraph.validate import DEFAULT_ENGINE, ENGINES, ValidationReport

EXIT_VIOLATIONS = 1


@click.command("build")
@project_options(data=True, ontology=True, shapes=True)
@click.option(
    "--skip-validation",
    is_flag=True,
    help="Install the new graph without checking it against the shapes first (large rebuilds).",
)
def build_command(project: Project, skip_validation: bool) -> None:
    """Build the graph from data/ and ontology/ into the embedded store.

    Every evidence quote is located in its source and the new graph is validated against
    the shapes before it replaces the store; any problem stops the build (exit 2 for bad
    input, 1 for shape violations, each naming the file and line of the record) and the
    previous store is left as it was. Accepted Wikidata links (data/links/) go into the
    links graph. The store remembers the base IRI: later commands use it without --base.
    A build replaces only a folder that holds a civicgraph store.

    \b
    Example:
      civicgraph build
      civicgraph build --data data --store .civicgraph/store --base https://example.org/civic
    """
    with stage_progress("build") as progress:
        outcome = project.build(validate=not skip_validation, progress=progress)
    if outcome.report is not None and not outcome.installed:
        click.echo(_render_text(outcome.report, locate=outcome.locate), err=True)
        click.echo(
            f"error: the new graph does not conform; {project.store} was left as it was",
            err=True,
        )
        sys.exit(EXIT_VIOLATIONS)
    dataset = outcome.dataset
    click.echo(
        f"built {outcome.quads} quads: {dataset.entity_count} entities, {dataset.fact_count} fact records, "
        f"{dataset.excerpt_count} excerpts from {dataset.source_count} sources -> {project.store}"
    )


def _render_text(
    report: ValidationReport, *, locate: Callable[[str], str | None] | None = None
) -> str:
    if report.conforms:
        return f"conforms: {report.triples_validated} triples validated, no violations ({report.engine})"
    lines = [f"does not conform: {len(report.results)} result(s) ({report.engine})"]
    for result in report.results:
        severity = result.severity.rsplit("#", 1)[-1]
        constraint = result.constraint.rsplit("#", 1)[-1]
        path = f" path {result.path}" if result.path else ""
        value = f" value {result.value}" if result.value is not None else ""
        where = locate(result.focus_node) if locate is not None else None
        prefix = f"{where}: " if where else ""
        lines.append(
            f"{prefix}{severity}: {result.focus_node}{path}{value}: {result.message} [{constraint}]"
        )
    return "\n".join(lines)


@click.command("validate")
@project_options(shapes=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "turtle", "json"]),
    default="text",
    show_default=True,
    help="How to print the report.",
)
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=DEFAULT_ENGINE,
    show_default=True,
    help="SHACL engine; pyshacl is the reference, the others are proven to agree with it.",
)
@endpoint_options(required=False)
def validate_command(
    project: Project,
    output_format: str,
    engine: str,
    endpoint: str | None,
    layout: str | None,
    timeout: float,
) -> None:
    """Validate the built graph against the SHACL shapes.

    Exit codes: 0 the graph conforms, 1 it has violations, 2 validation could not run.

    \b
    Example:
      civicgraph validate
      civicgraph validate --format json > report.json
      civicgraph validate --engine pyshacl              # the reference engine
      civicgraph validate --endpoint http://127.0.0.1:7878
    """
    remote = endpoint_from(endpoint, layout=layout, timeout=timeout)
    with stage_progress("validate") as progress:
        report = project.validate(engine=engine, endpoint=remote, progress=progress)
    if output_format == "json":
        click.echo(report.to_json(), nl=False)
    elif output_format == "turtle":
        click.echo(report.report_turtle, nl=False)
    else:
        click.echo(_render_text(report))
    if not report.conforms:
        sys.exit(EXIT_VIOLATIONS)


@click.command("export")
@project_options()
@click.option(
    "--format",
    "export_format",
    type=click.Choice([f.name for f in rdf_formats()]),
    default=rdf_formats()[0].name,
    show_default=True,
    help="RDF format; "
    + "/".join(f.name for f in rdf_formats() if not f.keeps_graphs)
    + " merge the named graphs, "
    + "/".join(f.name for f in rdf_formats() if f.keeps_graphs)
    + " keep them.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="File to write (atomically), or - for standard output. Default: dist/civicgraph.<ext>.",
)
@click.option(
    "--entail",
    type=click.Choice([e.value for e in Entailment]),
    default=None,
    help="Add entailed triples: 'alignments' types every instance with the standard classes "
    "the ontology aligns to (org:Organization, schema:Person, org:Post, ...).",
)
def export_command(
    project: Project, export_format: str, out: str | None, entail: str | None
) -> None:
    """Export the built graph; the same input always gives byte-identical files.

    \b
    Example:
      civicgraph export --format turtle --out dist/civicgraph.ttl
      civicgraph export --format trig
      civicgraph export --format jsonld --out - | jq .
      civicgraph export --entail alignments --out dist/civicgraph-entailed.ttl
    """
    chosen = rdf_format(export_format)
    entailment = Entailment(entail) if entail is not None else None
    if out == "-":
        export_to(
            project.snapshot(), chosen, sys.stdout.buffer, entail=entailment, iris=project.iris
        )
        sys.stdout.buffer.flush()
        return
    # as given: "" is refused as empty, where Path("") would be the current folder
    target = out if out is not None else str(Path("dist") / f"civicgraph.{chosen.extension}")
    size = project.export(chosen, target, entail=entailment)
    click.echo(f"wrote {target} ({chosen.name}, {size} bytes)")


@click.command("stats")
@project_options()
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@endpoint_options(required=False)
def stats_command(
    project: Project,
    as_json: bool,
    endpoint: str | None,
    layout: str | None,
    timeout: float,
) -> None:
    """Show what the graph holds: triples per graph, entities per class, facts, evidence, labels.

    \b
    Example:
      civicgraph stats
      civicgraph stats --json
      civicgraph stats --endpoint http://127.0.0.1:7878
    """
    import json  # noqa: PLC0415 - only this branch of the CLI needs it

    stats = project.stats(endpoint=endpoint_from(endpoint, layout=layout, timeout=timeout))
    if as_json:
        payload = {
            "triplesPerGraph": stats.triples_per_graph,
            "entitiesPerClass": stats.entities_per_class,
            "factsPerClass": {
                k: {"facts": f, "withEvidence": e} for k, (f, e) in stats.facts_per_class.items()
            },
            "labelsPerLanguage": stats.labels_per_language,
            "excerpts": stats.excerpts,
            "totalTriples": stats.total_triples,
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True))
        return
    click.echo(f"triples: {stats.total_triples}")
    for graph, count in stats.triples_per_graph.items():
        click.echo(f"  graph {graph}: {count}")
    click.echo("entities per class:")
    for cls, count in stats.entities_per_class.items():
        click.echo(f"  {cls.rsplit('#', 1)[-1]}: {count}")
    click.echo(
        f"facts: {stats.facts} ({stats.facts_with_evidence} with evidence), excerpts: {stats.excerpts}"
    )
    click.echo("facts per class:")
    for cls, (facts, evidenced) in stats.facts_per_class.items():
        click.echo(f"  {cls.rsplit('#', 1)[-1]}: {facts} ({evidenced} with evidence)")
    click.echo(
        "labels per language: "
        + ", ".join(f"{k or '-'}: {v}" for k, v in stats.labels_per_language.items())
    )


@click.command("coverage")
@project_options(data=True, ontology=True)
@endpoint_options(required=False)
def coverage_command(
    project: Project, endpoint: str | None, layout: str | None, timeout: float
) -> None:
    """Check that the records cite every sentence of each source and every name in it.

    Names of known entities are found with Kazakh endings (Сенаттың, БҰҰДБ-ның); a name is
    covered when an excerpt of a fact about that entity overlaps it. A sentence with less
    than 75% of its letters inside excerpts is reported as partly cited. Exit 0 when all
    is covered, 1 when something is left out (each gap on one line), 2 when it cannot run.
    The facts are those the records build into now, or with --endpoint those of the
    dataset pushed there (the sources' texts are read from data/ either way).

    \b
    Example:
      civicgraph coverage
      civicgraph coverage --endpoint http://127.0.0.1:7878
    """
    reports = project.coverage(endpoint=endpoint_from(endpoint, layout=layout, timeout=timeout))
    gaps = 0
    for report in reports:
        click.echo(
            f"{report.source_id}: {len(report.mentions)} names of known entities, "
            f"{len(report.uncovered_mentions)} not cited, "
            f"{len(report.uncovered_sentences)} sentence(s) without evidence, "
            f"{len(report.partly_cited_sentences)} partly cited"
        )
        for mention in report.uncovered_mentions:
            click.echo(
                f"  name not cited: {mention.entity_id} at {mention.start}-{mention.end} {mention.surface!r}"
            )
        for start, end, sentence in report.uncovered_sentences:
            click.echo(f"  sentence without evidence at {start}-{end}: {sentence!r}")
        for start, end, share, sentence in report.partly_cited_sentences:
            click.echo(f"  sentence only {share:.0%} cited at {start}-{end}: {sentence!r}")
        gaps += (
            len(report.uncovered_mentions)
            + len(report.uncovered_sentences)
            + len(report.partly_cited_sentences)
        )
    # One-language labels are allowed (an entity from a Russian article): listed, not failed.
    for label_gap in find_label_gaps(load_entities(project.data).values()):
        suggested = "".join(
            f"; suggested {lang} (machine transliteration): {text!r}"
            for lang, text in label_gap.suggestions.items()
        )
        click.echo(
            f"labels missing: {label_gap.entity_id}: {', '.join(label_gap.missing)}{suggested}"
        )
    if gaps:
        sys.exit(EXIT_VIOLATIONS)
