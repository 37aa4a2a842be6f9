"""The JSON-LD export is compacted with the shipped context and means exactly the dataset."""

from __future__ import annotations

import contextlib
import io
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from pyld import jsonld
from rdflib.compare import isomorphic

from civicgraph.build import build_dataset
from civicgraph.export import ExportFormat, serialize_snapshot
from civicgraph.jsonld import load_context
from civicgraph.linking.rdf import link_quads
from civicgraph.namespaces import PREFIXES
from civicgraph.snapshot import Snapshot
from tests.seed import BASE, DATA, IRIS, ONTOLOGY, ROOT, iri

DOC = ROOT / "docs" / "jsonld.md"


@cache
def seed_snapshot() -> Snapshot:
    return Snapshot.from_quads(
        build_dataset(DATA, ONTOLOGY, iris=IRIS, extra_quads=link_quads).quads
    )


@cache
def seed_jsonld() -> bytes:
    return serialize_snapshot(seed_snapshot(), ExportFormat.JSONLD)


def graphs_of(nquads: str) -> dict[str, rdflib.Graph]:
    """Named graph IRI -> its triples as an rdflib Graph."""
    dataset = rdflib.Dataset()
    dataset.parse(data=nquads, format="nquads")
    return {
        str(graph.identifier): rdflib.Graph().__iadd__(graph)
        for graph in dataset.graphs()
        if len(graph) > 0
    }


def test_expansion_gives_back_the_dataset_graph_by_graph() -> None:
    """pyld expands the export to RDF isomorphic to the snapshot, one named graph at a time."""
    document = json.loads(seed_jsonld())
    expanded = jsonld.to_rdf(jsonld.expand(document), {"format": "application/n-quads"})
    produced = graphs_of(expanded)
    expected = graphs_of(seed_snapshot().nquads.decode("utf-8"))
    assert sorted(produced) == sorted(expected)
    for name, graph in expected.items():
        assert len(produced[name]) == len(graph), name
        assert isomorphic(produced[name], graph), name


def test_oxigraph_reads_the_export_as_the_same_dataset() -> None:
    """A second JSON-LD processor (Oxigraph's) reads the same quads, blank nodes aside."""
    parsed = list(ox.parse(seed_jsonld(), format=ox.RdfFormat.JSON_LD))
    expected = list(ox.parse(seed_snapshot().nquads, format=ox.RdfFormat.N_QUADS))
    ground = {q for q in expected if not isinstance(q.subject, ox.BlankNode)}
    ground -= {q for q in ground if isinstance(q.object, ox.BlankNode)}
    assert len(parsed) == len(expected)
    assert ground <= set(parsed)


def test_export_is_compacted_with_types_and_language_maps() -> None:
    """Types are @type, labels are language maps, and no rdf:type property is left."""
    text = seed_jsonld().decode("utf-8")
    document = json.loads(text)
    assert document["@context"] == load_context()
    assert "rdf:type" not in text
    assert PREFIXES["rdf"] + "type" not in text
    graphs = {graph["@id"]: graph["@graph"] for graph in document["@graph"]}
    nodes = {node["@id"]: node for node in graphs[f"{BASE}/graph/entities"]}
    person = nodes[iri("person/maulen-ashimbayev")]
    assert person["@type"] == "civ:Person"
    assert set(person["label"]) == {"kk", "en", "ru"}
    assert person["label"]["en"] == "Maulen Ashimbayev"


def test_context_names_exactly_the_project_prefixes() -> None:
    """The shipped context's prefixes are civicgraph.namespaces.PREFIXES, no more, no less."""
    context = load_context()
    prefixes = {k: v for k, v in context.items() if isinstance(v, str)}
    assert prefixes == PREFIXES
    for term in ("label", "altLabel", "hiddenLabel", "prefLabel", "comment", "title"):
        assert context[term]["@container"] == "@language"


def test_export_bytes_are_deterministic() -> None:
    """Two serialisations of the same snapshot are byte-identical."""
    again = serialize_snapshot(
        Snapshot.from_quads(ox.parse(seed_snapshot().nquads, format=ox.RdfFormat.N_QUADS)),
        ExportFormat.JSONLD,
    )
    assert again == seed_jsonld()


def _blocks(language: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def test_documented_frame_prints_the_documented_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/jsonld.md's framing example, run on the seed export, prints what the page says."""
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "civicgraph.jsonld").write_bytes(seed_jsonld())
    monkeypatch.chdir(tmp_path)
    [code] = _blocks("python")
    [documented] = _blocks("text")
    printed = io.StringIO()
    namespace: dict[str, Any] = {}
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 - the documented example
    assert printed.getvalue() == documented
    holders = {
        row["person"].value
        for row in _seed_store().query(
            "SELECT DISTINCT ?person WHERE { GRAPH ?g { ?h <https://w3id.org/civicgraph/ontology#holder> ?person } }"
        )
    }
    assert len(documented.splitlines()) == len(holders) == 3


def _seed_store() -> ox.Store:
    store = ox.Store()
    store.bulk_load(seed_snapshot().nquads, format=ox.RdfFormat.N_QUADS)
    return store
