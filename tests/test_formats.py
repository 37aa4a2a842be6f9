"""civicgraph.formats: the one registry of formats, and its writer of RDF."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from civicgraph.formats import (
    FORMATS,
    Writer,
    by_media_type,
    find_format,
    format_named,
    query_formats,
    rdf_format,
    rdf_formats,
    results_formats,
    write_rdf,
)

S, P = ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p")
ONE, TWO = ox.NamedNode("https://example.org/g1"), ox.NamedNode("https://example.org/g2")
SAID_TWICE = [ox.Quad(S, P, ox.Literal("x"), ONE), ox.Quad(S, P, ox.Literal("x"), TWO)]


def test_every_name_and_alias_names_one_format() -> None:
    names = [name for f in FORMATS for name in (f.name, *f.aliases)]
    assert len(names) == len(set(names))
    for fmt in FORMATS:
        for name in (fmt.name, *fmt.aliases, fmt.name.upper()):
            assert find_format(name) is fmt, name
    assert find_format("n3") is None
    with pytest.raises(KeyError):
        format_named("n3")
    with pytest.raises(KeyError):
        rdf_format("csv")  # a format, but no RDF one


def test_every_media_type_is_one_pyoxigraph_reads_as_that_format() -> None:
    for fmt in rdf_formats():
        for media in fmt.media_types:
            assert ox.RdfFormat.from_media_type(media) == fmt.rdf, media
            assert by_media_type(f"{media}; charset=utf-8", rdf_formats()) is fmt
    for fmt in results_formats():
        for media in fmt.media_types:
            assert ox.QueryResultsFormat.from_media_type(media) == fmt.results, media
            assert by_media_type(media.upper(), results_formats()) is fmt
    # one media type, two formats: which one is decided by what is offered
    assert by_media_type("application/xml", rdf_formats()) is rdf_format("rdfxml")
    assert by_media_type("application/xml", results_formats()) is format_named("xml")


def test_the_defaults_come_first() -> None:
    assert rdf_formats()[0].name == "turtle"
    assert results_formats()[0].name == "json"
    assert query_formats()[0].writer is Writer.TABLE
    assert {f.name for f in query_formats()} == {f.name for f in FORMATS}


@pytest.mark.parametrize("name", [f.name for f in rdf_formats()])
def test_a_format_without_graphs_gets_each_triple_once(name: str) -> None:
    chosen = rdf_format(name)
    written = write_rdf(SAID_TWICE, chosen)
    if chosen.writer is Writer.JSONLD:
        document = json.loads(written)
        assert {g["@id"] for g in document["@graph"]} == {ONE.value, TWO.value}
        return
    read = list(ox.parse(written, format=chosen.rdf))
    if chosen.keeps_graphs:
        assert {q.graph_name for q in read} == {ONE, TWO}  # type: ignore[union-attr]
    else:
        assert [q.triple for q in read] == [SAID_TWICE[0].triple]


def test_only_rdf_formats_are_written_as_rdf() -> None:
    with pytest.raises(ValueError, match="csv is not an RDF format"):
        write_rdf(SAID_TWICE, format_named("csv"))


def test_turtle_is_written_with_the_prefixes_given() -> None:
    written = write_rdf(SAID_TWICE, rdf_format("turtle"), prefixes={"ex": "https://example.org/"})
    assert written == b'@prefix ex: <https://example.org/> .\nex:s ex:p "x" .\n'
