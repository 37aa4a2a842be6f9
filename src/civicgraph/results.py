"""Write a ``QueryResult`` as text: the W3C result formats, a terminal table, JSON lines, RDF.

Formats: SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/),
CSV and TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/); ``table`` for people;
``jsonl`` one JSON object of plain values per row; ``turtle``/``ntriples`` for the triples
of CONSTRUCT and DESCRIBE. When the result carries labels (``--lang``), the table shows
the label beside each IRI, and the other formats add a ``<column>Label`` variable after
each column that has any.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Sequence

import pyoxigraph as ox

from civicgraph import iris
from civicgraph.errors import QueryError
from civicgraph.namespaces import PREFIXES
from civicgraph.query import QueryForm, QueryResult, Term, shorten_iri

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "turtle", "ntriples")
GRAPH_FORMATS = ("turtle", "ntriples")
MAX_CELL = 60
"""Widest table cell, in terminal columns; longer text is cut with an ellipsis."""


def render_result(result: QueryResult, output_format: str, *, base: str = iris.DEFAULT_BASE) -> str:
    """The result as text in ``output_format``."""
    if result.form in {QueryForm.CONSTRUCT, QueryForm.DESCRIBE}:
        if output_format == "ntriples":
            return _rdf(result.triples, ox.RdfFormat.N_TRIPLES, base=base)
        if output_format in {"turtle", "table"}:
            return _rdf(result.triples, ox.RdfFormat.TURTLE, base=base)
        raise QueryError(
            f"a {result.form.value} query gives RDF, not {output_format}",
            hint="use --format turtle or ntriples",
        )
    if output_format in GRAPH_FORMATS:
        raise QueryError(
            f"a {result.form.value} query gives solutions, not RDF",
            hint="use --format table, csv, tsv, json or jsonl",
        )
    if result.form is QueryForm.ASK:
        return _render_boolean(bool(result.boolean), output_format)
    variables, rows = _with_labels(result)
    writers = {"json": _json, "csv": _csv, "tsv": _tsv, "jsonl": _jsonl}
    if output_format in writers:
        return writers[output_format](variables, rows)
    if output_format == "table":
        return render_table(result, base=base)
    raise QueryError(f"unknown format {output_format!r}", hint=f"formats: {', '.join(FORMATS)}")


def _jsonl(variables: Sequence[str], rows: Sequence[tuple[Term | None, ...]]) -> str:
    return "".join(
        json.dumps(
            {v: _plain(t) for v, t in zip(variables, row, strict=True) if t is not None},
            ensure_ascii=False,
        )
        + "\n"
        for row in rows
    )


def _render_boolean(value: bool, output_format: str) -> str:
    if output_format == "json":
        return json.dumps({"head": {}, "boolean": value}) + "\n"
    return ("true" if value else "false") + "\n"


def _with_labels(
    result: QueryResult,
) -> tuple[list[str], list[tuple[Term | None, ...]]]:
    """Variables and rows with a ``<name>Label`` column after each column that has labels."""
    if not result.labels:
        return list(result.variables), list(result.rows)
    labelled = [
        any(isinstance(t, ox.NamedNode) and t.value in result.labels for t in result.column(v))
        for v in result.variables
    ]
    variables: list[str] = []
    for name, has in zip(result.variables, labelled, strict=True):
        variables.append(name)
        if has:
            variables.append(f"{name}Label")
    rows: list[tuple[Term | None, ...]] = []
    for row in result.rows:
        cells: list[Term | None] = []
        for term, has in zip(row, labelled, strict=True):
            cells.append(term)
            if has:
                label = result.labels.get(term.value) if isinstance(term, ox.NamedNode) else None
                cells.append(ox.Literal(label) if label is not None else None)
        rows.append(tuple(cells))
    return variables, rows


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _json(variables: Sequence[str], rows: Sequence[tuple[Term | None, ...]]) -> str:
    bindings = [
        {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
        for row in rows
    ]
    document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _plain(term: Term) -> str:
    """The CSV form of a term (§ 3.2): IRIs and literals as their text, blank nodes as _:b."""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return str(term.value)


def _csv(variables: Sequence[str], rows: Sequence[tuple[Term | None, ...]]) -> str:
    buffer = io.StringIO()
    # the W3C CSV format asks for CRLF line ends
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if t is None else _plain(t) for t in row])
    return buffer.getvalue()


def _tsv(variables: Sequence[str], rows: Sequence[tuple[Term | None, ...]]) -> str:
    # TSV cells are terms in SPARQL/Turtle syntax, which pyoxigraph writes with escapes;
    # tabs and newlines inside literals come out as \t and \n, keeping one row per line
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
    return "\n".join(lines) + "\n"


def _rdf(triples: Sequence[ox.Triple], rdf_format: ox.RdfFormat, *, base: str) -> str:
    prefixes = dict(PREFIXES)
    prefixes["id"] = f"{iris.normalise_base(base)}/id/"
    output = ox.serialize(
        triples,
        format=rdf_format,
        prefixes=prefixes if rdf_format == ox.RdfFormat.TURTLE else None,
    )
    assert output is not None
    return output.decode("utf-8")


# -- the terminal table -------------------------------------------------------------------


def display_width(text: str) -> int:
    """Terminal columns the text takes: combining marks none, wide (CJK) characters two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf"}:
            continue
        width += 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1
    return width


def _fit(text: str, width: int) -> str:
    """Cut to ``width`` terminal columns (with …) and pad to exactly that width."""
    text = " ".join(text.split())  # newlines would break the grid
    if display_width(text) > width:
        cut = ""
        for char in text:
            if display_width(cut + char) > width - 1:
                break
            cut += char
        text = cut + "…"
    return text + " " * (width - display_width(text))


def _cell(term: Term | None, result: QueryResult, *, base: str) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        short = shorten_iri(term.value, base=base)
        label = result.labels.get(term.value)
        return f"{label} ({short})" if label else short
    if isinstance(term, ox.Literal):
        return str(term.value)
    return _plain(term)


def render_table(result: QueryResult, *, base: str = iris.DEFAULT_BASE) -> str:
    """Aligned columns for a terminal; IRIs shortened (``civ:``, ``person/…``), labels shown."""
    header = list(result.variables)
    body = [[_cell(t, result, base=base) for t in row] for row in result.rows]
    widths = [
        min(
            MAX_CELL,
            max([display_width(h)] + [display_width(" ".join(r[i].split())) for r in body]),
        )
        for i, h in enumerate(header)
    ]
    lines = [
        "  ".join(_fit(h, w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("─" * w for w in widths),
    ]
    lines.extend(
        "  ".join(_fit(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in body
    )
    count = len(result.rows)
    lines.append(f"({count} row{'s' if count != 1 else ''})")
    return "\n".join(lines) + "\n"


__all__ = ["FORMATS", "GRAPH_FORMATS", "display_width", "render_result", "render_table"]
