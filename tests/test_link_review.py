"""The review file, its CLI, and the RDF the build gets from accepted links."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import socket
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.cli.link import link_group
from civicgraph.errors import LinkError
from civicgraph.iris import Iris
from civicgraph.linking.rdf import link_node_iri, link_quads, same_as_quads
from civicgraph.linking.review import REVIEW_FILE, read_review, render_review
from civicgraph.linking.workflow import Decision, review_links

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://example.org/cg"
ON = dt.date(2025, 4, 3)


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "entities", target / "entities")
    (target / "links").mkdir()
    shutil.copy(ROOT / "data" / REVIEW_FILE, target / REVIEW_FILE)
    return target


def test_seed_review_file_accepts_only_links_the_linker_proposed():
    review = read_review(ROOT / "data" / REVIEW_FILE)
    accepted = review.accepted_links()
    assert accepted["place/astana"] == "Q1520"
    assert "org/senate-kz" not in accepted
    assert all(review.entries[e].reviewer == "civicgraph maintainers" for e in accepted)


def test_the_review_file_round_trips_unchanged():
    path = ROOT / "data" / REVIEW_FILE
    assert render_review(read_review(path)) == path.read_text(encoding="utf-8")


def test_link_quads_give_exact_match_with_score_and_review_in_the_links_graph():
    quads = link_quads(ROOT / "data", iris=Iris(BASE))
    entity = ox.NamedNode(f"{BASE}/id/place/astana")
    graph = ox.NamedNode(f"{BASE}/graph/links")
    exact = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
    assert (
        ox.Quad(entity, exact, ox.NamedNode("http://www.wikidata.org/entity/Q1520"), graph) in quads
    )
    node = ox.NamedNode(link_node_iri(Iris(BASE), "place/astana"))
    assert node.value == f"{BASE}/id/link/place/astana/wikidata"
    predicates = {q.predicate.value.rsplit("/", 1)[-1] for q in quads if q.subject == node}
    assert {"prov#value", "dateAccepted", "contributor", "22-rdf-syntax-ns#subject"} <= predicates
    store = ox.Store()
    store.extend(quads)
    assert len(store) == len(set(quads))


def test_same_as_is_only_an_export_variant():
    quads = same_as_quads(ROOT / "data", iris=Iris(BASE))
    assert {q.predicate.value for q in quads} == {"http://www.w3.org/2002/07/owl#sameAs"}
    assert len(quads) == len(read_review(ROOT / "data" / REVIEW_FILE).accepted_links())


def test_rejecting_a_link_removes_it_from_the_build(data):
    review_links(data, [Decision("place/astana", accept=False)], reviewer="me", on=ON)
    entry = read_review(data / REVIEW_FILE).entries["place/astana"]
    assert (entry.status, entry.reviewer, entry.reviewed_at) == ("rejected", "me", "2025-04-03")
    assert not [q for q in link_quads(data, iris=Iris(BASE)) if "astana" in q.subject.value]


def test_accepting_an_entity_without_a_proposal_says_what_to_do(data):
    with pytest.raises(LinkError, match="nothing to accept") as caught:
        review_links(data, [Decision("org/senate-kz", accept=True)], reviewer="me", on=ON)
    assert "org/senate-kz=Q" in str(caught.value)


def test_review_cli_accepts_non_interactively(data):
    result = CliRunner().invoke(
        link_group,
        ["review", "--data", str(data), "--reject", "place/abai-region", "--date", "2025-04-03"],
    )
    assert result.exit_code == 0, result.output
    assert read_review(data / REVIEW_FILE).entries["place/abai-region"].status == "rejected"


def test_review_cli_without_decisions_off_a_terminal_is_a_usage_error(data):
    result = CliRunner().invoke(link_group, ["review", "--data", str(data)])
    assert result.exit_code == 2
    assert "--accept ID" in result.output


def test_offline_cli_with_an_empty_cache_opens_no_socket_and_names_the_unresolved(
    data, tmp_path, monkeypatch
):
    def no_network(*args, **kwargs):
        raise AssertionError("offline mode opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    before = (data / REVIEW_FILE).read_text(encoding="utf-8")
    result = CliRunner().invoke(
        link_group,
        ["wikidata", "--data", str(data), "--offline", "--cache", str(tmp_path / "c")],
    )
    assert result.exit_code == 1, result.output
    assert "could not resolve" in result.output
    assert "place/astana" in result.output
    assert (data / REVIEW_FILE).read_text(encoding="utf-8") == before, "nothing is forgotten"


@pytest.mark.server
def test_link_wikidata_out_writes_rdf_and_leaves_data_alone(data, tmp_path, oxigraph_server):
    server = oxigraph_server()
    server.load(ROOT / "tests" / "fixtures" / "wikidata" / "snapshot.ttl")
    before = (data / REVIEW_FILE).read_text(encoding="utf-8")
    out = tmp_path / "proposals.ttl"
    args = ["wikidata", "--data", str(data), "--endpoint", server.query_url, "--no-cache"]
    result = CliRunner().invoke(
        link_group, [*args, "--rate", "0", "--entities", "place/astana", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(path=out, format=ox.RdfFormat.TURTLE))
    assert any(t.object.value == "http://www.wikidata.org/entity/Q1520" for t in triples)
    assert (data / REVIEW_FILE).read_text(encoding="utf-8") == before


SKOS_EXACT_MATCH = "http://www.w3.org/2004/02/skos/core#exactMatch"
RDF_PREDICATE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"


@pytest.mark.server
def test_link_out_asserts_no_match_nobody_reviewed(data, tmp_path, oxigraph_server):
    """--out writes candidates: the reified statement with its review status "proposed",
    never a skos:exactMatch triple, which only an accepted review asserts."""
    server = oxigraph_server()
    server.load(ROOT / "tests" / "fixtures" / "wikidata" / "snapshot.ttl")
    out = tmp_path / "proposals.nt"
    args = ["wikidata", "--data", str(data), "--endpoint", server.query_url, "--no-cache"]
    result = CliRunner().invoke(
        link_group, [*args, "--rate", "0", "--entities", "place/astana", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    triples = list(ox.parse(path=out, format=ox.RdfFormat.N_TRIPLES))
    assert not [t for t in triples if t.predicate.value == SKOS_EXACT_MATCH]
    assert [t.object.value for t in triples if t.predicate.value == RDF_PREDICATE] == [
        SKOS_EXACT_MATCH
    ]
    notes = {t.object.value for t in triples if t.predicate.value.endswith("#note")}
    assert notes == {"review status: proposed"}
    assert "candidate links (not reviewed)" in result.output


@pytest.mark.server
def test_link_records_what_it_found_before_reporting_what_it_did_not(
    data, tmp_path, oxigraph_server, fault_server
):
    """The endpoint fails after the country is linked: its proposal is in the review file,
    the unresolved entity is named, and the exit code is still 1."""
    server = oxigraph_server()
    server.load(ROOT / "tests" / "fixtures" / "wikidata" / "snapshot.ttl")
    (data / REVIEW_FILE).unlink()
    args = ["wikidata", "--data", str(data), "--no-cache", "--rate", "0", "--retries", "0"]
    probe = fault_server()
    probe.mode, probe.redirect_to = "proxy", server.url
    first = ["--entities", "place/kazakhstan"]
    counted = CliRunner().invoke(link_group, [*args, "--endpoint", f"{probe.url}/query", *first])
    assert counted.exit_code == 0, counted.output
    (data / REVIEW_FILE).unlink()
    failing = fault_server()
    failing.mode, failing.redirect_to, failing.budget = "proxy", server.url, probe.forwarded
    result = CliRunner().invoke(
        link_group,
        [*args, "--endpoint", f"{failing.url}/query", *first, "--entities", "place/astana"],
    )
    assert result.exit_code == 1, result.output
    assert "could not resolve" in result.output
    assert "place/astana" in result.output
    review = read_review(data / REVIEW_FILE)
    assert review.entries["place/kazakhstan"].status == "proposed"
    assert review.entries["place/kazakhstan"].qid == "Q232"
    assert "place/astana" not in review.entries


def test_link_timeout_bounds_a_dripping_endpoint_and_still_writes(data, tmp_path, fault_server):
    """link wikidata --timeout: a server dripping one byte a second is cut off; the run
    writes what it has, names the unresolved entity and exits 1."""
    server = fault_server()
    server.mode = "drip"
    out = tmp_path / "proposals.ttl"
    started = time.monotonic()
    result = CliRunner().invoke(
        link_group,
        [
            *("wikidata", "--data", str(data), "--endpoint", f"{server.url}/sparql"),
            *("--no-cache", "--rate", "0", "--retries", "0", "--timeout", "1.5"),
            *("--entities", "place/astana", "--out", str(out)),
        ],
    )
    assert result.exit_code == 1, result.output
    assert "timed out after 1.5 s without a complete answer" in result.output
    assert "could not resolve" in result.output
    assert out.is_file()
    assert time.monotonic() - started < 6


def test_link_retries_a_stalled_endpoint_once_per_run_and_says_so(data, tmp_path, fault_server):
    """A dripping server with --retries 1: the first lookup waits twice --timeout (plus
    one backoff second) and names the timeout; the later lookups are not sent at all, so
    the run's wait is the bound --help states, not that bound per entity."""
    server = fault_server()
    server.mode = "drip"
    started = time.monotonic()
    result = CliRunner().invoke(
        link_group,
        [
            *("wikidata", "--data", str(data), "--endpoint", f"{server.url}/sparql"),
            *("--no-cache", "--rate", "0", "--retries", "1", "--timeout", "1"),
            *("--entities", "place/kazakhstan", "--entities", "org/undp"),
            *("--out", str(tmp_path / "proposals.ttl")),
        ],
    )
    elapsed = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert len(server.requests) == 2
    assert elapsed < 6
    lines = result.output.splitlines()
    first = next(line for line in lines if line.startswith("unresolved place/kazakhstan"))
    assert re.search(
        r"timed out after 1 s without a complete answer \(gave up after 2 attempts, \d+ s in "
        r"all\) \(hint: the server is slow or stalled; raise --timeout, or lower --retries",
        first,
    ), first
    later = next(line for line in lines if line.startswith("unresolved org/undp"))
    assert "not asked: an earlier request of this run timed out 2 time(s) after 1 s" in later
    assert lines[-1].startswith("could not resolve (not in the cache or endpoint unreachable): ")
    assert "timed out after 1 s" in lines[-1]


def test_link_help_states_what_retries_do_to_the_wait() -> None:
    """--timeout is per request; --help says how retries multiply it and where it ends."""
    result = CliRunner().invoke(link_group, ["wikidata", "--help"])
    text = " ".join(result.output.split())
    assert (
        "a stalled server holds the run for at most (retries + 1) × timeout plus those waits"
        in text
    )
    assert "(5 × 60 + 15 s by default); after that the run sends no more requests." in text


def test_link_refuses_credentials_in_the_endpoint_url_before_anything_runs(data):
    before = (data / REVIEW_FILE).read_text(encoding="utf-8")
    url = "http://u:s3cret@127.0.0.1:9/sparql"
    result = CliRunner().invoke(main, ["link", "wikidata", "--data", str(data), "--endpoint", url])
    assert result.exit_code == 2
    assert "credentials in the --endpoint are refused" in result.output
    assert "s3cret" not in result.output
    assert (data / REVIEW_FILE).read_text(encoding="utf-8") == before
