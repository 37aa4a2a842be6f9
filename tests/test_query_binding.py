"""Parameters are typed terms bound through VALUES, never text; every error path's message."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicgraph.errors import QueryError
from civicgraph.namespaces import PREFIXES
from civicgraph.query import run_query
from civicgraph.sparql.binding import bind_parameters, bind_values, parse_value
from civicgraph.sparql.client import resolve_endpoint
from civicgraph.sparql.http import EndpointError
from civicgraph.sparql.text import Parameter, QuerySyntaxError, find_query, parse_query
from civicgraph.triplesource import EmbeddedSource, EndpointSource
from tests.seed import BASE, IRIS, ROOT
from tests.test_query_catalogue import build_seed_store

CATALOGUE = ROOT / "queries"
FIXTURES = ROOT / "tests" / "fixtures" / "query"
NASTY = 'x" } ; DROP ALL ; #'


@pytest.fixture(scope="module")
def seed_store() -> ox.Store:
    """The seed store, built once per module."""
    return build_seed_store()


def every_type(store: ox.Store, **params: str) -> dict[str, ox.NamedNode | ox.Literal]:
    result = run_query(
        find_query(str(FIXTURES / "every_type.rq")), EmbeddedSource(store, iris=IRIS), params=params
    )
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
        find_query("statements_search", CATALOGUE),
        EmbeddedSource(seed_store, iris=IRIS),
        params={"term": NASTY},
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
        bind_parameters(query, {"speaker": "Maulen Ashimbayev"}, iris=IRIS)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_round_trips_through_values(text: str) -> None:
    """Whatever the text, the bound query parses and gives that very text back."""
    query = parse_query("# param: s: string\nSELECT ?s WHERE { }", name="echo")
    bound = bind_values(query, bind_parameters(query, {"s": text}, iris=IRIS))
    (solution,) = ox.Store().query(bound)
    assert solution["s"] == ox.Literal(text)


def test_values_go_in_the_where_group_not_the_template() -> None:
    """In a CONSTRUCT the VALUES block opens the WHERE group, not the template."""
    query = find_query("triples_about", CATALOGUE)
    text = bind_values(query, bind_parameters(query, {}, iris=IRIS))
    template, _, where = text.partition("WHERE")
    assert "VALUES" not in template
    assert where.lstrip().startswith("{ VALUES (?subject)")


def test_braces_in_comments_strings_and_iris_are_skipped() -> None:
    """A '{' in a comment, a string or an IRI is not taken for the WHERE group."""
    text = '# a { comment\nSELECT ?x ?s WHERE # {\n{ BIND("{" AS ?x) FILTER(?x != <http://e/#x>) }'
    query = parse_query(f"# param: s: string = a\n{text}", name="tricky")
    bound = bind_values(query, bind_parameters(query, {}, iris=IRIS))
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
        run_query(find_query(str(FIXTURES / "broken.rq")), EmbeddedSource(seed_store, iris=IRIS))
    error = caught.value
    assert (error.path, error.line, error.column) == (str(FIXTURES / "broken.rq"), 5, 13)
    assert str(error).startswith(
        f"{FIXTURES / 'broken.rq'}:5:13: SPARQL syntax error: expected one of"
    )


def test_missing_required_parameter(seed_store: ox.Store) -> None:
    """A required parameter left out is named with its type."""
    with pytest.raises(QueryError) as caught:
        run_query(find_query("statements_search", CATALOGUE), EmbeddedSource(seed_store, iris=IRIS))
    assert str(caught.value) == (
        f"{CATALOGUE / 'statements_search.rq'}: missing required parameter 'term' (string) "
        "(hint: pass --param term=…)"
    )


def test_unknown_parameter_suggests(seed_store: ox.Store) -> None:
    """A misspelt parameter name gets the declared one."""
    with pytest.raises(QueryError, match=r"has no parameter 'evnt' \(hint: did you mean event\?\)"):
        run_query(
            find_query("who_opened_event", CATALOGUE),
            EmbeddedSource(seed_store, iris=IRIS),
            params={"evnt": "x"},
        )


def test_bad_header_line() -> None:
    """A parameter of an unknown type is refused with the line number."""
    with pytest.raises(QueryError, match=r"q\.rq:2: bad parameter line 'x: float'"):
        parse_query("# title: t\n# param: x: float\nSELECT * {}", name="q", path=Path("q.rq"))


def test_unreachable_endpoint(seed_store: ox.Store) -> None:
    """An endpoint nobody listens on: one line with the URL and the cause."""
    url = "http://127.0.0.1:9/query"
    with pytest.raises(EndpointError) as caught:
        run_query(
            find_query("quotes_all", CATALOGUE), EndpointSource(resolve_endpoint(url), iris=IRIS)
        )
    message = str(caught.value)
    assert message.startswith(f"POST {url}: connection refused")
    assert "\n" not in message


def test_limit_and_labels(seed_store: ox.Store) -> None:
    """--limit keeps the first rows; --lang picks labels with fallback."""
    result = run_query(
        find_query("regions_by_role", CATALOGUE),
        EmbeddedSource(seed_store, iris=IRIS),
        limit=2,
        lang="kk",
    )
    assert len(result.rows) == 2
    assert result.labels[f"{BASE}/id/place/abai-region"] == "Абай облысы"
    ru = run_query(
        find_query("who_opened_event", CATALOGUE), EmbeddedSource(seed_store, iris=IRIS), lang="ru"
    )
    assert ru.labels[f"{BASE}/id/person/maulen-ashimbayev"] == "Маулен Ашимбаев"


# -- prefixed names, ids and IRIs ----------------------------------------------------------

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
IRI_PARAM = Parameter("role", "iri")
ID_PARAM = Parameter("subject", "id")


@pytest.mark.parametrize("prefix", sorted(PREFIXES))
@pytest.mark.parametrize("parameter", [IRI_PARAM, ID_PARAM], ids=["iri", "id"])
def test_every_printed_prefix_is_accepted(prefix: str, parameter: Parameter) -> None:
    """Each prefix the tables print (civicgraph.namespaces.PREFIXES) binds to its IRI."""
    term = parse_value(parameter, f"{prefix}:Thing_1", iris=IRIS)
    assert term == ox.NamedNode(PREFIXES[prefix] + "Thing_1")


@pytest.mark.parametrize("parameter", [IRI_PARAM, ID_PARAM], ids=["iri", "id"])
def test_ids_and_bracketed_iris_are_accepted(parameter: Parameter) -> None:
    """kind/slug ids are minted with the base; <IRI> and a bare absolute IRI are IRIs."""
    minted = ox.NamedNode(f"{BASE}/id/place/abai-region")
    assert parse_value(parameter, "place/abai-region", iris=IRIS) == minted
    assert parse_value(parameter, f"<{minted.value}>", iris=IRIS) == minted
    assert parse_value(parameter, minted.value, iris=IRIS) == minted


def test_unknown_prefix_lists_the_known_ones() -> None:
    """A prefix civicgraph does not know is refused, with every known prefix in the hint."""
    with pytest.raises(QueryError) as caught:
        parse_value(IRI_PARAM, "cv:RegionPilot", iris=IRIS)
    known = ", ".join(f"{p}:" for p in sorted(PREFIXES))
    assert str(caught.value) == (
        "parameter 'role': unknown prefix 'cv:': 'cv:RegionPilot' "
        f"(hint: known prefixes: {known}; or write <IRI>)"
    )


def test_prefixed_name_with_a_bad_local_part_is_refused() -> None:
    """civ:Region Pilot is no prefixed name."""
    with pytest.raises(QueryError) as caught:
        parse_value(IRI_PARAM, "civ:Region Pilot", iris=IRIS)
    assert str(caught.value) == (
        "parameter 'role': not an IRI: 'civ:Region Pilot' "
        "(hint: a prefixed name is prefix:LocalName, e.g. civ:RegionPilot)"
    )


def test_prefixed_role_gives_the_rows_of_the_full_iri(seed_store: ox.Store) -> None:
    """--param role=civ:RegionPilot, the form the table prints, finds the pilot regions."""
    query = find_query("regions_by_role", CATALOGUE)
    short = run_query(
        query, EmbeddedSource(seed_store, iris=IRIS), params={"role": "civ:RegionPilot"}
    )
    full = run_query(
        query,
        EmbeddedSource(seed_store, iris=IRIS),
        params={"role": "https://w3id.org/civicgraph/ontology#RegionPilot"},
    )
    assert short.rows == full.rows
    assert {t.value for t in short.column("region") if t is not None} == {
        f"{BASE}/id/place/abai-region",
        f"{BASE}/id/place/ulytau-region",
    }


# -- text with @ in odd places -------------------------------------------------------------

TEXT_PARAM = Parameter("t", "text")


@pytest.mark.parametrize(
    ("raw", "term"),
    [
        ("@kk", ox.Literal("", language="kk")),
        ("a@b@kk", ox.Literal("a@b", language="kk")),
        ("мәслихат@kk-Latn", ox.Literal("мәслихат", language="kk-Latn")),
    ],
)
def test_text_splits_at_the_last_at(raw: str, term: ox.Literal) -> None:
    """The language tag is what follows the last @; the text may hold @ itself."""
    assert parse_value(TEXT_PARAM, raw, iris=IRIS) == term


@pytest.mark.parametrize("raw", ["@", "a@", "x@k k", "a@b", "a@a-b", "a@toolongtag", "no tag"])
def test_text_without_a_valid_tag_is_one_line(raw: str) -> None:
    """Missing or malformed tags (some Oxigraph would reject) are one refusal, no traceback."""
    with pytest.raises(QueryError) as caught:
        parse_value(TEXT_PARAM, raw, iris=IRIS)
    assert str(caught.value) == (
        f"parameter 't': not a language-tagged text: {raw!r} "
        "(hint: write text@lang, e.g. мәслихат@kk)"
    )


# -- every refusal, with its message -------------------------------------------------------


@pytest.mark.parametrize(
    ("parameter", "raw", "message"),
    [
        (
            ID_PARAM,
            "Person/Maulen",
            "parameter 'subject': not an entity id: 'Person/Maulen' "
            "(hint: write kind/slug, e.g. person/maulen-ashimbayev)",
        ),
        (
            IRI_PARAM,
            "http://e/a b",
            "parameter 'role': not an IRI (Invalid IRI code point ' '): 'http://e/a b' "
            "(hint: write an absolute IRI or a prefixed name)",
        ),
        (
            IRI_PARAM,
            "just words",
            "parameter 'role': not an IRI: 'just words' "
            "(hint: write an absolute IRI or a prefixed name)",
        ),
        (
            Parameter("d", "date"),
            "2025-02-30",
            "parameter 'd': not a day of the calendar: '2025-02-30' "
            "(hint: write YYYY-MM-DD, e.g. 2025-04-03)",
        ),
        (
            Parameter("d", "date"),
            "2025-W01-1",
            "parameter 'd': not a date: '2025-W01-1' (hint: write YYYY-MM-DD)",
        ),
        (
            Parameter("d", "date"),
            "20250403",
            "parameter 'd': not a date: '20250403' (hint: write YYYY-MM-DD)",
        ),
        (
            Parameter("n", "integer"),
            "12.5",
            "parameter 'n': not an integer: '12.5' (hint: write digits, e.g. 2024)",
        ),
        (
            Parameter("n", "integer"),
            "٢٠٢٤",
            "parameter 'n': not an integer: '٢٠٢٤' (hint: write digits, e.g. 2024)",
        ),
        (
            Parameter("l", "lang"),
            "k",
            "parameter 'l': not a language tag: 'k' "
            "(hint: write a BCP 47 tag such as kk, en or ru)",
        ),
        (
            Parameter("l", "lang"),
            "kk_KZ",
            "parameter 'l': not a language tag: 'kk_KZ' "
            "(hint: write a BCP 47 tag such as kk, en or ru)",
        ),
    ],
    ids=[
        "bad-id",
        "iri-space",
        "iri-words",
        "feb-30",
        "week-date",
        "basic-date",
        "decimal",
        "arabic-digits",
        "one-letter-lang",
        "underscore-lang",
    ],
)
def test_refusal_message(parameter: Parameter, raw: str, message: str) -> None:
    """Each refusal says which parameter, what was wrong and how to write it."""
    with pytest.raises(QueryError) as caught:
        parse_value(parameter, raw, iris=IRIS)
    assert str(caught.value) == message


def test_unknown_parameter_message(seed_store: ox.Store) -> None:
    """A parameter the query does not declare is refused with the declared ones."""
    with pytest.raises(QueryError) as caught:
        bind_parameters(find_query("regions_by_role", CATALOGUE), {"zzz": "x"}, iris=IRIS)
    assert str(caught.value) == (
        f"{CATALOGUE / 'regions_by_role.rq'}: query 'regions_by_role' has no parameter 'zzz' "
        "(hint: its parameters: programme, role)"
    )


def test_parameter_of_a_query_without_any(seed_store: ox.Store) -> None:
    """A query without parameters says it takes none."""
    with pytest.raises(QueryError) as caught:
        bind_parameters(parse_query("SELECT * {}", name="plain"), {"x": "1"}, iris=IRIS)
    assert str(caught.value) == "query 'plain' has no parameter 'x' (hint: it takes none)"


@pytest.mark.parametrize(
    ("raw", "canonical"), [("+007", "7"), ("-0", "0"), ("-12", "-12"), ("9" * 5000, "9" * 5000)]
)
def test_integers_are_written_canonically(raw: str, canonical: str) -> None:
    """Signs and leading zeros are normalised; any number of digits is an xsd:integer."""
    term = parse_value(Parameter("n", "integer"), raw, iris=IRIS)
    assert term == ox.Literal(canonical, datatype=ox.NamedNode(XSD_INTEGER))


# -- fuzz ------------------------------------------------------------------------------------

FUZZ_TYPES = ("i", "e", "s", "t", "l", "d", "n")
EVERY_TYPE = parse_query((FIXTURES / "every_type.rq").read_text(encoding="utf-8"), name="every")


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(FUZZ_TYPES),
    raw=st.one_of(
        st.text(),
        st.text(alphabet="@:/<>-_ .kzKZ09civ\"'\\{}#", max_size=20),
        st.from_regex(r"[a-z]+:[A-Za-z_ ]*", fullmatch=True),
        st.from_regex(r".*@[a-zA-Z -]{0,12}", fullmatch=True),
    ),
)
def test_any_parameter_string_binds_or_is_one_line(name: str, raw: str) -> None:
    """Random strings for every type: a one-line QueryError, or a query that runs."""
    message = None
    try:
        bindings = bind_parameters(EVERY_TYPE, {name: raw}, iris=IRIS)
    except QueryError as error:
        message = str(error)
    if message is not None:
        assert "\n" not in message
        assert message.startswith(f"parameter {name!r}: ")
        return
    (solution,) = ox.Store().query(bind_values(EVERY_TYPE, bindings))
    assert solution[name] == bindings[name]


def test_a_parameter_left_out_writes_no_values_block() -> None:
    """One row of UNDEF binds nothing: the text goes out as written (Virtuoso 7.2.5 answers
    some queries wrongly with such a block), and a row that binds anything keeps only the
    variables it binds."""
    query = find_query("evidence_by_subject", CATALOGUE)
    assert bind_values(query, bind_parameters(query, {}, iris=IRIS)) == query.text
    bound = bind_values(
        query, bind_parameters(query, {"subject": "person/maulen-ashimbayev"}, iris=IRIS)
    )
    assert (
        "VALUES (?subject) { (<https://w3id.org/civicgraph/id/person/maulen-ashimbayev>) }" in bound
    )
    two = find_query("posts_as_of", CATALOGUE)
    partly = bind_values(two, bind_parameters(two, {"date": "2025-04-03"}, iris=IRIS))
    assert 'VALUES (?date) { ("2025-04-03"^^<http://www.w3.org/2001/XMLSchema#date>) }' in partly
    assert "UNDEF" not in partly
