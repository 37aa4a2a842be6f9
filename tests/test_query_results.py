"""civicgraph.results: pyoxigraph writes the W3C formats; labels; one table of formats."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.errors import QueryError
from civicgraph.languages import LANGUAGES
from civicgraph.query import QueryResult, fetch_labels, run_query
from civicgraph.results import FORMATS, OUTPUT_FORMATS, render_result
from civicgraph.sparql.text import QueryForm, parse_query
from civicgraph.store import replace_store
from civicgraph.triplesource import EmbeddedSource
from tests.seed import IRIS

W3C = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
E = "http://example.org/"
NASTY = ox.Literal('a\tb\nc "d", \\e', language="kk")
ROWS = (
    (ox.NamedNode(E + "x"), NASTY),
    (ox.BlankNode("b1"), None),
    (None, ox.Literal("2024", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
)
RESULT = QueryResult(form=QueryForm.SELECT, variables=("s", "o"), rows=ROWS)


def parsed(text: str, name: str) -> list[tuple[object, ...]]:
    answer = ox.parse_query_results(text.encode("utf-8"), format=W3C[name])
    assert isinstance(answer, ox.QuerySolutions)
    variables = [v.value for v in answer.variables]
    return [tuple(s[v] for v in variables) for s in answer]


def test_formats_come_from_pyoxigraph() -> None:
    """Names, media types and extensions of the W3C and RDF formats are pyoxigraph's."""
    for name, fmt in W3C.items():
        assert OUTPUT_FORMATS[name].media_type == fmt.media_type
        assert OUTPUT_FORMATS[name].extension == fmt.file_extension
    assert OUTPUT_FORMATS["turtle"].media_type == ox.RdfFormat.TURTLE.media_type
    assert OUTPUT_FORMATS["ntriples"].extension == ox.RdfFormat.N_TRIPLES.file_extension
    assert FORMATS == ("table", "csv", "tsv", "json", "xml", "jsonl", "turtle", "ntriples")


@pytest.mark.parametrize("name", ["tsv", "json", "xml"])
def test_w3c_formats_round_trip_every_term(name: str) -> None:
    """Tabs, newlines, quotes, blank nodes, unbound cells and datatypes come back as they were."""
    text = render_result(RESULT, name, iris=IRIS)
    back = parsed(text, name)
    assert back[0] == ROWS[0]
    assert isinstance(back[1][0], ox.BlankNode)
    assert back[1][1] is None
    assert back[2] == ROWS[2]
    assert text.endswith("\n")
    assert render_result(RESULT, name, iris=IRIS) == text


def test_csv_is_plain_values_with_crlf() -> None:
    """CSV cells are the plain text of each term (W3C CSV), rows end with CRLF."""
    text = render_result(RESULT, "csv", iris=IRIS)
    assert text.startswith("s,o\r\n")
    assert '"a\tb\nc ""d"", \\e"' in text
    assert render_result(RESULT, "csv", iris=IRIS) == text


@pytest.mark.parametrize("name", ["json", "xml"])
def test_labels_become_label_columns(name: str) -> None:
    """With labels, each column holding labelled IRIs gets a <name>Label column after it."""
    labelled = QueryResult(
        form=QueryForm.SELECT, variables=("s", "o"), rows=ROWS, labels={E + "x": "Экс"}
    )
    answer = ox.parse_query_results(
        render_result(labelled, name, iris=IRIS).encode(), format=W3C[name]
    )
    assert isinstance(answer, ox.QuerySolutions)
    assert [v.value for v in answer.variables] == ["s", "sLabel", "o"]
    first = next(iter(answer))
    assert first["sLabel"] == ox.Literal("Экс")


@pytest.mark.parametrize(("name", "value"), [("json", True), ("xml", False)])
def test_ask_answers_in_w3c_formats(name: str, value: bool) -> None:
    """ASK gives a boolean document pyoxigraph reads back."""
    text = render_result(QueryResult(form=QueryForm.ASK, boolean=value), name, iris=IRIS)
    answer = ox.parse_query_results(text.encode(), format=W3C[name])
    assert isinstance(answer, ox.QueryBoolean)
    assert bool(answer) is value


def test_unknown_format_lists_the_formats() -> None:
    """A format name nobody knows is refused with the list."""
    with pytest.raises(QueryError) as caught:
        render_result(RESULT, "yaml", iris=IRIS)
    assert str(caught.value) == f"unknown format 'yaml' (hint: formats: {', '.join(FORMATS)})"


def test_xml_from_the_command_line(tmp_path: Path) -> None:
    """`--format xml` is offered by the command and writes SPARQL XML results."""
    query = tmp_path / "two.rq"
    query.write_text('SELECT ?x WHERE { VALUES ?x { "один" 2 } }\n', encoding="utf-8")
    replace_store(tmp_path / "store", [], iris=IRIS)
    result = CliRunner().invoke(
        main, ["query", str(query), "--format", "xml", "--store", str(tmp_path / "store")]
    )
    assert result.exit_code == 0, result.stderr
    assert [row[0] for row in parsed(result.stdout, "xml")] == [
        ox.Literal("один"),
        ox.Literal("2", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
    ]


# -- one list of languages ------------------------------------------------------------------


def labelled_store() -> ox.Store:
    store = ox.Store()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for tag, text in [("en", "Akimat"), ("kk", "Әкімдік")]:
        store.add(ox.Quad(ox.NamedNode(E + "akimat"), label, ox.Literal(text, language=tag)))
    return store


def test_label_fallback_follows_the_language_list() -> None:
    """Asked for Russian, a label falls back in civicgraph.languages order (kk before en)."""
    assert LANGUAGES.index("kk") < LANGUAGES.index("en")
    assert fetch_labels(EmbeddedSource(labelled_store(), iris=IRIS), [E + "akimat"], lang="ru") == {
        E + "akimat": "Әкімдік"
    }
    assert fetch_labels(EmbeddedSource(labelled_store(), iris=IRIS), [E + "akimat"], lang="en") == {
        E + "akimat": "Akimat"
    }


def test_labels_of_many_iris_in_one_query() -> None:
    """Labels for several IRIs (one VALUES row each), an IRI without labels left out."""
    query = parse_query(f"SELECT ?s WHERE {{ VALUES ?s {{ <{E}akimat> <{E}none> }} }}", name="q")
    result = run_query(query, EmbeddedSource(labelled_store(), iris=IRIS), lang="kk")
    assert result.labels == {E + "akimat": "Әкімдік"}


def test_lang_option_offers_the_language_list() -> None:
    """--lang takes exactly the languages of civicgraph.languages."""
    result = CliRunner().invoke(main, ["query", "events_all", "--lang", "de"])
    assert result.exit_code == 2
    for tag in LANGUAGES:
        assert f"'{tag}'" in result.stderr


# -- iterating a result, as rdflib's and pyoxigraph's results iterate -----------------------


def test_a_select_iterates_over_rows_of_every_variable() -> None:
    """Each row maps every variable to its term, None where unbound, in the query's order."""
    rows = list(RESULT)
    assert len(RESULT) == len(rows) == 3
    assert bool(RESULT)
    assert [list(row) for row in rows] == [["s", "o"]] * 3
    assert rows[0]["o"] == NASTY
    assert rows[1]["o"] is None
    assert dict(rows[2]) == {"s": None, "o": ROWS[2][1]}
    assert [dict(row) for row in RESULT] == [dict(zip(("s", "o"), r, strict=True)) for r in ROWS]
    with pytest.raises(KeyError, match="no variable 'x'; the row has s, o"):
        rows[0]["x"]


def test_an_empty_select_is_false_and_iterates_over_nothing() -> None:
    empty = QueryResult(form=QueryForm.SELECT, variables=("s",), rows=())
    assert (list(empty), len(empty), bool(empty)) == ([], 0, False)


def test_construct_iterates_over_triples_and_ask_gives_its_boolean_once() -> None:
    triple = ox.Triple(ox.NamedNode(E + "a"), ox.NamedNode(E + "p"), ox.Literal("x"))
    source = EmbeddedSource.from_quads(
        [ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(IRIS.graph("g")))],
        iris=IRIS,
    )
    construct = parse_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", name="all")
    assert list(run_query(construct, source)) == [triple]
    ask = parse_query(f"ASK {{ <{E}a> ?p ?o }}", name="ask")
    answered = run_query(ask, source)
    assert (list(answered), len(answered), bool(answered)) == ([True], 1, True)
    nothing = run_query(parse_query(f"ASK {{ <{E}b> ?p ?o }}", name="ask"), source)
    assert (list(nothing), bool(nothing)) == ([False], False)
