"""The network projection of the seed graph, its measures, paths, exports and picture."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from civicgraph.analyse import ProjectionView, project_graph
from civicgraph.analyse.draw import draw_network, render_network
from civicgraph.analyse.exports import GraphFormat, export_network, nodes_csv_path
from civicgraph.analyse.metrics import Measure, measure_network, pagerank, rank_nodes
from civicgraph.analyse.paths import ego_network, find_paths, resolve_entity
from civicgraph.build import build_dataset
from civicgraph.errors import ExportError, QueryError
from civicgraph.triplesource import EmbeddedSource
from tests.seed import DATA, IRIS, ONTOLOGY

ASHIMBAYEV = "person/maulen-ashimbayev"
WAWIERNIA = "person/katarzyna-wawiernia"
TOKAYEV = "person/kassym-jomart-tokayev"
PROGRAMME = "programme/undp-kz-regional-programme"
GOVERNMENT = "org/government-kz"
EVENT = "event/council-maslikhats-extended-meeting-2025-04"


@pytest.fixture(scope="session")
def seed_source() -> EmbeddedSource:
    dataset = build_dataset(DATA, ONTOLOGY, iris=IRIS)
    return EmbeddedSource.from_quads(dataset.quads, iris=IRIS)


@pytest.fixture(scope="session")
def network(seed_source: EmbeddedSource) -> nx.MultiDiGraph:
    return project_graph(seed_source)


def predicates(graph: nx.MultiDiGraph, u: str, v: str) -> dict[str, dict[str, object]]:
    return {str(d["predicate"]): d for d in graph.get_edge_data(u, v, default={}).values()}


def test_nodes_are_the_entities_with_labels_in_three_languages(network: nx.MultiDiGraph) -> None:
    """Every entity of the authority file is a node with its type and kk/en/ru labels."""
    assert network.number_of_nodes() >= 49
    data = network.nodes[ASHIMBAYEV]
    assert data["type"] == "Person"
    assert data["label_kk"] == "Мәулен Әшімбаев"
    assert data["label_en"] == "Maulen Ashimbayev"
    assert data["label_ru"] == "Маулен Ашимбаев"
    assert all(n.count("/") == 1 for n in network)  # ids, never excerpts or sources


def test_ashimbayev_reaches_the_senate_through_his_post(network: nx.MultiDiGraph) -> None:
    """Ashimbayev holds the chair of the Senate (a collapsed PostHolding) and the post is in the Senate."""
    holds = predicates(network, ASHIMBAYEV, "post/chairman-senate-kz")["holds"]
    assert holds["status"] == "StatusCurrent"
    assert holds["event"] == EVENT
    assert holds["evidence_count"] == 2
    assert "postIn" in predicates(network, "post/chairman-senate-kz", "org/senate-kz")
    assert not network.has_edge(ASHIMBAYEV, "org/senate-kz")


def test_programme_partners_are_undp_and_the_government(network: nx.MultiDiGraph) -> None:
    """The Regional Programme has exactly two partner edges: UNDP and the Government of Kazakhstan."""
    partners = {
        v for _, v, d in network.out_edges(PROGRAMME, data=True) if d["predicate"] == "partner"
    }
    assert partners == {"org/undp", GOVERNMENT}


def test_programme_regions_carry_their_role(network: nx.MultiDiGraph) -> None:
    """Abai and Ulytau are pilot regions, Zhetysu and Kyzylorda planned ones, as the edge's role says."""
    roles = {
        v: d["role"]
        for _, v, d in network.out_edges(PROGRAMME, data=True)
        if d["predicate"] == "programmeRegion"
    }
    assert roles == {
        "place/abai-region": "RegionPilot",
        "place/ulytau-region": "RegionPilot",
        "place/zhetysu-region": "RegionPlanned",
        "place/kyzylorda-region": "RegionPlanned",
    }
    pilot = predicates(network, PROGRAMME, "place/abai-region")["programmeRegion"]
    assert pilot["label_en"] == "pilot region"
    assert pilot["label_kk"] == "пилоттық өңір"


def test_tokayev_is_only_mentioned_at_the_meeting(network: nx.MultiDiGraph) -> None:
    """Tokayev is mentioned at the meeting and never a participant of it."""
    assert set(predicates(network, EVENT, TOKAYEV)) == {"mentions"}
    assert not network.has_edge(TOKAYEV, EVENT)
    assert all(
        d["predicate"] != "participatedIn" for _, _, d in network.out_edges(TOKAYEV, data=True)
    )
    mention = predicates(network, EVENT, TOKAYEV)["mentions"]
    assert mention["context"] == "quote/ashimbayev-responsible-local-governance"


def test_participation_edges_keep_roles_and_capacity(network: nx.MultiDiGraph) -> None:
    """Wawiernia's participation keeps her roles and capacity; what she presented is its own edge."""
    participation = predicates(network, WAWIERNIA, EVENT)["participatedIn"]
    assert participation["role"] == "RolePresenter RoleSpeaker"
    assert participation["capacity"] == "post/undp-resident-representative-kz"
    assert participation["evidence_count"] == 3
    assert "presented" in predicates(network, WAWIERNIA, PROGRAMME)


def test_every_edge_names_its_fact_and_evidence(network: nx.MultiDiGraph) -> None:
    """Each edge has a fact id and at least one evidence IRI, counted."""
    for _, _, data in network.edges(data=True):
        assert data["fact"]
        assert data["evidence_count"] == len(data["evidence"].split()) >= 1


def test_projection_is_deterministic(seed_source: EmbeddedSource, network: nx.MultiDiGraph) -> None:
    """Projecting twice gives the same nodes and edges in the same order."""
    again = project_graph(seed_source)
    assert list(again.nodes(data=True)) == list(network.nodes(data=True))
    assert list(again.edges(keys=True, data=True)) == list(network.edges(keys=True, data=True))


def test_keep_nary_keeps_facts_as_nodes(seed_source: EmbeddedSource) -> None:
    """With keep_nary the participation is a node linked to participant, event and capacity."""
    graph = project_graph(seed_source, view=ProjectionView(keep_nary=True))
    fact = "participation/extended-meeting-maulen-ashimbayev"
    assert graph.nodes[fact]["kind"] == "fact"
    assert graph.nodes[fact]["roles"] == "RoleOpener RoleSpeaker"
    assert set(graph.successors(fact)) == {ASHIMBAYEV, EVENT, "post/chairman-senate-kz"}
    assert not graph.has_edge(ASHIMBAYEV, EVENT)


def test_view_can_leave_out_types_and_families(seed_source: EmbeddedSource) -> None:
    """Excluded types are not nodes and excluded families make no edges."""
    view = ProjectionView(exclude_types=frozenset({"Topic"}), families=frozenset({"binary"}))
    graph = project_graph(seed_source, view=view)
    assert all(d["type"] != "Topic" for _, d in graph.nodes(data=True))
    assert {d["family"] for _, _, d in graph.edges(data=True)} == {"binary"}


def test_unknown_family_is_refused() -> None:
    """A misspelt relation family is a QueryError naming the known ones."""
    with pytest.raises(QueryError, match=r"unknown relation family 'holdings'.*holding"):
        ProjectionView(families=frozenset({"holdings"}))


def test_path_from_wawiernia_to_the_government_goes_through_the_programme(
    seed_source: EmbeddedSource, network: nx.MultiDiGraph
) -> None:
    """The shortest path Wawiernia → Government runs through the programme she presented, with evidence."""
    report = find_paths(seed_source, network, WAWIERNIA, GOVERNMENT)
    assert report.length == 2
    through = [path for path in report.paths if path.nodes == (WAWIERNIA, PROGRAMME, GOVERNMENT)]
    assert len(through) == 1
    first, second = through[0].steps
    assert [f.predicate for f in first.facts] == ["presented"]
    assert [f.predicate for f in second.facts] == ["partner"]
    (span,) = second.facts[0].evidence
    assert span.exact == "БҰҰДБ мен Қазақстан Үкіметі бірге әзірлеген жаңа Өңірлік бағдарламаны"
    assert span.source.endswith("/id/source/maslikhat-council-extended-meeting")
    assert span.start is not None
    assert span.end is not None
    assert span.end - span.start == len(span.exact)


def test_external_evidence_has_a_source_but_no_span(
    seed_source: EmbeddedSource, network: nx.MultiDiGraph
) -> None:
    """A fact cited from a page not held (Council under the Senate) gives its source and no offsets."""
    report = find_paths(seed_source, network, "org/council-maslikhats", "org/senate-kz")
    (span,) = report.paths[0].steps[0].facts[0].evidence
    assert span.source.endswith("/id/source/undp-kz-wawiernia-speech-2025-04-03")
    assert span.start is None
    assert span.exact is None


def test_entities_resolve_by_label_in_any_language(network: nx.MultiDiGraph) -> None:
    """Ids, labels in kk/en/ru and a unique word resolve to the node id."""
    assert resolve_entity(network, "Мәулен Әшімбаев") == ASHIMBAYEV
    assert resolve_entity(network, "маулен ашимбаев") == ASHIMBAYEV
    assert resolve_entity(network, "Wawiernia") == WAWIERNIA
    assert resolve_entity(network, PROGRAMME) == PROGRAMME


def test_unknown_entity_gets_the_closest_match(network: nx.MultiDiGraph) -> None:
    """A misspelt name is a QueryError whose hint names the closest id."""
    with pytest.raises(
        QueryError,
        match=r"unknown entity 'Tokaev' \(hint: did you mean person/kassym-jomart-tokayev\?\)",
    ):
        resolve_entity(network, "Tokaev")


def test_ambiguous_entity_lists_the_candidates(network: nx.MultiDiGraph) -> None:
    """A name several labels contain is refused with the ids to choose from."""
    with pytest.raises(
        QueryError, match=r"'Government of Kazakhstan' matches 2 entities.*org/government-kz"
    ):
        resolve_entity(network, "Government of Kazakhstan")


def test_ego_network_of_a_region(network: nx.MultiDiGraph) -> None:
    """Abai's radius-1 neighbourhood is the region, Kazakhstan and the programme."""
    ego = ego_network(network, "place/abai-region", radius=1)
    assert sorted(ego) == ["place/abai-region", "place/kazakhstan", PROGRAMME]
    assert ego.number_of_edges() == 2


def test_stats_count_types_and_components(network: nx.MultiDiGraph) -> None:
    """The seed network is one component; counts per type and predicate add up."""
    stats = measure_network(network)
    assert stats.nodes == network.number_of_nodes()
    assert stats.components == 1
    assert stats.nodes_per_type["Person"] == 3
    assert sum(stats.edges_per_predicate.values()) == stats.edges == network.number_of_edges()
    assert 0 < stats.density < 1


@pytest.mark.parametrize("measure", list(Measure))
def test_central_ranks_are_ordered(network: nx.MultiDiGraph, measure: Measure) -> None:
    """Every measure returns top-N scores in descending order."""
    scores = rank_nodes(network, measure=measure, top=5)
    assert [s.rank for s in scores] == [1, 2, 3, 4, 5]
    assert [s.score for s in scores] == sorted((s.score for s in scores), reverse=True)


def test_meeting_and_programme_are_most_central_by_degree(network: nx.MultiDiGraph) -> None:
    """By degree the meeting and the programme lead the seed network."""
    top = rank_nodes(network, measure=Measure.DEGREE, top=2)
    assert {s.node for s in top} == {EVENT, PROGRAMME}


def test_pagerank_matches_the_textbook_cycle() -> None:
    """PageRank of a directed 3-cycle is uniform and sums to one."""
    cycle = nx.DiGraph()
    cycle.add_edges_from([("a", "b"), ("b", "c"), ("c", "a")], weight=1)
    scores = pagerank(cycle)
    assert scores == pytest.approx({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})


def test_top_must_be_positive(network: nx.MultiDiGraph) -> None:
    """--top 0 is refused with a hint."""
    with pytest.raises(QueryError, match="--top must be at least 1"):
        rank_nodes(network, top=0)


def _same(expected: nx.MultiDiGraph, actual: nx.MultiDiGraph, *, drop: set[str]) -> None:
    assert actual.number_of_nodes() == expected.number_of_nodes()
    assert actual.number_of_edges() == expected.number_of_edges()
    for node, data in expected.nodes(data=True):
        assert {k: v for k, v in actual.nodes[node].items() if k not in drop} == {
            k: v for k, v in data.items() if k not in drop
        }
    for u, v, key, data in expected.edges(keys=True, data=True):
        got = actual.get_edge_data(u, v, key)
        assert got is not None, (u, v, key)
        assert {k: x for k, x in got.items() if k not in drop} == {
            k: x for k, x in data.items() if k not in drop
        }


def test_graphml_round_trips_through_networkx(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    """GraphML re-read by networkx has the same nodes, edges and typed attributes."""
    path = tmp_path / "seed.graphml"
    result = export_network(network, path, fmt=GraphFormat.GRAPHML, lang="kk")
    assert (result.nodes, result.edges) == (network.number_of_nodes(), network.number_of_edges())
    back = nx.read_graphml(path, force_multigraph=True)
    _same(network, back, drop={"label"})
    assert back.nodes[ASHIMBAYEV]["label"] == "Мәулен Әшімбаев"
    edge = back.get_edge_data(PROGRAMME, "place/abai-region")
    assert next(iter(edge.values()))["evidence_count"] == 1  # an integer, typed in the file


def test_gexf_round_trips_through_networkx(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    """GEXF re-read by networkx has the same nodes, edges and attributes."""
    path = tmp_path / "seed.gexf"
    export_network(network, path, fmt=GraphFormat.GEXF, lang="en")
    back = nx.read_gexf(path)
    assert back.is_directed()
    assert back.is_multigraph()
    _same(network, back, drop={"label", "id"})
    assert back.nodes[WAWIERNIA]["label"] == "Katarzyna Wawiernia"
    assert "lastmodifieddate" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(GraphFormat))
def test_exports_are_byte_identical(
    network: nx.MultiDiGraph, tmp_path: Path, fmt: GraphFormat
) -> None:
    """Exporting the same graph twice gives the same bytes."""
    first, second = tmp_path / f"a.{fmt.value}", tmp_path / f"b.{fmt.value}"
    export_network(network, first, fmt=fmt)
    export_network(network, second, fmt=fmt)
    assert first.read_bytes() == second.read_bytes()
    if fmt is GraphFormat.CSV:
        assert nodes_csv_path(first).read_bytes() == nodes_csv_path(second).read_bytes()


def test_json_and_csv_hold_every_node_and_edge(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    """Node-link JSON reads back into networkx; the CSV tables have one row per node and edge."""
    export_network(network, tmp_path / "n.json", fmt=GraphFormat.JSON)
    back = nx.node_link_graph(
        json.loads((tmp_path / "n.json").read_text(encoding="utf-8")), edges="edges"
    )
    _same(network, back, drop={"label"})
    export_network(network, tmp_path / "n.csv", fmt=GraphFormat.CSV, lang="ru")
    edges = (tmp_path / "n.csv").read_text(encoding="utf-8").splitlines()
    nodes = (tmp_path / "n-nodes.csv").read_text(encoding="utf-8").splitlines()
    assert edges[0].startswith("Source,Target,Id,Label,Type")
    assert len(edges) == network.number_of_edges() + 1
    assert len(nodes) == network.number_of_nodes() + 1
    assert any("Маулен Ашимбаев" in line for line in nodes)


def test_export_into_a_file_path_that_is_a_folder_fails_clearly(
    network: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """Writing where a folder stands is an ExportError naming the path."""
    target = tmp_path / "taken.graphml"
    target.mkdir()
    with pytest.raises(ExportError, match=r"taken\.graphml"):
        export_network(network, target, fmt=GraphFormat.GRAPHML)


def test_svg_picture_has_kazakh_labels_as_text(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    """The SVG is valid XML, set in DejaVu Sans, with the Kazakh labels as text."""
    pytest.importorskip("matplotlib")
    path = tmp_path / "seed.svg"
    drawing = draw_network(network, path, lang="kk")
    assert drawing.size > 10_000
    text = path.read_text(encoding="utf-8")
    root = ET.fromstring(text)  # noqa: S314 - parses the file this test just wrote
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    for label in ("Мәулен Әшімбаев", "Қасым-Жомарт Тоқаев", "Ұлытау облысы", "Жетісу облысы"):
        assert label in text
    assert "Maulen Ashimbayev" not in text
    assert "DejaVu Sans" in text


def test_svg_picture_is_deterministic(network: nx.MultiDiGraph) -> None:
    """Drawing the same graph twice gives the same SVG bytes."""
    pytest.importorskip("matplotlib")
    assert render_network(network, fmt="svg", lang="en") == render_network(
        network, fmt="svg", lang="en"
    )


def test_png_picture_is_a_png(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    """A .png path gives a non-empty PNG file."""
    pytest.importorskip("matplotlib")
    path = tmp_path / "ego.png"
    draw_network(ego_network(network, PROGRAMME, radius=1), path, lang="ru")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_unknown_picture_format_is_refused(network: nx.MultiDiGraph, tmp_path: Path) -> None:
    """A .pdf target is an ExportError with a hint."""
    with pytest.raises(ExportError, match=r"cannot draw 'pdf' \(hint: write a .svg or .png file\)"):
        draw_network(network, tmp_path / "x.pdf")
