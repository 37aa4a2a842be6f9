"""The `query` and `queries` commands: formats, parameters, errors, and the generated docs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from civicgraph.build import build_dataset
from civicgraph.cli import main
from civicgraph.linking.rdf import link_quads
from civicgraph.results import display_width
from civicgraph.store import replace_store
from tests.seed import BASE, DATA, IRIS, ONTOLOGY, ROOT

CATALOGUE = ROOT / "queries"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An on-disk store of the seed graph, as `civicgraph build` writes it."""
    path = tmp_path_factory.mktemp("cli") / "store"
    replace_store(
        path, build_dataset(DATA, ONTOLOGY, extra_quads=link_quads, iris=IRIS).quads, iris=IRIS
    )
    return path


def invoke(store_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["query", *args, "--store", str(store_path), "--queries", str(CATALOGUE)]
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["who_opened_event", "regions_by_role", "quotes_all"])
def test_demo_queries_run(store_path: Path, name: str) -> None:
    """The three queries of `make demo` print a table and exit 0."""
    code, out, _ = invoke(store_path, name)
    assert code == 0
    assert out.splitlines()[1].startswith("─")


def test_table_shows_labels_in_the_chosen_language(store_path: Path) -> None:
    """--lang kk puts Kazakh labels beside the ids."""
    code, out, _ = invoke(store_path, "who_opened_event", "--lang", "kk")
    assert code == 0
    assert "Мәулен Әшімбаев (person/maulen-ashimbayev)" in out
    assert out.rstrip().endswith("(1 row)")


def test_table_columns_align_with_kazakh_text(store_path: Path) -> None:
    """Every row of the table starts its second column at the same display position."""
    code, out, _ = invoke(store_path, "regions_by_role", "--lang", "kk")
    assert code == 0
    lines = out.splitlines()[:-1]
    second = [display_width(line[: line.index("  ", 1) + 2]) for line in lines[2:]]
    assert len(second) == 5
    header_gap = out.splitlines()[1].index(" ") + 2
    assert set(second) == {header_gap}


def test_json_is_w3c_results(store_path: Path) -> None:
    """--format json follows SPARQL 1.1 Query Results JSON, with label columns added."""
    code, out, _ = invoke(store_path, "quotes_all", "--format", "json")
    assert code == 0
    document = json.loads(out)
    assert document["head"]["vars"][:3] == ["quote", "speaker", "speakerLabel"]
    (first, _second) = document["results"]["bindings"]
    assert first["text"]["xml:lang"] == "kk"
    assert first["speaker"] == {"type": "uri", "value": f"{BASE}/id/person/katarzyna-wawiernia"}
    parsed = ox.parse_query_results(out.encode(), format=ox.QueryResultsFormat.JSON)
    assert len(list(parsed)) == 2  # type: ignore[arg-type]


def test_csv_and_tsv(store_path: Path) -> None:
    """CSV has plain values with a header; TSV has terms in SPARQL syntax that parse back."""
    code, out, _ = invoke(store_path, "partners_by_programme", "--format", "csv")
    assert code == 0
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == [
        "programme",
        "programmeLabel",
        "partner",
        "partnerLabel",
        "type",
        "typeLabel",
    ]
    assert {row[3] for row in table[1:]} == {
        "United Nations Development Programme",
        "Government of the Republic of Kazakhstan",
    }
    code, out, _ = invoke(store_path, "quotes_all", "--format", "tsv")
    assert code == 0
    parsed = list(ox.parse_query_results(out.encode(), format=ox.QueryResultsFormat.TSV))  # type: ignore[arg-type]
    assert {s["lang"].value for s in parsed} == {"kk"}


def test_jsonl_and_limit(store_path: Path) -> None:
    """--format jsonl gives one object per row; --limit keeps the first."""
    code, out, _ = invoke(store_path, "regions_by_role", "--format", "jsonl", "--limit", "1")
    assert code == 0
    (line,) = out.splitlines()
    assert json.loads(line)["regionLabel"] == "Abai Region"


def test_construct_gives_turtle(store_path: Path) -> None:
    """A CONSTRUCT prints Turtle that parses back."""
    code, out, _ = invoke(store_path, "triples_about", "--format", "turtle")
    assert code == 0
    triples = list(ox.parse(out.encode(), format=ox.RdfFormat.TURTLE))
    assert len(triples) > 5


def test_construct_refuses_csv(store_path: Path) -> None:
    """A CONSTRUCT asked for CSV says which formats fit."""
    code, _, err = invoke(store_path, "triples_about", "--format", "csv")
    assert code == 2
    assert (
        err.strip()
        == "error: a CONSTRUCT query gives RDF, not csv (hint: use --format turtle or ntriples)"
    )


def test_param_option(store_path: Path) -> None:
    """--param binds; a malformed --param is named."""
    code, out, _ = invoke(
        store_path, "statements_search", "--param", "term=алтын көпір", "--format", "csv"
    )
    assert code == 0
    assert "wawiernia-golden-bridge" in out
    code, _, err = invoke(store_path, "statements_search", "--param", "term")
    assert code == 2
    assert err.strip() == "error: bad --param 'term' (hint: write --param name=value)"


def test_error_lines(store_path: Path) -> None:
    """Unknown name, missing parameter and unreachable endpoint: one line each, exit 2."""
    code, _, err = invoke(store_path, "quotes_al")
    assert (code, err.strip()) == (
        2,
        f"error: {CATALOGUE}: unknown query 'quotes_al' (hint: did you mean quotes_all?)",
    )
    code, _, err = invoke(store_path, "statements_search")
    assert code == 2
    assert "missing required parameter 'term'" in err
    code, _, err = invoke(store_path, "quotes_all", "--endpoint", "http://127.0.0.1:9/query")
    assert code == 2
    assert err.startswith("error: POST http://127.0.0.1:9/query: connection refused")
    assert err.count("\n") == 1


def test_queries_lists_the_catalogue() -> None:
    """`civicgraph queries` lists every query with its title and parameters."""
    result = CliRunner().invoke(main, ["queries", "--queries", str(CATALOGUE)])
    assert result.exit_code == 0
    for path in CATALOGUE.glob("*.rq"):
        assert path.stem in result.stdout
    assert "--param term=<string>  (required)" in result.stdout


def test_docs_queries_md_is_current() -> None:
    """docs/queries.md is what `civicgraph queries --markdown` prints (regenerate it if not)."""
    result = CliRunner().invoke(main, ["queries", "--markdown", "--queries", str(CATALOGUE)])
    assert result.exit_code == 0
    expected = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert result.stdout.replace(str(CATALOGUE), "queries") == expected, (
        "docs/queries.md is stale: run `civicgraph queries --markdown > docs/queries.md`"
    )
