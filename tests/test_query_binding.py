"""Parameters are typed terms bound through VALUES, never text; every error path's message."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicgraph.errors import QueryError
from civicgraph.query import (
    QuerySyntaxError,
    bind_parameters,
    bind_text,
    find_query,
    parse_query,
    run_query,
)
from civicgraph.sparql.http import EndpointError
from tests.seed import BASE, ROOT
from tests.test_query_catalogue import build_seed_store

CATALOGUE = ROOT / "queries"
FIXTURES = ROOT / "tests" / "fixtures" / "query"
NASTY = 'x" } ; DROP ALL ; #'


@pytest.fixture(scope="module")
def seed_store() -> ox.Store:
    """The seed store, built once per module."""
    return build_seed_store()


def every_type(store: ox.Store, **params: str) -> dict[str, ox.NamedNode | ox.Literal]:
    result = run_query(find_query(str(FIXTURES / "every_type.rq")), store=store, params=params)
    (record,) = result.records()
    return record  # type: ignore[return-value]


def test_each_type_binds_a_typed_term(seed_store: ox.Store) -> None:
    """Each declared type becomes the RDF term it names."""
    got = every_type(
        seed_store,
        i="https://example.org/x",
        e="person/maulen-ashimbayev",
        s="мәслихат",
        t="мәслихат@kk",
        l="KK",
        d="2025-04-03",
        n="+2024",
    )
    assert got == {
        "i": ox.NamedNode("https://example.org/x"),
        "e": ox.NamedNode(f"{BASE}/id/person/maulen-ashimbayev"),
        "s": ox.Literal("мәслихат"),
        "t": ox.Literal("мәслихат", language="kk"),
        "l": ox.Literal("kk"),
        "d": ox.Literal(
            "2025-04-03", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
        ),
        "n": ox.Literal("2024", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    }


@pytest.mark.parametrize("name", ["s", "t"])
def test_injection_in_text_is_a_literal(seed_store: ox.Store, name: str) -> None:
    """A hostile text comes back as one literal, whole, and the store is unchanged."""
    before = len(seed_store)
    value = f"{NASTY}@kk" if name == "t" else NASTY
    got = every_type(seed_store, **{name: value})
    assert got[name].value == NASTY
    assert len(seed_store) == before


def test_injection_in_search_matches_nothing(seed_store: ox.Store) -> None:
    """The search query given the hostile text finds nothing and changes nothing."""
    before = len(seed_store)
    result = run_query(
        find_query("statements_search", CATALOGUE), store=seed_store, params={"term": NASTY}
    )
    assert result.rows == ()
    assert len(seed_store) == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("i", "parameter 'i': not an IRI"),
        ("e", "parameter 'e': not an entity id"),
        ("t", "parameter 't': not a language-tagged text"),
        ("l", "parameter 'l': not a language tag"),
        ("d", "parameter 'd': not a date"),
        ("n", "parameter 'n': not an integer"),
    ],
)
def test_injection_in_typed_values_is_refused(
    seed_store: ox.Store, name: str, message: str
) -> None:
    """IRIs, ids, tags, dates and numbers refuse the hostile value with a message naming it."""
    before = len(seed_store)
    value = NASTY + "@k k" if name == "t" else NASTY
    with pytest.raises(QueryError) as caught:
        every_type(seed_store, **{name: value})
    assert message in str(caught.value)
    assert len(seed_store) == before


def test_id_refused_message() -> None:
    """A value that is neither an id nor an IRI gets the id hint."""
    query = find_query("quotes_all", CATALOGUE)
    with pytest.raises(QueryError, match=r"speaker.*not an entity id.*write kind/slug"):
        bind_parameters(query, {"speaker": "Maulen Ashimbayev"})


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_round_trips_through_values(text: str) -> None:
    """Whatever the text, the bound query parses and gives that very text back."""
    query = parse_query("# param: s: string\nSELECT ?s WHERE { }", name="echo")
    bound = bind_text(query, bind_parameters(query, {"s": text}))
    (solution,) = ox.Store().query(bound)
    assert solution["s"] == ox.Literal(text)


def test_values_go_in_the_where_group_not_the_template() -> None:
    """In a CONSTRUCT the VALUES block opens the WHERE group, not the template."""
    query = find_query("triples_about", CATALOGUE)
    text = bind_text(query, bind_parameters(query, {}))
    template, _, where = text.partition("WHERE")
    assert "VALUES" not in template
    assert where.lstrip().startswith("{ VALUES (?subject)")


def test_braces_in_comments_strings_and_iris_are_skipped() -> None:
    """A '{' in a comment, a string or an IRI is not taken for the WHERE group."""
    text = '# a { comment\nSELECT ?x ?s WHERE # {\n{ BIND("{" AS ?x) FILTER(?x != <http://e/#x>) }'
    query = parse_query(f"# param: s: string = a\n{text}", name="tricky")
    bound = bind_text(query, bind_parameters(query, {}))
    (solution,) = ox.Store().query(bound)
    assert solution["s"] == ox.Literal("a")


def test_unknown_query_suggests_names() -> None:
    """A misspelt name gets the closest names."""
    with pytest.raises(QueryError) as caught:
        find_query("who_opend_event", CATALOGUE)
    assert (
        str(caught.value)
        == f"{CATALOGUE}: unknown query 'who_opend_event' (hint: did you mean who_opened_event?)"
    )


def test_unknown_query_without_near_names() -> None:
    """A name like nothing in the catalogue points at `civicgraph queries`."""
    with pytest.raises(QueryError, match=r"unknown query 'zzz'.*'civicgraph queries' lists"):
        find_query("zzz", CATALOGUE)


def test_missing_query_file() -> None:
    """A .rq path that does not exist is named."""
    with pytest.raises(QueryError, match=r"nope\.rq: no such query file"):
        find_query("nope.rq", CATALOGUE)


def test_syntax_error_has_file_line_column(seed_store: ox.Store) -> None:
    """A syntax error names the file, line and column, counted in the file as written."""
    with pytest.raises(QuerySyntaxError) as caught:
        run_query(find_query(str(FIXTURES / "broken.rq")), store=seed_store)
    error = caught.value
    assert (error.path, error.line, error.column) == (str(FIXTURES / "broken.rq"), 5, 13)
    assert str(error).startswith(
        f"{FIXTURES / 'broken.rq'}:5:13: SPARQL syntax error: expected one of"
    )


def test_missing_required_parameter(seed_store: ox.Store) -> None:
    """A required parameter left out is named with its type."""
    with pytest.raises(QueryError) as caught:
        run_query(find_query("statements_search", CATALOGUE), store=seed_store)
    assert str(caught.value) == (
        f"{CATALOGUE / 'statements_search.rq'}: missing required parameter 'term' (string) "
        "(hint: pass --param term=…)"
    )


def test_unknown_parameter_suggests(seed_store: ox.Store) -> None:
    """A misspelt parameter name gets the declared one."""
    with pytest.raises(QueryError, match=r"has no parameter 'evnt' \(hint: did you mean event\?\)"):
        run_query(find_query("who_opened_event", CATALOGUE), store=seed_store, params={"evnt": "x"})


def test_bad_header_line() -> None:
    """A parameter of an unknown type is refused with the line number."""
    with pytest.raises(QueryError, match=r"q\.rq:2: bad parameter line 'x: float'"):
        parse_query("# title: t\n# param: x: float\nSELECT * {}", name="q", path=Path("q.rq"))


def test_unreachable_endpoint(seed_store: ox.Store) -> None:
    """An endpoint nobody listens on: one line with the URL and the cause."""
    url = "http://127.0.0.1:9/query"
    with pytest.raises(EndpointError) as caught:
        run_query(find_query("quotes_all", CATALOGUE), endpoint=url)
    message = str(caught.value)
    assert message.startswith(f"POST {url}: connection refused")
    assert "\n" not in message


def test_store_xor_endpoint() -> None:
    """Exactly one backend must be given."""
    with pytest.raises(QueryError, match="either a store or an endpoint"):
        run_query(find_query("quotes_all", CATALOGUE))


def test_limit_and_labels(seed_store: ox.Store) -> None:
    """--limit keeps the first rows; --lang picks labels with fallback."""
    result = run_query(
        find_query("regions_by_role", CATALOGUE), store=seed_store, limit=2, lang="kk"
    )
    assert len(result.rows) == 2
    assert result.labels[f"{BASE}/id/place/abai-region"] == "Абай облысы"
    ru = run_query(find_query("who_opened_event", CATALOGUE), store=seed_store, lang="ru")
    assert ru.labels[f"{BASE}/id/person/maulen-ashimbayev"] == "Маулен Ашимбаев"
