"""Run the named SPARQL queries of ``queries/*.rq`` (or any ``.rq`` file) with bound parameters.

Implements SPARQL 1.1 Query (§10.2 ``VALUES`` for binding) against the embedded Oxigraph
store or any endpoint speaking the SPARQL 1.1 Protocol (§2.1: ``default-graph-uri`` sets
the dataset). Each file starts with a header of ``# key: value`` comment lines::

    # title: Who opened an event
    # description: Participants whose role at the event is opener or chair.
    # param: event: id? -- the event; every event when left out
    # param: asOf: date = 2025-04-03 -- the day to look at
    # column: opener -- the person or group who opened it

A parameter is ``name: type`` with ``?`` when it may be left unbound, ``= default`` for a
default, and ``-- text`` for its description. Types: ``iri``, ``id`` (an entity id such as
``person/maulen-ashimbayev``, minted with the project base), ``string``, ``text`` (a
language-tagged literal ``value@kk``), ``lang`` (a language tag), ``date``, ``integer``.

Values are never pasted into the query text: each is parsed into an RDF term and the
terms are written with the store's own N-Triples/SPARQL serialiser into a ``VALUES`` block
at the start of the outermost ``WHERE`` group, so the parameters are visible to every
pattern and ``FILTER`` of that group (not inside sub-``SELECT``s, which have their own scope).

The dataset: catalogue queries are written against a default graph that is the union of
all named graphs (``ontology``, ``entities``, ``provenance``, ``links``, ``source/<id>``), and
use ``GRAPH ?g`` only when they want to know which graph a triple is in. The embedded
store is queried with ``use_default_graph_as_union``; on an endpoint the runner lists the
named graphs and passes each as ``default-graph-uri`` (a standard Protocol parameter), so
the same query gives the same answers on any SPARQL 1.1 endpoint, whether or not it was
started with a union default graph. A triple stated in two graphs appears twice in that
union, which is why the catalogue's queries use ``DISTINCT``.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TypeAlias

import pyoxigraph as ox

from civicgraph import iris
from civicgraph.errors import QueryError
from civicgraph.namespaces import PREFIXES, XSD
from civicgraph.records import ID_PATTERN
from civicgraph.sparql.client import Endpoint, SparqlClient, resolve_endpoint

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

DEFAULT_CATALOGUE = Path("queries")
"""Where the named queries live, relative to the project folder."""

PARAM_TYPES = ("iri", "id", "string", "text", "lang", "date", "integer")
LABEL_FALLBACK = ("en", "kk", "ru")
"""Label languages tried, in order, after the one asked for."""

_HEADER_LINE = re.compile(r"^#\s*([a-z]+)\s*:\s?(.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*:\s*(?P<type>[a-z]+)(?P<optional>\?)?"
    r"(?:\s*=\s*(?P<default>.*?))?(?:\s+--\s+(?P<doc>.*))?\s*$"
)
_COLUMN = re.compile(r"^\??(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:\s+--\s+(?P<doc>.*))?\s*$")
_SYNTAX_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)
_LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class QueryForm(StrEnum):
    """The four SPARQL query forms (SPARQL 1.1 Query §16)."""

    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"


class QuerySyntaxError(QueryError):
    """The query text is not SPARQL 1.1; carries the file, line and column."""

    def __init__(
        self, message: str, *, path: Path | str | None, line: int, column: int, hint: str | None
    ) -> None:
        super().__init__(message, path=path, line=line, hint=hint)
        self.column = column

    def __str__(self) -> str:
        where = f"{self.path or '<query>'}:{self.line}:{self.column}: "
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


@dataclass(frozen=True)
class Parameter:
    """One declared parameter of a query."""

    name: str
    type: str
    default: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional


@dataclass(frozen=True)
class Column:
    """One documented result column."""

    name: str
    description: str = ""


@dataclass(frozen=True)
class CatalogueQuery:
    """A query file: its header and its text."""

    name: str
    text: str
    path: Path | None = None
    title: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    columns: tuple[Column, ...] = ()
    form: QueryForm = QueryForm.SELECT

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


@dataclass(frozen=True)
class QueryResult:
    """What a query answered: solutions, a boolean or triples, depending on its form."""

    form: QueryForm
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()
    elapsed: float = 0.0
    labels: dict[str, str] = field(default_factory=dict)
    """Chosen label per IRI, when labels were asked for (``lang``)."""

    def column(self, name: str) -> list[Term | None]:
        """The values of one variable, row by row."""
        try:
            index = self.variables.index(name)
        except ValueError as error:
            raise QueryError(
                f"no column {name!r}", hint=f"columns: {', '.join(self.variables)}"
            ) from error
        return [row[index] for row in self.rows]

    def values(self, name: str) -> set[str]:
        """The distinct string values of one variable (IRIs as IRIs, literals as their text)."""
        return {term.value for term in self.column(name) if term is not None}  # type: ignore[union-attr]

    def records(self) -> list[dict[str, Term]]:
        """Each row as a mapping of the bound variables."""
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]


# -- reading the catalogue --------------------------------------------------------------


def load_query(path: Path) -> CatalogueQuery:
    """Read one ``.rq`` file and its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise QueryError(f"cannot read the query: {error.strerror}", path=path) from error
    return parse_query(text, name=path.stem, path=path)


def parse_query(text: str, *, name: str, path: Path | None = None) -> CatalogueQuery:
    """Read the header of a query text; the query body is kept as it is."""
    fields: dict[str, str] = {}
    parameters: list[Parameter] = []
    columns: list[Column] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break  # the header is the leading block of comments
        match = _HEADER_LINE.match(stripped)
        if match is None:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "param":
            parameters.append(_parse_parameter(value, path=path, line=number))
        elif key == "column":
            column = _COLUMN.match(value)
            if column is None:
                raise QueryError(
                    f"bad column line {value!r}", path=path, line=number, hint="write name -- text"
                )
            columns.append(Column(column.group("name"), column.group("doc") or ""))
        elif key in {"title", "description"}:
            # a description may run over several header lines
            fields[key] = f"{fields[key]} {value}" if key in fields else value
    return CatalogueQuery(
        name=name,
        text=text,
        path=path,
        title=fields.get("title", name),
        description=fields.get("description", ""),
        parameters=tuple(parameters),
        columns=tuple(columns),
        form=detect_form(text),
    )


def _parse_parameter(value: str, *, path: Path | None, line: int) -> Parameter:
    match = _PARAM.match(value)
    if match is None or match.group("type") not in PARAM_TYPES:
        raise QueryError(
            f"bad parameter line {value!r}",
            path=path,
            line=line,
            hint=f"write name: type[?] [= default] [-- text]; types: {', '.join(PARAM_TYPES)}",
        )
    default = match.group("default")
    return Parameter(
        name=match.group("name"),
        type=match.group("type"),
        default=default.strip() if default else None,
        optional=bool(match.group("optional")),
        description=(match.group("doc") or "").strip(),
    )


def load_catalogue(folder: Path = DEFAULT_CATALOGUE) -> list[CatalogueQuery]:
    """Every ``.rq`` file of the folder, sorted by name."""
    if not folder.is_dir():
        raise QueryError("no query catalogue here", path=folder, hint="run from the project folder")
    return [load_query(path) for path in sorted(folder.glob("*.rq"))]


def find_query(name: str, folder: Path = DEFAULT_CATALOGUE) -> CatalogueQuery:
    """A catalogue query by name, or a ``.rq`` file by path; unknown names get suggestions."""
    if name.endswith(".rq"):
        path = Path(name)
        if not path.is_file():
            raise QueryError("no such query file", path=path)
        return load_query(path)
    path = folder / f"{name}.rq"
    if path.is_file():
        return load_query(path)
    known = sorted(p.stem for p in folder.glob("*.rq")) if folder.is_dir() else []
    close = difflib.get_close_matches(name, known, n=3, cutoff=0.7)
    hint = (
        "did you mean " + " or ".join(close) + "?"
        if close
        else "'civicgraph queries' lists the catalogue"
    )
    raise QueryError(f"unknown query {name!r}", path=folder, hint=hint)


# -- the text of a query ------------------------------------------------------------------


def _scan(text: str) -> Iterable[tuple[int, str]]:
    """Yield ``(offset, token)`` for braces and bare words outside comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
        elif char == "<" and (iri := _IRIREF.match(text, i)) is not None:
            i = iri.end()
        elif char in "{}":
            yield i, char
            i += 1
        elif char in "?$" or (char.isalnum() and i > 0 and text[i - 1] in ":"):
            # a variable or the local part of a prefixed name: never a keyword
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_-."):
                j += 1
            i = j
        elif (word := _WORD.match(text, i)) is not None:
            token = word.group(0)
            if not text.startswith(":", word.end()):
                yield i, token.upper()
            i = word.end()
        else:
            i += 1


def detect_form(text: str) -> QueryForm:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword outside the prologue."""
    for _, token in _scan(text):
        if token in _FORMS:
            return QueryForm(token)
    return QueryForm.SELECT


def _where_brace(text: str, form: QueryForm) -> int | None:
    """Offset of the ``{`` opening the outermost WHERE group."""
    depth = 0
    seen_where = False
    first_brace: int | None = None
    for offset, lexeme in _scan(text):
        if lexeme == "WHERE" and depth == 0:
            seen_where = True
        elif lexeme == "{":
            if depth == 0:
                if seen_where:
                    return offset
                if first_brace is None:
                    first_brace = offset
            depth += 1
        elif lexeme == "}":
            depth -= 1
    # WHERE is optional in SELECT and ASK; a CONSTRUCT's first brace is its template
    return first_brace if form in {QueryForm.SELECT, QueryForm.ASK} else None


def values_block(bindings: Mapping[str, Term | None]) -> str:
    """A one-row ``VALUES`` block; each term written by pyoxigraph, so quoting is its job."""
    names = " ".join(f"?{name}" for name in bindings)
    cells = " ".join("UNDEF" if term is None else str(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({cells}) }}"


def bind_text(query: CatalogueQuery, bindings: Mapping[str, Term | None]) -> str:
    """The query text with a VALUES block at the start of its WHERE group (lines unchanged)."""
    if not bindings:
        return query.text
    brace = _where_brace(query.text, query.form)
    if brace is None:
        raise QueryError(
            "cannot bind parameters: the query has no WHERE group",
            path=query.path,
            hint="give the query a WHERE { … } clause",
        )
    # one line, no newline: line numbers of the file stay right for later errors
    return f"{query.text[: brace + 1]} {values_block(bindings)} {query.text[brace + 1 :]}"


def check_syntax(query: CatalogueQuery) -> None:
    """Parse the query as written (on an empty store) so errors point into the file."""
    try:
        ox.Store().query(query.text)
    except SyntaxError as error:
        raise _syntax_error(error, query) from error


def _syntax_error(error: SyntaxError, query: CatalogueQuery) -> QueryError:
    message = str(error)
    match = _SYNTAX_POSITION.search(message)
    if match is None:
        return QueryError(f"SPARQL syntax error: {message}", path=query.path)
    line, column, detail = int(match.group(1)), int(match.group(2)), match.group(3).strip()
    return QuerySyntaxError(
        f"SPARQL syntax error: {detail}",
        path=query.path or query.name,
        line=line,
        column=column,
        hint="see https://www.w3.org/TR/sparql11-query/#grammar",
    )


# -- parameters ---------------------------------------------------------------------------


def bind_parameters(
    query: CatalogueQuery, values: Mapping[str, str], *, base: str = iris.DEFAULT_BASE
) -> dict[str, Term | None]:
    """Parse each given (or default) value into an RDF term of its declared type."""
    declared = {p.name for p in query.parameters}
    for name in values:
        if name not in declared:
            close = difflib.get_close_matches(name, sorted(declared), n=3, cutoff=0.5)
            hint = (
                "did you mean " + " or ".join(close) + "?"
                if close
                else (
                    f"its parameters: {', '.join(sorted(declared))}"
                    if declared
                    else "it takes none"
                )
            )
            raise QueryError(
                f"query {query.name!r} has no parameter {name!r}", path=query.path, hint=hint
            )
    bindings: dict[str, Term | None] = {}
    for parameter in query.parameters:
        raw = values.get(parameter.name, parameter.default)
        if raw is None:
            if parameter.required:
                raise QueryError(
                    f"missing required parameter {parameter.name!r} ({parameter.type})",
                    path=query.path,
                    hint=f"pass --param {parameter.name}=…",
                )
            bindings[parameter.name] = None
            continue
        bindings[parameter.name] = parse_value(parameter, raw, base=base, query=query)
    return bindings


def _parse_id(raw: str, base: str) -> Term | str:
    if ID_PATTERN.match(raw):
        return ox.NamedNode(iris.mint_iri(base, raw))
    if "://" in raw:  # a full IRI is accepted where an id is expected
        return _parse_iri(raw, base)
    return "not an entity id|write kind/slug, e.g. person/maulen-ashimbayev"


def _parse_iri(raw: str, base: str) -> Term | str:
    del base
    iri = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        return f"not an IRI ({error})|write an absolute IRI"


def _parse_text(raw: str, base: str) -> Term | str:
    del base
    text, at, lang = raw.rpartition("@")
    if not at or not _LANG_TAG.match(lang):
        return "not a language-tagged text|write text@lang, e.g. мәслихат@kk"
    return ox.Literal(text, language=lang)


def _parse_lang(raw: str, base: str) -> Term | str:
    del base
    if not _LANG_TAG.match(raw):
        return "not a language tag|write a BCP 47 tag such as kk, en or ru"
    return ox.Literal(raw.lower())


def _parse_date(raw: str, base: str) -> Term | str:
    del base
    try:
        date.fromisoformat(raw)
    except ValueError:
        return "not a date|write YYYY-MM-DD"
    if len(raw) != 10:
        return "not a date|write YYYY-MM-DD"
    return ox.Literal(raw, datatype=ox.NamedNode(str(XSD.date)))


def _parse_integer(raw: str, base: str) -> Term | str:
    del base
    if not re.fullmatch(r"[+-]?\d+", raw):
        return "not an integer|write digits, e.g. 2024"
    return ox.Literal(str(int(raw)), datatype=ox.NamedNode(str(XSD.integer)))


_PARSERS: dict[str, Callable[[str, str], Term | str]] = {
    "id": _parse_id,
    "iri": _parse_iri,
    "string": lambda raw, _base: ox.Literal(raw),
    "text": _parse_text,
    "lang": _parse_lang,
    "date": _parse_date,
    "integer": _parse_integer,
}
"""One parser per type: a term, or ``"why|hint"`` when the value is not of the type."""


def parse_value(
    parameter: Parameter, raw: str, *, base: str, query: CatalogueQuery | None = None
) -> Term:
    """One parameter value as a term; anything not of the type is refused, not escaped."""
    parser = _PARSERS.get(parameter.type)
    parsed = (
        parser(raw, base) if parser is not None else f"unknown type|types: {', '.join(PARAM_TYPES)}"
    )
    if isinstance(parsed, str):
        why, _, hint = parsed.partition("|")
        raise QueryError(
            f"parameter {parameter.name!r}: {why}: {raw!r}",
            path=query.path if query is not None else None,
            hint=hint,
        )
    return parsed


# -- running ------------------------------------------------------------------------------


def run_query(
    query: CatalogueQuery,
    *,
    store: ox.Store | None = None,
    endpoint: Endpoint | str | None = None,
    params: Mapping[str, str] | None = None,
    base: str = iris.DEFAULT_BASE,
    lang: str | None = None,
    limit: int | None = None,
) -> QueryResult:
    """Bind, run and collect one query on the store or the endpoint (exactly one of them).

    With ``lang``, each IRI in the answer gets a label in that language, falling back to
    en, kk, ru and then any (``QueryResult.labels``). ``limit`` keeps the first N rows.
    An endpoint given as a URL is resolved as every command resolves it.
    """
    if (store is None) == (endpoint is None):
        raise QueryError("give either a store or an endpoint")
    if isinstance(endpoint, str):
        endpoint = resolve_endpoint(endpoint)
    check_syntax(query)
    bindings = bind_parameters(query, params or {}, base=base)
    text = bind_text(query, bindings)
    started = time.perf_counter()
    if store is not None:
        result = _run_embedded(store, text, query)
    else:
        assert endpoint is not None
        result = _run_endpoint(endpoint, text, query)
    elapsed = time.perf_counter() - started
    rows = result.rows[:limit] if limit is not None else result.rows
    triples = result.triples[:limit] if limit is not None else result.triples
    labels: dict[str, str] = {}
    if lang is not None:
        iri_values = {t.value for row in rows for t in row if isinstance(t, ox.NamedNode)}
        labels = fetch_labels(iri_values, lang=lang, store=store, endpoint=endpoint)
    return QueryResult(
        form=result.form,
        variables=result.variables,
        rows=rows,
        boolean=result.boolean,
        triples=triples,
        elapsed=elapsed,
        labels=labels,
    )


def _collect(
    answer: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, form: QueryForm
) -> QueryResult:
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(form=QueryForm.ASK, boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        variables = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(solution[v] for v in variables) for solution in answer)
        return QueryResult(form=QueryForm.SELECT, variables=variables, rows=rows)
    return QueryResult(form=form, triples=tuple(answer))


def _run_embedded(store: ox.Store, text: str, query: CatalogueQuery) -> QueryResult:
    try:
        answer = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise _syntax_error(error, query) from error
    except OSError as error:
        raise QueryError(f"the store failed: {error}", path=query.path) from error
    return _collect(answer, query.form)


def _endpoint_request(
    endpoint: Endpoint,
    text: str,
    *,
    graph_form: bool,
    default_graphs: Sequence[str],
) -> ox.QuerySolutions | ox.QueryBoolean | bytes:
    """Ask the endpoint through the one client: checked results, or N-Triples bytes."""
    client = SparqlClient(endpoint)
    # naming the default graphs empties the dataset's named graphs (Protocol §2.1.4),
    # so each is named again for the queries that use GRAPH ?g
    if graph_form:
        return client.construct(text, default_graphs=default_graphs, named_graphs=default_graphs)
    return client.results(text, default_graphs=default_graphs, named_graphs=default_graphs)


def list_named_graphs(endpoint: Endpoint) -> list[str]:
    """The endpoint's named graphs, to make their union the default graph of each query."""
    return SparqlClient(endpoint).named_graphs()


def _run_endpoint(endpoint: Endpoint, text: str, query: CatalogueQuery) -> QueryResult:
    graphs = list_named_graphs(endpoint)
    graph_form = query.form in {QueryForm.CONSTRUCT, QueryForm.DESCRIBE}
    answer = _endpoint_request(endpoint, text, graph_form=graph_form, default_graphs=graphs)
    if isinstance(answer, bytes):
        return QueryResult(
            form=query.form, triples=tuple(ox.parse(answer, format=ox.RdfFormat.N_TRIPLES))
        )
    return _collect(answer, query.form)


_LABELS_QUERY = """\
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?s ?label WHERE { ?s rdfs:label ?label }"""


def fetch_labels(
    iri_values: Iterable[str],
    *,
    lang: str,
    store: ox.Store | None = None,
    endpoint: Endpoint | None = None,
) -> dict[str, str]:
    """One label per IRI: in ``lang``, else en, kk, ru, else any, else none."""
    wanted = sorted(iri_values)
    if not wanted:
        return {}
    label_query = CatalogueQuery(name="labels", text=_LABELS_QUERY)
    # each IRI is parsed and written by Oxigraph: an answer from an endpoint is not trusted
    terms = " ".join(str(ox.NamedNode(v)) for v in wanted)
    text = label_query.text.replace("WHERE {", "WHERE { VALUES ?s { " + terms + " }", 1)
    if store is not None:
        found = _run_embedded(store, text, label_query)
    else:
        assert endpoint is not None
        found = _run_endpoint(endpoint, text, label_query)
    order = [lang.lower(), *LABEL_FALLBACK]
    best: dict[str, tuple[int, str]] = {}
    for subject, label in found.rows:
        if subject is None or not isinstance(label, ox.Literal):
            continue
        language = (label.language or "").lower()
        rank = order.index(language) if language in order else len(order)
        current = best.get(subject.value)  # type: ignore[union-attr]
        if current is None or (rank, label.value) < current:
            best[subject.value] = (rank, label.value)  # type: ignore[union-attr]
    return {iri: label for iri, (_, label) in best.items()}


def shorten_iri(iri: str, *, base: str = iris.DEFAULT_BASE) -> str:
    """``civ:Person``, ``person/maulen-ashimbayev``: compact names for tables."""
    entity_id = iris.entity_id_from_iri(base, iri)
    if entity_id is not None:
        return entity_id
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


__all__ = [
    "DEFAULT_CATALOGUE",
    "PARAM_TYPES",
    "CatalogueQuery",
    "Column",
    "Parameter",
    "QueryForm",
    "QueryResult",
    "QuerySyntaxError",
    "Term",
    "bind_parameters",
    "bind_text",
    "catalogue_markdown",
    "check_syntax",
    "detect_form",
    "example_invocation",
    "fetch_labels",
    "find_query",
    "list_named_graphs",
    "load_catalogue",
    "load_query",
    "parse_query",
    "parse_value",
    "run_query",
    "shorten_iri",
]


def example_invocation(query: CatalogueQuery) -> str:
    """A command line that runs the query, with its parameters spelt out."""
    parts = ["civicgraph", "query", query.name]
    for parameter in query.parameters:
        if parameter.required:
            parts.append(f"--param {parameter.name}=…")
        elif parameter.default is not None:
            parts.append(f"--param {parameter.name}={parameter.default}")
    return " ".join(parts)


def catalogue_markdown(queries: Sequence[CatalogueQuery]) -> str:
    """``docs/queries.md``: every query with its title, parameters, columns and an example."""
    lines = [
        "# Query catalogue",
        "",
        "<!-- Generated by `civicgraph queries --markdown > docs/queries.md`; do not edit. -->",
        "",
        "Run a query by name with `civicgraph query NAME`; `--param name=value` binds a",
        "parameter, `--format table|csv|tsv|json|jsonl|turtle|ntriples` picks the output,",
        "`--lang kk|en|ru` the label language (falling back to en, kk, ru), `--limit N` keeps",
        "the first rows, and `--endpoint URL` runs the query on any SPARQL 1.1 endpoint",
        "instead of the embedded store. Any `FILE.rq` can be run the same way.",
        "",
        "The queries see the union of all named graphs as their default graph: the embedded",
        "store is queried with Oxigraph's union default graph, and on an endpoint every named",
        "graph is passed as a `default-graph-uri` (SPARQL 1.1 Protocol), so a plain",
        "`oxigraph serve` (without `--union-default-graph`), Fuseki or GraphDB give the same",
        "answers. `GRAPH ?g { … }` still tells which graph a triple comes from.",
        "",
        "Parameter types: `id` (an entity id such as `person/maulen-ashimbayev`), `iri`,",
        "`string`, `text` (`value@lang`), `lang`, `date` (YYYY-MM-DD), `integer`. A parameter",
        "marked *optional* matches everything when left out.",
        "",
        "| query | title |",
        "|---|---|",
    ]
    lines.extend(f"| [`{q.name}`](#{q.name}) | {q.title} |" for q in queries)
    for query in queries:
        lines += ["", f"## {query.name}", "", f"**{query.title}** ({query.form.value})", ""]
        if query.description:
            lines += [query.description, ""]
        if query.parameters:
            lines += ["| parameter | type | default | description |", "|---|---|---|---|"]
            for p in query.parameters:
                default = (
                    f"`{p.default}`"
                    if p.default is not None
                    else ("*optional*" if p.optional else "**required**")
                )
                lines.append(f"| `{p.name}` | {p.type} | {default} | {p.description} |")
            lines.append("")
        if query.columns:
            lines.append(
                "Columns: "
                + ", ".join(f"`{c.name}` ({c.description})" for c in query.columns)
                + "."
            )
            lines.append("")
        lines += ["```sh", example_invocation(query), "```"]
    return "\n".join(lines) + "\n"
