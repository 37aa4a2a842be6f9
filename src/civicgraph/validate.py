"""Validate the dataset against ``ontology/shapes.ttl`` (W3C SHACL, §3 validation report).

pySHACL is the reference engine. The data graph is every named graph but the ontology,
which is passed as pySHACL's ``ont_graph`` so that ``sh:targetClass`` reaches instances
of subclasses (SHACL §2.1.3.3) without materialising inferences into the data.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as pyshacl_validate

from civicgraph.errors import ShapesError

_SH = rdflib.namespace.SH


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One ``sh:ValidationResult``: which node broke which constraint, and how."""

    focus_node: str
    path: str | None
    constraint: str
    severity: str
    message: str
    source_shape: str
    value: str | None


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a dataset: conforms or not, and every result."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    report_turtle: str
    triples_validated: int
    engine: str

    def to_json(self) -> str:
        payload = {
            "conforms": self.conforms,
            "engine": self.engine,
            "triplesValidated": self.triples_validated,
            "results": [asdict(r) for r in self.results],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _graph_from_quads(quads: list[ox.Quad]) -> rdflib.Graph:
    data = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


def load_shapes(shapes_path: Path) -> rdflib.Graph:
    """Parse the shapes graph; a syntax error names the file and line."""
    graph = rdflib.Graph()
    try:
        graph.parse(shapes_path, format="turtle")
    except FileNotFoundError as error:
        raise ShapesError("shapes file not found", path=shapes_path, hint="pass --shapes") from error
    except Exception as error:  # rdflib raises several parser-specific types
        raise ShapesError(f"cannot parse shapes: {error}", path=shapes_path, hint="fix the Turtle") from error
    return graph


def validate_store(
    store: ox.Store,
    *,
    shapes_path: Path,
    ontology_graph: str | None,
    engine: str = "pyshacl",
) -> ValidationReport:
    """Validate every graph of ``store`` except ``ontology_graph`` (used as the ontology)."""
    data_quads: list[ox.Quad] = []
    ontology_quads: list[ox.Quad] = []
    for quad in store.quads_for_pattern(None, None, None):
        is_ontology = isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value == ontology_graph
        (ontology_quads if is_ontology else data_quads).append(quad)
    return validate_graphs(
        _graph_from_quads(data_quads),
        shapes=load_shapes(shapes_path),
        ontology=_graph_from_quads(ontology_quads),
        engine=engine,
    )


def validate_graphs(
    data: rdflib.Graph,
    *,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph | None,
    engine: str = "pyshacl",
) -> ValidationReport:
    """Run the SHACL engine and turn its report graph into typed results."""
    if engine != "pyshacl":
        raise ShapesError(f"unknown validation engine {engine!r}", hint="use --engine pyshacl")
    conforms, report_graph, _ = pyshacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
    )
    assert isinstance(report_graph, rdflib.Graph)
    return ValidationReport(
        conforms=bool(conforms),
        results=tuple(sorted(_results(report_graph))),
        report_turtle=report_graph.serialize(format="turtle"),
        triples_validated=len(data),
        engine=engine,
    )


def _results(report: rdflib.Graph) -> list[ValidationResult]:
    results = []
    for node in report.subjects(rdflib.RDF.type, _SH.ValidationResult):
        path = report.value(node, _SH.resultPath)
        value = report.value(node, _SH.value)
        message = report.value(node, _SH.resultMessage)
        results.append(
            ValidationResult(
                focus_node=str(report.value(node, _SH.focusNode)),
                path=_path_text(report, path) if path is not None else None,
                constraint=str(report.value(node, _SH.sourceConstraintComponent)),
                severity=str(report.value(node, _SH.resultSeverity)),
                message=str(message) if message is not None else "",
                source_shape=str(report.value(node, _SH.sourceShape)),
                value=str(value) if value is not None else None,
            )
        )
    return results


def _path_text(report: rdflib.Graph, path: rdflib.term.Node) -> str:
    if isinstance(path, rdflib.URIRef):
        return str(path)
    inverse = report.value(path, _SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    return str(path)
