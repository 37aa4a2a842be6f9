"""Write a ``QueryResult`` as text: the W3C result formats, a terminal table, JSON lines, RDF.

SPARQL 1.1 Query Results JSON, XML, CSV and TSV are written by pyoxigraph's own result
serialisers (``QueryResultsFormat``); ``table`` (for people) and ``jsonl`` (one JSON object
of plain values per row) are ours; ``turtle``/``ntriples`` carry the triples of CONSTRUCT
and DESCRIBE. When the result carries labels (``--lang``), the table shows the label
beside each IRI, and the other formats add a ``<column>Label`` variable after each column
that has any.

CSV is for spreadsheets, which run a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return as a formula (CSV injection): ``render_csv``, the one CSV writer of
``query --format csv`` and of every CSV ``civicgraph serve`` sends, prefixes such a cell
with ``'`` as OWASP advises, unless the whole cell is a number (``-5``, ``+1.5e3``), which
a spreadsheet reads as a number, not a formula.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence

import pyoxigraph as ox

from civicgraph.errors import QueryError
from civicgraph.formats import Format, Writer, find_format, query_formats, rdf_formats, write_rdf
from civicgraph.iris import Iris
from civicgraph.query import QueryResult, shorten_iri
from civicgraph.sparql.binding import Term
from civicgraph.sparql.text import QueryForm

MAX_CELL = 60
"""Widest table cell, in terminal columns; longer text is cut with an ellipsis."""


def render_result(result: QueryResult, output_format: str, *, iris: Iris) -> str:
    """The result as text in the format named ``output_format`` (``civicgraph query``)."""
    chosen = find_format(output_format, query_formats())
    if chosen is None:
        names = ", ".join(f.name for f in query_formats())
        raise QueryError(f"unknown format {output_format!r}", hint=f"formats: {names}")
    return write_result(result, chosen, iris=iris).decode("utf-8")


def write_result(result: QueryResult, chosen: Format, *, iris: Iris) -> bytes:
    """The result's bytes in ``chosen``: the one writer of ``civicgraph query`` and of every
    answer ``civicgraph serve`` sends. CONSTRUCT and DESCRIBE give RDF (the table shows
    it as Turtle), SELECT and ASK solutions; the other kind is refused."""
    if result.form.gives_rdf:
        if chosen.writer is Writer.TABLE:
            chosen = rdf_formats()[0]
        if chosen.rdf is None:
            raise QueryError(
                f"a {result.form.value} query gives RDF, not {chosen.name}",
                hint=f"use --format {', '.join(f.name for f in rdf_formats())}",
            )
        return _rdf(result.triples, chosen, iris=iris)
    if chosen.rdf is not None:
        solution_formats = [f.name for f in query_formats() if f.rdf is None]
        raise QueryError(
            f"a {result.form.value} query gives solutions, not RDF",
            hint=f"use --format {', '.join(solution_formats)}",
        )
    if result.form is QueryForm.ASK:
        return _render_boolean(bool(result.boolean), chosen)
    if chosen.writer is Writer.TABLE:
        return render_table(result, iris=iris).encode("utf-8")
    return _render_rows(*_with_labels(result), chosen)


def _render_rows(
    variables: Sequence[str], rows: Sequence[tuple[Term | None, ...]], chosen: Format
) -> bytes:
    if chosen.writer is Writer.CSV:
        return render_csv(variables, rows)
    if chosen.results == ox.QueryResultsFormat.TSV:
        # a spreadsheet opens TSV as it opens CSV, quotes taken off: the same defusing
        rows = [tuple(_as_text_cell(term) for term in row) for row in rows]
    if chosen.results is not None:
        return _serialize(_solutions(variables, rows), chosen.results)
    return _jsonl(variables, rows).encode("utf-8")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection")."""
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def render_csv(variables: Sequence[str], rows: Sequence[tuple[Term | None, ...]]) -> bytes:
    """SPARQL 1.1 CSV results, every cell a spreadsheet would run as a formula made text."""
    defused = [tuple(_as_text_cell(term) for term in row) for row in rows]
    output = _solutions(variables, defused).serialize(format=ox.QueryResultsFormat.CSV)
    assert output is not None
    return output


def _as_text_cell(term: Term | None) -> Term | None:
    """A literal whose text begins a formula, with ``'`` before it; any other term as it is
    (an IRI begins with its scheme's letter, a blank node with ``_:``)."""
    if not isinstance(term, ox.Literal):
        return term
    text = term.value
    if not text.startswith(_FORMULA_START) or _NUMBER.fullmatch(text):
        return term
    return ox.Literal("'" + text)


def _solutions(
    variables: Sequence[str], rows: Sequence[tuple[Term | None, ...]]
) -> ox.QuerySolutions:
    """The rows as pyoxigraph solutions, so that its serialisers write every format.

    pyoxigraph cannot build solutions from Python, but it reads them back: TSV cells are
    terms in N-Triples syntax, which is exactly what pyoxigraph prints for a term (escapes
    included), so this is the one small writer, and the parser checks what it wrote.
    """
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join("" if t is None else str(t) for t in row) for row in rows)
    parsed = ox.parse_query_results(
        ("\n".join(lines) + "\n").encode("utf-8"), format=ox.QueryResultsFormat.TSV
    )
    assert isinstance(parsed, ox.QuerySolutions)
    return parsed


def _serialize(answer: ox.QuerySolutions | ox.QueryBoolean, fmt: ox.QueryResultsFormat) -> bytes:
    output = answer.serialize(format=fmt)
    assert output is not None
    # JSON and XML end without a line break; a terminal prompt would follow on that line
    return output if output.endswith(b"\n") else output + b"\n"


def _jsonl(variables: Sequence[str], rows: Sequence[tuple[Term | None, ...]]) -> str:
    return "".join(
        json.dumps(
            {v: _plain(t) for v, t in zip(variables, row, strict=True) if t is not None},
            ensure_ascii=False,
        )
        + "\n"
        for row in rows
    )


def _render_boolean(value: bool, chosen: Format) -> bytes:
    if chosen.results is not None:
        # an empty store answers ASK {} with true and ASK { FILTER(false) } with false:
        # the way to get a QueryBoolean pyoxigraph will serialise
        answer = ox.Store().query("ASK {}" if value else "ASK { FILTER(false) }")
        assert isinstance(answer, ox.QueryBoolean)
        return _serialize(answer, chosen.results)
    return ("true" if value else "false").encode("utf-8") + b"\n"


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


def _plain(term: Term) -> str:
    """The plain text of a term: IRIs and literals as their text, blank nodes as _:b."""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return str(term.value)


def _rdf(triples: Sequence[ox.Triple], chosen: Format, *, iris: Iris) -> bytes:
    # sorted: the same answer in the same bytes, whichever order the store gave
    return write_rdf(sorted(triples, key=str), chosen, prefixes=iris.prefixes())


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


def _cell(term: Term | None, result: QueryResult, *, iris: Iris) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        short = shorten_iri(term.value, iris=iris)
        label = result.labels.get(term.value)
        return f"{label} ({short})" if label else short
    if isinstance(term, ox.Literal):
        return str(term.value)
    return _plain(term)


def render_table(result: QueryResult, *, iris: Iris) -> str:
    """Aligned columns for a terminal; IRIs shortened (``civ:``, ``person/…``), labels shown."""
    header = list(result.variables)
    body = [[_cell(t, result, iris=iris) for t in row] for row in result.rows]
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


__all__ = [
    "display_width",
    "render_csv",
    "render_result",
    "render_table",
    "write_result",
]
