"""Binding values into SPARQL: parameters parsed into RDF terms, never pasted as text.

One way for every target: the terms go into one ``VALUES`` block (SPARQL 1.1 Query
§10.2) at the start of the outermost ``WHERE`` group, each written by pyoxigraph's own
serialiser, so quoting and escaping are its job (``bind_values``). The embedded store and
a remote endpoint run the very same text, which is why they give the same answers.
A parameter left out is not written (no ``UNDEF`` column, which Virtuoso mishandles), so
``SELECT *`` projects its variable only when the patterns bind it or it is given: the
documented behaviour (README, Queries), the same on every store.

Oxigraph's ``substitutions`` (``Store.query``, SEP-0007) are not used for queries that
may run on an endpoint: they exist on the embedded store only, and pyoxigraph refuses to
substitute a variable the query does not project ("does not contains variable ?term in
its SELECT projection"), which 6 of the 22 catalogue queries that take parameters do.
The network analysis binds its graphs the same way, so it runs on any source.

Types: ``iri`` and ``id`` (an absolute IRI, ``<IRI>``, a prefixed name such as
``civ:RegionPilot`` from ``civicgraph.namespaces.PREFIXES``, or an entity id such as
``person/maulen-ashimbayev`` minted with the project base), ``string``, ``text`` (a
language-tagged literal ``value@kk``), ``lang`` (a language tag), ``date`` (YYYY-MM-DD),
``integer``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TypeAlias

import pyoxigraph as ox

from civicgraph.errors import QueryError
from civicgraph.iris import Iris
from civicgraph.languages import is_language_tag
from civicgraph.namespaces import PREFIXES
from civicgraph.records import ID_PATTERN
from civicgraph.sparql.text import PARAM_TYPES, CatalogueQuery, Parameter, QueryForm, inspect
from civicgraph.terms import xsd

Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Bindings: TypeAlias = Mapping[str, Term | None]

_PREFIXED = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_.-]*)?:(?P<local>.*)$", re.DOTALL)
_LOCAL = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?$", re.ASCII)
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", re.ASCII)
_INTEGER = re.compile(r"^(?P<sign>[+-]?)(?P<digits>[0-9]+)$", re.ASCII)
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# -- parameters ---------------------------------------------------------------------------


def _resource(raw: str, iris: Iris, why: str, hint: str) -> Term | str:
    """An IRI from ``<IRI>``, an absolute IRI, a known prefixed name or a ``kind/slug`` id."""
    if ID_PATTERN.match(raw):
        return ox.NamedNode(iris.entity(raw))
    if raw.startswith("<") and raw.endswith(">"):
        iri = raw[1:-1]
    elif "://" in raw:
        iri = raw
    elif (prefixed := _PREFIXED.match(raw)) is not None:
        prefix, local = prefixed.group("prefix") or "", prefixed.group("local")
        if prefix not in PREFIXES:
            known = ", ".join(f"{p}:" for p in sorted(PREFIXES))
            return f"unknown prefix {prefix + ':'!r}|known prefixes: {known}; or write <IRI>"
        if not _LOCAL.match(local):
            return f"{why}|a prefixed name is prefix:LocalName, e.g. civ:RegionPilot"
        iri = PREFIXES[prefix] + local
    else:
        return f"{why}|{hint}"
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        return f"{why} ({error})|{hint}"


def _parse_id(raw: str, iris: Iris) -> Term | str:
    return _resource(
        raw, iris, "not an entity id", "write kind/slug, e.g. person/maulen-ashimbayev"
    )


def _parse_iri(raw: str, iris: Iris) -> Term | str:
    return _resource(raw, iris, "not an IRI", "write an absolute IRI or a prefixed name")


def _parse_text(raw: str, iris: Iris) -> Term | str:
    del iris
    text, at, lang = raw.rpartition("@")
    if not at or not is_language_tag(lang):
        return "not a language-tagged text|write text@lang, e.g. мәслихат@kk"
    return ox.Literal(text, language=lang)


def _parse_lang(raw: str, iris: Iris) -> Term | str:
    del iris
    if not is_language_tag(raw):
        return "not a language tag|write a BCP 47 tag such as kk, en or ru"
    return ox.Literal(raw.lower())


def _parse_date(raw: str, iris: Iris) -> Term | str:
    del iris
    if not _DATE.match(raw):
        return "not a date|write YYYY-MM-DD"
    try:
        date.fromisoformat(raw)
    except ValueError:
        return "not a day of the calendar|write YYYY-MM-DD, e.g. 2025-04-03"
    return ox.Literal(raw, datatype=xsd.date)


def _parse_integer(raw: str, iris: Iris) -> Term | str:
    del iris
    match = _INTEGER.match(raw)
    if match is None:
        return "not an integer|write digits, e.g. 2024"
    # the canonical xsd:integer form, written without int(): any number of digits is valid
    digits = match.group("digits").lstrip("0") or "0"
    sign = "-" if match.group("sign") == "-" and digits != "0" else ""
    return ox.Literal(sign + digits, datatype=xsd.integer)


_PARSERS: dict[str, Callable[[str, Iris], Term | str]] = {
    "id": _parse_id,
    "iri": _parse_iri,
    "string": lambda raw, _iris: ox.Literal(raw),
    "text": _parse_text,
    "lang": _parse_lang,
    "date": _parse_date,
    "integer": _parse_integer,
}
"""One parser per type: a term, or ``"why|hint"`` when the value is not of the type."""


def parse_value(
    parameter: Parameter, raw: str, *, iris: Iris, query: CatalogueQuery | None = None
) -> Term:
    """One parameter value as a term; anything not of the type is refused, not escaped."""
    parser = _PARSERS.get(parameter.type)
    try:
        parsed = (
            parser(raw, iris)
            if parser is not None
            else f"unknown type|types: {', '.join(PARAM_TYPES)}"
        )
    except ValueError as error:  # pyoxigraph refused the term (a lone surrogate, a bad tag)
        parsed = f"not a valid {parameter.type} ({error})|check the value"
    if isinstance(parsed, str):
        why, _, hint = parsed.partition("|")
        raise QueryError(
            f"parameter {parameter.name!r}: {why}: {raw!r}",
            path=query.path if query is not None else None,
            hint=hint,
        )
    return parsed


def bind_parameters(
    query: CatalogueQuery, values: Mapping[str, str], *, iris: Iris
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
        bindings[parameter.name] = parse_value(parameter, raw, iris=iris, query=query)
    return bindings


# -- the VALUES block ---------------------------------------------------------------------


def values_block(rows: Sequence[Bindings]) -> str:
    """A ``VALUES`` block, one row per mapping; each term written by pyoxigraph."""
    names = list(rows[0]) if rows else []
    header = " ".join(f"?{name}" for name in names)
    body = " ".join(
        "(" + " ".join("UNDEF" if row[n] is None else str(row[n]) for n in names) + ")"
        for row in rows
    )
    return f"VALUES ({header}) {{ {body} }}"


def _scan(text: str) -> Iterator[tuple[int, str]]:
    """Yield ``(offset, token)`` for braces and bare words outside comments, strings and IRIs.

    Only used to find where the WHERE group opens (rdflib's parse tree keeps no offsets);
    the form itself comes from the grammar (``civicgraph.sparql.text.inspect``).
    """
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


@lru_cache(maxsize=512)
def _group_braces(text: str) -> tuple[int | None, int | None]:
    """Offsets of the ``{`` after a top-level WHERE, and of the first top-level ``{``.

    Remembered: a server binds the same few texts on every request, and the scan is pure
    Python (a tenth of a millisecond for a page query).
    """
    depth = 0
    seen_where = False
    first_brace: int | None = None
    for offset, lexeme in _scan(text):
        if lexeme == "WHERE" and depth == 0:
            seen_where = True
        elif lexeme == "{":
            if depth == 0:
                if seen_where:
                    return offset, first_brace
                if first_brace is None:
                    first_brace = offset
            depth += 1
        elif lexeme == "}":
            depth -= 1
    return None, first_brace


def _where_brace(text: str, path: Path | None) -> int | None:
    """Offset of the ``{`` opening the outermost WHERE group."""
    where, first = _group_braces(text)
    if where is not None:
        return where
    # WHERE is optional in SELECT and ASK; a CONSTRUCT's first brace is its template. Only
    # then is the form asked of the grammar, which takes tens of milliseconds a text.
    form = inspect(text, path=path).form
    return first if form in {QueryForm.SELECT, QueryForm.ASK} else None


def bind_values(query: CatalogueQuery | str, bindings: Bindings | Sequence[Bindings]) -> str:
    """The query text with a VALUES block at the start of its WHERE group (lines unchanged).

    ``bindings`` is one row (a mapping) or several (a sequence of mappings with the same
    names); the text is returned as it is when there is nothing to bind.
    """
    text = query if isinstance(query, str) else query.text
    path = None if isinstance(query, str) else query.path
    rows = [bindings] if isinstance(bindings, Mapping) else list(bindings)
    # A variable UNDEF in every row constrains nothing, so it is left out: Virtuoso 7.2.5
    # drops solutions of a group that a `VALUES (?x) { (UNDEF) }` block joins.
    names = [name for name in (rows[0] if rows else {}) if any(r[name] is not None for r in rows)]
    rows = [{name: row[name] for name in names} for row in rows] if names else []
    if not rows:
        return text
    brace = _where_brace(text, path)
    if brace is None:
        raise QueryError(
            "cannot bind parameters: the query has no WHERE group",
            path=path,
            hint="give the query a WHERE { … } clause",
        )
    # one line, no newline: line numbers of the file stay right for later errors
    return f"{text[: brace + 1]} {values_block(rows)} {text[brace + 1 :]}"


__all__ = [
    "Bindings",
    "Term",
    "bind_parameters",
    "bind_values",
    "parse_value",
    "values_block",
]
