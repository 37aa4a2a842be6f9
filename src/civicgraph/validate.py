"""Validate the dataset against ``ontology/shapes.ttl`` (W3C SHACL, §3 validation report).

Three engines, one typed report:

- ``pyshacl``: the reference engine (pure Python, over an rdflib graph);
- ``pyshacl-turbo``: pySHACL's API with the validation in Rust, fed straight from Oxigraph;
- ``pyrudof``: rudof's native SHACL validator, fed N-Triples.

The data graph is every named graph but the ontology. pySHACL gets the ontology as its
``ont_graph`` (it mixes it into a copy of the data graph) so that ``sh:targetClass``
reaches instances of subclasses through ``rdfs:subClassOf`` (SHACL §2.1.3.3); the Rust
engines get the same union directly. The store's graphs are serialised by Oxigraph, never
walked triple by triple in Python.

Results of different engines are compared by (focus node, path, constraint component):
blank-node ids of shapes and the wording of messages are engine-specific.

``triples_validated`` has one definition for every engine: the statements of the data
graphs handed over, ontology excluded, a triple stated in two named graphs counted in
each (as ``stats`` counts triples per graph). Data with no statement is refused
(``EmptyDataError``): "conforms" would be said of nothing.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from pyshacl import validate as pyshacl_validate

from civicgraph import validate_parts
from civicgraph.errors import EmptyDataError, ShapesError
from civicgraph.memory import release_free_memory
from civicgraph.snapshot import NTRIPLES_FILE, Snapshot
from civicgraph.validate_parts import (
    VALUE_CLASS,
    Part,
    PartShapes,
    TypeIndex,
    cut_parts,
    focus_term,
    shapes_scope,
)

_SH = rdflib.namespace.SH
_SH_NS = str(_SH)

ENGINES = ("pyshacl", "pyshacl-turbo", "pyrudof")
"""Validation engines ``engine=`` accepts."""


def _default_engine() -> str:
    return "pyshacl-turbo" if importlib.util.find_spec("pyshacl_turbo") is not None else "pyshacl"


DEFAULT_ENGINE = _default_engine()
"""pyshacl-turbo when installed, else the reference pyshacl. The fast engine is the default
because ``tests/test_validate_engines.py`` proves it returns pyshacl's result set on the real
data, the shapes fixtures and a corpus with violations of every shape; keep it so."""

_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"(@[A-Za-z0-9-]+|\^\^\S+)?')


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

    @property
    def key(self) -> tuple[str, str | None, str]:
        """What engines must agree on: (focus node, path, constraint component)."""
        return (self.focus_node, self.path, self.constraint)


def _in_order(results: Iterable[ValidationResult]) -> tuple[ValidationResult, ...]:
    """Results sorted by their fields, a missing path or value first (results about one
    node with and without a path cannot be compared field by field)."""
    return tuple(
        sorted(
            results,
            key=lambda r: (
                r.focus_node,
                r.path or "",
                r.constraint,
                r.severity,
                r.message,
                r.source_shape,
                r.value or "",
            ),
        )
    )


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a dataset: conforms or not, and every result."""

    conforms: bool
    results: tuple[ValidationResult, ...]
    report_turtle: str
    triples_validated: int
    """Statements of the data graphs (ontology excluded), each named graph counted."""
    engine: str

    @property
    def keys(self) -> set[tuple[str, str | None, str]]:
        """The set of (focus node, path, constraint component) of every result."""
        return {result.key for result in self.results}

    def to_json(self) -> str:
        payload = {
            "conforms": self.conforms,
            "engine": self.engine,
            "triplesValidated": self.triples_validated,
            "results": [asdict(r) for r in self.results],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def load_shapes(shapes_path: Path) -> rdflib.Graph:
    """Parse the shapes graph; a syntax error names the file and line."""
    graph = rdflib.Graph()
    try:
        graph.parse(shapes_path, format="turtle")
    except FileNotFoundError as error:
        raise ShapesError(
            "shapes file not found", path=shapes_path, hint="pass --shapes"
        ) from error
    except Exception as error:  # rdflib raises several parser-specific types
        raise ShapesError(
            f"cannot parse shapes: {error}", path=shapes_path, hint="fix the Turtle"
        ) from error
    return graph


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ShapesError(
            f"unknown validation engine {engine!r}", hint=f"use one of: {', '.join(ENGINES)}"
        )


def _statements(data: bytes) -> int:
    """N-Triples statements of ``data``: one per line, the last one maybe unterminated."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def _require_data(statements: int) -> None:
    if statements == 0:
        raise EmptyDataError(
            "nothing was validated: the data graphs hold no triple",
            hint="build first (civicgraph build), or check the endpoint and --base",
        )


def snapshot_ntriples(snapshot: Snapshot, *, ontology_graph: str | None) -> tuple[bytes, bytes]:
    """(data, ontology) of a snapshot as N-Triples: every graph but the ontology, and it."""
    excluded = [ontology_graph] if ontology_graph is not None else []
    ontology = snapshot.graph_ntriples(ontology_graph) if ontology_graph is not None else b""
    return snapshot.ntriples_except(excluded), ontology


def validate_store(
    store: ox.Store,
    *,
    shapes_path: Path,
    ontology_graph: str | None,
    engine: str = DEFAULT_ENGINE,
) -> ValidationReport:
    """Validate every graph of ``store`` except ``ontology_graph`` (used as the ontology)."""
    _check_engine(engine)
    return validate_snapshot(
        Snapshot.from_store(store),
        shapes_path=shapes_path,
        ontology_graph=ontology_graph,
        engine=engine,
    )


def validate_snapshot(
    snapshot: Snapshot,
    *,
    shapes_path: Path,
    ontology_graph: str | None,
    engine: str = DEFAULT_ENGINE,
    part_triples: int | None = None,
) -> ValidationReport:
    """Validate a snapshot's graphs but ``ontology_graph`` (used as the ontology).

    A snapshot of more than ``part_triples`` statements (``validate_parts.PART_TRIPLES``;
    0: never) is validated part by part when the shapes allow it, with the report of the
    whole (civicgraph.validate_parts); else whole.
    Whole, the Rust engines get the snapshot's union N-Triples as read from the file: no
    copy of the data graph, no sort.
    """
    _check_engine(engine)
    statements = sum(b.triples for b in snapshot.graphs if b.name != ontology_graph)
    _require_data(statements)
    if part_triples is None:
        part_triples = validate_parts.PART_TRIPLES
    if part_triples and snapshot.quad_count > part_triples:
        shapes = load_shapes(shapes_path)
        scope = shapes_scope(shapes)
        if scope.reason is None:
            return _validate_parts(
                snapshot,
                shapes=shapes,
                deep=scope.deep,
                ontology_graph=ontology_graph,
                engine=engine,
                part_triples=part_triples,
                statements=statements,
            )
    if engine == "pyshacl":
        data, ontology = snapshot_ntriples(snapshot, ontology_graph=ontology_graph)
        return validate_ntriples(data, ontology=ontology, shapes_path=shapes_path, engine=engine)
    return _validate_union(
        snapshot.ntriples_text(), shapes_path, engine=engine, statements=statements
    )


_ALLOWED_SEVERITIES = {str(_SH.Warning), str(_SH.Info)}
"""Severities that leave a graph conforming (``allow_warnings``, ``allow_infos``)."""


def _validate_parts(
    snapshot: Snapshot,
    *,
    shapes: rdflib.Graph,
    deep: frozenset[bytes],
    ontology_graph: str | None,
    engine: str,
    part_triples: int,
    statements: int,
) -> ValidationReport:
    """Each part with the ontology; the results about the part's own subjects kept."""
    ontology = snapshot.graph_ntriples(ontology_graph) if ontology_graph is not None else b""
    index = TypeIndex(snapshot.chunks(NTRIPLES_FILE))
    part_shapes = PartShapes(shapes)
    ontology += part_shapes.axioms(index)
    results: list[ValidationResult] = []
    report = rdflib.Graph()
    report_node = rdflib.BNode()
    for part in cut_parts(snapshot, index, size=part_triples, deep=deep):
        data = part.statements + part.types
        if engine == "pyshacl":
            found = validate_graphs(
                _rdflib_graph(data),
                shapes=part_shapes.graph,
                ontology=_rdflib_graph(ontology),
                engine=engine,
            )
        else:
            found = _validate_text(
                (data + ontology).decode("utf-8"), part_shapes.turtle, engine=engine, statements=1
            )
        kept = [
            replace(r, message=part_shapes.restore(r.message))
            for r in found.results
            if focus_term(r.focus_node) in part.focus
        ]
        if kept:
            results.extend(kept)
            _copy_results(found.report_turtle, part, part_shapes, report, report_node)
        del found, data, part
        release_free_memory()  # the engine's graph of this part, before the next one's
    conforms = all(result.severity in _ALLOWED_SEVERITIES for result in results)
    report.add((report_node, rdflib.RDF.type, _SH.ValidationReport))
    report.add((report_node, _SH.conforms, rdflib.Literal(conforms)))
    return ValidationReport(
        conforms=conforms,
        results=_in_order(results),
        report_turtle=report.serialize(format="turtle"),
        triples_validated=statements,
        engine=engine,
    )


def _copy_results(
    turtle: str, part: Part, shapes: PartShapes, into: rdflib.Graph, report: rdflib.BNode
) -> None:
    """Copy the result nodes about the part's own nodes (with the blank nodes they hold)
    from its report into the report of the whole."""
    found = rdflib.Graph().parse(data=turtle, format="turtle")
    for result in found.objects(None, _SH.result):
        focus = found.value(result, _SH.focusNode)
        if focus is None or focus_term(str(focus)) not in part.focus:
            continue
        into.add((report, _SH.result, result))
        todo = [result]
        while todo:
            node = todo.pop()
            for predicate, value in found.predicate_objects(node):
                if isinstance(value, rdflib.Literal) and VALUE_CLASS in value:
                    value = rdflib.Literal(  # noqa: PLW2901 - the message as the whole words it
                        shapes.restore(str(value)), lang=value.language, datatype=value.datatype
                    )
                into.add((node, predicate, value))
                if isinstance(value, rdflib.BNode) and value != node:
                    todo.append(value)


def validate_ntriples(
    data: bytes,
    *,
    ontology: bytes | None,
    shapes_path: Path,
    engine: str = DEFAULT_ENGINE,
) -> ValidationReport:
    """Validate N-Triples ``data`` (with ``ontology`` for subclass targets) with ``engine``."""
    _check_engine(engine)
    statements = _statements(data)
    _require_data(statements)
    if engine == "pyshacl":
        return validate_graphs(
            _rdflib_graph(data),
            shapes=load_shapes(shapes_path),
            ontology=_rdflib_graph(ontology or b""),
            engine=engine,
            statements=statements,
        )
    union = (data + (ontology or b"")).decode("utf-8")
    return _validate_union(union, shapes_path, engine=engine, statements=statements)


def _validate_union(
    union: str, shapes_path: Path, *, engine: str, statements: int
) -> ValidationReport:
    try:
        shapes_text = shapes_path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ShapesError(
            "shapes file not found", path=shapes_path, hint="pass --shapes"
        ) from error
    return _validate_text(union, shapes_text, engine=engine, statements=statements)


def _validate_text(
    union: str, shapes_text: str, *, engine: str, statements: int
) -> ValidationReport:
    if engine == "pyshacl-turbo":
        return _validate_turbo(union, shapes_text, statements=statements)
    return _validate_rudof(union, shapes_text, statements=statements)


def _rdflib_graph(data: bytes) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


def validate_graphs(
    data: rdflib.Graph,
    *,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph | None,
    engine: str = DEFAULT_ENGINE,
    statements: int | None = None,
) -> ValidationReport:
    """Run pySHACL (the reference) and turn its report graph into typed results.

    ``statements`` is what ``triples_validated`` reports when the graph was merged from
    N-Triples that stated a triple more than once; by default the graph's size.
    """
    if engine != "pyshacl":
        raise ShapesError(
            f"validate_graphs runs pyshacl only, not {engine!r}",
            hint="use validate_store or validate_ntriples",
        )
    statements = len(data) if statements is None else statements
    _require_data(statements)
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
        results=_in_order(_results(report_graph)),
        report_turtle=report_graph.serialize(format="turtle"),
        triples_validated=statements,
        engine=engine,
    )


def _turbo_input(union: str) -> object:
    """The N-Triples handed to pyshacl-turbo's Rust parser as they are.

    Its public API takes text through rdflib or a pyoxigraph store that it dumps again:
    at a million triples either costs more than the validation. Its own input record
    skips both; an older or newer release without it gets the store.
    """
    try:
        from pyshacl_turbo.rdf import Input  # noqa: PLC0415
    except ImportError:
        store = ox.Store()
        store.bulk_load(union, ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
        return store
    return Input(union, "nt", None, {}, preserve_ids=True)


def _validate_turbo(union: str, shapes_text: str, *, statements: int) -> ValidationReport:
    import pyshacl_turbo  # noqa: PLC0415 - optional engine, imported only when chosen

    try:
        conforms, report_graph, _ = pyshacl_turbo.validate(
            _turbo_input(union),
            shacl_graph=shapes_text,
            shacl_graph_format="turtle",
            inference="none",
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
        )
    except Exception as error:  # the engine raises its own runtime error types
        raise ShapesError(
            f"pyshacl-turbo could not validate: {error}", hint="try --engine pyshacl"
        ) from error
    assert isinstance(report_graph, rdflib.Graph)
    return ValidationReport(
        conforms=bool(conforms),
        results=_in_order(_results(report_graph)),
        report_turtle=report_graph.serialize(format="turtle"),
        triples_validated=statements,
        engine="pyshacl-turbo",
    )


def _validate_rudof(union: str, shapes_text: str, *, statements: int) -> ValidationReport:
    try:
        import pyrudof  # noqa: PLC0415 - optional engine, imported only when chosen
    except ImportError as error:
        raise ShapesError(
            "the pyrudof engine is not installed",
            hint="pip install 'civicgraph[rudof]', or use --engine pyshacl",
        ) from error

    session: Any = pyrudof.Rudof(pyrudof.RudofConfig())
    try:
        session.read_data(union, format=pyrudof.RDFFormat.NTriples)
        session.read_shacl(shapes_text)
        report = session.validate_shacl()
        turtle = session.serialize_shacl_validation_results(
            format=pyrudof.ResultShaclValidationFormat.Turtle
        )
    except Exception as error:  # pyrudof raises one exception type per subsystem
        raise ShapesError(
            f"pyrudof could not validate: {error}", hint="try --engine pyshacl"
        ) from error
    results = [
        ValidationResult(
            focus_node=_rudof_term(str(entry.focus_node)),
            path=_rudof_term(str(entry.path)) if entry.path is not None else None,
            constraint=_rudof_term(str(entry.constraint_component)),
            severity=_SH_NS + str(entry.severity),
            message=_rudof_message(str(entry.message or "")),
            source_shape=_rudof_term(str(entry.source_shape)),
            value=_rudof_value(entry.value),
        )
        for entry in report
    ]
    return ValidationReport(
        conforms=bool(report.conforms),
        results=_in_order(results),
        report_turtle=str(turtle),
        triples_validated=statements,
        engine="pyrudof",
    )


def _rudof_term(text: str) -> str:
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    if text.startswith("sh:"):
        return _SH_NS + text[3:]
    return text


def _rudof_value(value: object) -> str | None:
    if value is None:
        return None
    text = str(value)
    match = _QUOTED.fullmatch(text)
    return match.group(1) if match is not None else _rudof_term(text)


def _rudof_message(text: str) -> str:
    """The shape's own ``sh:message`` (language-tagged) when rudof adds its own words too."""
    quoted: list[tuple[str, str]] = _QUOTED.findall(text)
    tagged = [body for body, suffix in quoted if suffix.startswith("@")]
    if tagged:
        return tagged[0]
    return quoted[0][0] if quoted else text


def _results(report: rdflib.Graph) -> list[ValidationResult]:
    """The report's results (``sh:result``, SHACL §3.6); the results an engine nests in
    them as ``sh:detail`` (why an ``sh:node`` or ``sh:or`` failed) are not the report's."""
    results = []
    for node in report.objects(None, _SH.result):
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
