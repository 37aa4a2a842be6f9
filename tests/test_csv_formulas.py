"""No CSV civicgraph writes makes a spreadsheet run a formula: a cell beginning with =, +,
-, @, a tab or a carriage return is prefixed with ' (OWASP, "CSV Injection") in `query
--format csv` and in every CSV `civicgraph serve` sends; a number stays a number."""

from __future__ import annotations

import csv
import io
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.results import render_csv
from tests.serve_support import RunningServer, build_seed_store, fetch, serve

FORMULAS = {
    '=HYPERLINK("http://evil.example","x")': '\'=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0": "'-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0": "'@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1": "'\t=1+1",
    "\r=1+1": "'\r=1+1",
}
KEPT = ["-5", "+1.5e3", "42", "a = b", "Sénat — 2025", "'quoted"]
QUERY = (
    "SELECT ?cell WHERE { VALUES ?cell { "
    + " ".join(
        '"'
        + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
        + '"'
        for text in [*FORMULAS, *KEPT]
    )
    + " } }"
)


def cells(data: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == ["cell"]
    return [row[0] for row in rows[1:]]


EXPECTED = [*FORMULAS.values(), *KEPT]


def test_the_csv_writer_makes_formulas_text_and_keeps_numbers() -> None:
    rows = [(ox.Literal(text),) for text in [*FORMULAS, *KEPT]]
    assert cells(render_csv(["cell"], rows)) == EXPECTED
    # an IRI or an unbound cell cannot begin a formula: written as they are
    iri_and_nothing = render_csv(["a", "b"], [(ox.NamedNode("http://example.org/x"), None)])
    assert iri_and_nothing == b"a,b\r\nhttp://example.org/x,\r\n"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed_store(tmp_path_factory.mktemp("csv") / "store")


def test_query_format_csv_makes_formulas_text(store_path: Path, tmp_path: Path) -> None:
    query = tmp_path / "formulas.rq"
    query.write_text(QUERY + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["query", str(query), "--store", str(store_path), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert cells(result.stdout_bytes) == EXPECTED


def test_query_format_tsv_makes_formulas_text_too(store_path: Path, tmp_path: Path) -> None:
    """A spreadsheet opens TSV as it opens CSV: its cells are defused the same way."""
    query = tmp_path / "formulas.rq"
    query.write_text(QUERY + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["query", str(query), "--store", str(store_path), "--format", "tsv"]
    )
    assert result.exit_code == 0, result.output
    answer = ox.parse_query_results(result.stdout_bytes, format=ox.QueryResultsFormat.TSV)
    assert isinstance(answer, ox.QuerySolutions)
    assert [solution[0].value for solution in answer] == EXPECTED  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def server(store_path: Path) -> Iterator[RunningServer]:
    with serve(store_path) as running:
        yield running


def test_every_csv_the_site_sends_makes_formulas_text(server: RunningServer) -> None:
    query = urllib.parse.quote(QUERY)
    downloads = [
        fetch(f"{server.url}/query?sparql={query}&format=csv"),
        fetch(f"{server.url}/sparql?query={query}&format=csv"),
        fetch(f"{server.url}/sparql?query={query}", headers={"Accept": "text/csv"}),
        fetch(
            f"{server.url}/sparql",
            data=QUERY.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
        ),
    ]
    for answer in downloads:
        assert answer.status == 200, answer.text[:200]
        assert answer.headers["content-type"].startswith("text/csv")
        assert cells(answer.body) == EXPECTED


def test_a_catalogue_download_goes_through_the_same_writer(server: RunningServer) -> None:
    answer = fetch(f"{server.url}/query?name=regions_by_role&format=csv")
    assert answer.status == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="regions_by_role.csv"'
    rows = list(csv.reader(io.StringIO(answer.body.decode("utf-8"), newline="")))
    assert len(rows) > 1
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
