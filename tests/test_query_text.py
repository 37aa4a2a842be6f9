"""civicgraph.sparql.text: one loader for every .rq file, the catalogue folder, the form."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyparsing import ParserElement

from civicgraph import resources
from civicgraph.analyse.sparql import load_query as load_analysis_query
from civicgraph.cli import main
from civicgraph.errors import QueryError
from civicgraph.linking.candidates import load_query as load_linking_query
from civicgraph.query import run_query
from civicgraph.sparql.client import resolve_endpoint
from civicgraph.sparql.text import (
    QueryForm,
    QuerySyntaxError,
    detect_form,
    find_query,
    inspect,
    load_catalogue,
    load_query,
    load_sparql,
    parse_query,
    shipped_query,
)
from civicgraph.store import replace_store
from civicgraph.triplesource import EmbeddedSource, EndpointSource
from tests.seed import IRIS, ROOT

SHIPPED = {
    "civicgraph.sparql": ROOT / "src" / "civicgraph" / "sparql",
    "civicgraph.analyse.sparql": ROOT / "src" / "civicgraph" / "analyse" / "sparql",
}


# -- one loader ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("load", "package", "name"),
    [
        (load_sparql, "civicgraph.sparql", "triples_per_graph"),
        (load_analysis_query, "civicgraph.analyse.sparql", "evidence"),
    ],
)
def test_internal_loaders_read_through_the_one_loader(
    load: object, package: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The library's and the analysis' .rq files are read by shipped_query, header and all."""
    text = (SHIPPED[package] / f"{name}.rq").read_text(encoding="utf-8")
    assert load(name) == text  # type: ignore[operator]
    assert shipped_query(package, name).text == text


def test_linking_loader_reads_through_the_one_loader() -> None:
    """The Wikidata linker's queries come from the same loader."""
    path = ROOT / "src" / "civicgraph" / "linking" / "queries" / "labels.rq"
    assert load_linking_query("labels") == path.read_text(encoding="utf-8")
    assert shipped_query("civicgraph.linking", "labels", folder="queries").name == "labels"


def test_shipped_query_reads_its_header() -> None:
    """The header reader serves shipped queries too: the labels query declares its parameter."""
    labels = shipped_query("civicgraph.sparql", "labels")
    assert [(p.name, p.type) for p in labels.parameters] == [("s", "iri")]
    assert labels.form is QueryForm.SELECT


def test_not_utf8_query_file_is_one_line(tmp_path: Path) -> None:
    """A query file that is not UTF-8 is refused with its path, not a traceback."""
    path = tmp_path / "latin.rq"
    path.write_bytes("SELECT * WHERE { ?s ?p 'мәслихат' }".encode("utf-16"))
    with pytest.raises(QueryError) as caught:
        load_query(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot read the query: ")
    assert "codec can't decode" in message
    assert "\n" not in message


def test_catalogue_defaults_to_the_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside a project folder, the shipped catalogue answers (resources.catalogue_dir)."""
    monkeypatch.chdir(tmp_path)
    assert find_query("events_all").path == resources.catalogue_dir() / "events_all.rq"
    names = [q.name for q in load_catalogue()]
    assert names == sorted(p.stem for p in resources.catalogue_dir().glob("*.rq"))
    assert "events_all" in names


def test_project_catalogue_overrides_the_shipped_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A project's own queries/ folder is used when there is one."""
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "events_all.rq").write_text(
        "# title: Our own events\nSELECT * WHERE { }\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert find_query("events_all").title == "Our own events"
    assert [q.name for q in load_catalogue()] == ["events_all"]


def test_catalogue_folder_argument_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An explicit folder is used as given, even where a queries/ folder exists."""
    monkeypatch.chdir(ROOT)
    (tmp_path / "mine.rq").write_text("# title: Mine\nASK {}\n", encoding="utf-8")
    assert [q.title for q in load_catalogue(tmp_path)] == ["Mine"]


# -- the form, read by the grammar --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("ASK{}", QueryForm.ASK),
        ("prefix x: <http://e/>\nconstruct { ?s x:p ?o } where { ?s x:p ?o }", QueryForm.CONSTRUCT),
        ("BASE <http://e/>\n# SELECT in a comment\nDESCRIBE <x>", QueryForm.DESCRIBE),
        ('SELECT ("CONSTRUCT" AS ?x) WHERE {}', QueryForm.SELECT),
        ("PREFIX ask: <http://e/>\nSELECT ?s WHERE { ?s ask:p ?o }", QueryForm.SELECT),
        ("DELETE WHERE { ?s ?p ?o }", QueryForm.UPDATE),
        ("INSERT DATA { <http://e/s> <http://e/p> 1 }", QueryForm.UPDATE),
        ("DROP ALL", QueryForm.UPDATE),
        ("WITH <http://e/g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", "UPDATE"),
        ("# c\nLOAD <http://e/data.ttl>", QueryForm.UPDATE),
    ],
)
def test_form_comes_from_the_grammar(text: str, form: str) -> None:
    """Lower case, comments, strings, prefixes named like keywords and updates are read right."""
    assert detect_form(text) == form


def test_every_catalogue_query_has_the_form_the_engine_answers() -> None:
    """The grammar's form agrees with the kind of answer Oxigraph gives, query by query."""
    kinds = {
        ox.QuerySolutions: {QueryForm.SELECT},
        ox.QueryBoolean: {QueryForm.ASK},
        ox.QueryTriples: {QueryForm.CONSTRUCT, QueryForm.DESCRIBE},
    }
    for query in load_catalogue(ROOT / "queries"):
        answer = ox.Store().query(query.text)
        assert query.form in kinds[type(answer)], query.name


def test_text_neither_grammar_reads_names_line_and_column() -> None:
    """A text that is no query and no update is a syntax error with its position."""
    with pytest.raises(QuerySyntaxError) as caught:
        inspect("SELECT * WHERE {\n  ?s ?p\n}", path="bad.rq")
    assert str(caught.value).startswith("bad.rq:3:2: SPARQL syntax error: expected one of")


def test_syntax_error_of_an_unfinished_pattern_is_one_line(tmp_path: Path) -> None:
    """The engine's "expected one of" list spans lines; the error must stay one line."""
    path = tmp_path / "cut.rq"
    path.write_text("SELECT * WHERE { ?s ?p\n", encoding="utf-8")
    replace_store(tmp_path / "store", [], iris=IRIS)
    result = CliRunner().invoke(main, ["query", str(path), "--store", str(tmp_path / "store")])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"error: {path}:2:1: SPARQL syntax error: expected one of")


def test_update_is_not_run(tmp_path: Path) -> None:
    """An update handed to `civicgraph query` is refused as an update, and nothing changes."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o")))
    path = tmp_path / "wipe.rq"
    path.write_text("DELETE WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(QueryError) as caught:
        run_query(find_query(str(path)), EmbeddedSource(store, iris=IRIS))
    assert str(caught.value) == (
        f"{path}: this is a SPARQL update; civicgraph query only reads, updates are not run "
        "(hint: change the records and run 'civicgraph build' instead)"
    )
    assert len(store) == 1


def test_update_is_not_run_on_an_endpoint_either(tmp_path: Path) -> None:
    """The refusal comes before any request, so no endpoint is contacted."""
    path = tmp_path / "drop.rq"
    path.write_text("DROP ALL\n", encoding="utf-8")
    with pytest.raises(QueryError, match="updates are not run"):
        run_query(
            find_query(str(path)),
            EndpointSource(resolve_endpoint("http://127.0.0.1:9/query"), iris=IRIS),
        )


def test_cli_says_updates_are_not_run(tmp_path: Path) -> None:
    """The command line shows the refusal on one line and exits non-zero."""
    path = tmp_path / "insert.rq"
    path.write_text("INSERT DATA { <http://e/s> <http://e/p> 1 }\n", encoding="utf-8")
    replace_store(tmp_path / "store", [], iris=IRIS)
    result = CliRunner().invoke(main, ["query", str(path), "--store", str(tmp_path / "store")])
    assert result.exit_code != 0
    assert "updates are not run" in result.stderr
    assert "expected CONSTRUCT" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- SERVICE ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "service"),
    [
        (
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "http://127.0.0.1:9/sparql",
        ),
        ("ASK { OPTIONAL { SERVICE SILENT <http://e/sparql> { ?s ?p ?o } } }", "http://e/sparql"),
        ("SELECT * WHERE { ?x <http://e/p> ?svc . SERVICE ?svc { ?s ?p ?o } }", "?svc"),
        (
            "CONSTRUCT { ?s ?p ?o } WHERE { { SELECT * WHERE { SERVICE <http://e/q> { ?s ?p ?o } } } }",
            "http://e/q",
        ),
    ],
)
def test_service_is_refused_on_the_embedded_store(text: str, service: str) -> None:
    """A SERVICE anywhere in the query is found by the parser and refused before running."""
    assert inspect(text).services == (service,)
    query = parse_query(text, name="remote", path=Path("remote.rq"))
    with pytest.raises(QueryError) as caught:
        run_query(query, EmbeddedSource(ox.Store(), iris=IRIS))
    assert str(caught.value) == (
        f"remote.rq: SERVICE {service} is not run on the embedded store "
        "(a remote service could hang the query) "
        "(hint: run the query on that endpoint with --endpoint URL, without SERVICE)"
    )


def test_the_word_service_in_a_string_is_no_service() -> None:
    """Only a SERVICE clause counts, not the word in a literal or a comment."""
    text = '# SERVICE <http://e/> { }\nSELECT ?x WHERE { BIND("SERVICE <http://e/> {}" AS ?x) }'
    result = run_query(parse_query(text, name="words"), EmbeddedSource(ox.Store(), iris=IRIS))
    assert result.values("x") == {"SERVICE <http://e/> {}"}


@pytest.fixture(params=["plain", "packrat"])
def grammar_caching(request: pytest.FixtureRequest) -> Iterator[str]:
    """pyparsing as it is, and with the packrat cache a library may turn on for everyone
    (matplotlib's mathtext does)."""
    was_on = ParserElement._packratEnabled
    if request.param == "packrat":
        ParserElement.enable_packrat()
    yield str(request.param)
    if not was_on:
        ParserElement.disable_memoization()


def test_a_refused_text_keeps_nothing_its_caller_held(grammar_caching: str) -> None:
    """Refusals are remembered by text; what a caller held while asking (in serve, a store's
    iterator) must be freed with the caller, not pinned by a remembered traceback."""

    class Held:
        pass

    def ask_while_holding(held: Held) -> None:
        assert held  # a local of the frame the refusal is raised under
        try:
            # a text of its own: a text read before is answered from memory, never parsed
            inspect(f"SELEC ?nothing WHERE {{ ?nothing ?{grammar_caching} ?here }}")
        except QuerySyntaxError:
            return  # the refusal is dropped here: only a remembered copy could outlive it
        raise AssertionError("a text no grammar reads was accepted")

    held = Held()
    freed = weakref.ref(held)
    ask_while_holding(held)
    del held
    gc.collect()
    assert freed() is None


@pytest.mark.parametrize("text", ["", "  \n", "# only a comment\n"])
def test_an_empty_query_is_said_to_be_empty_not_an_update(text: str) -> None:
    with pytest.raises(QueryError, match="the query is empty"):
        inspect(text)
