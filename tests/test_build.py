"""The seed graph answers the questions the article answers, with the span that says so."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from civicgraph.build import Dataset, build_dataset
from civicgraph.iris import Iris
from civicgraph.store import memory_store
from tests.seed import ARTICLE, ARTICLE_ID, BASE, CIV, DATA, IRIS, ONTOLOGY, iri

PREFIXES = f"""
PREFIX civ: <{CIV}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX schema: <http://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dct: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return build_dataset(DATA, ONTOLOGY, iris=IRIS)


@pytest.fixture(scope="module")
def store(dataset: Dataset) -> ox.Store:
    return memory_store(dataset.quads)


def select(store: ox.Store, body: str) -> list[tuple[str, ...]]:
    result = store.query(PREFIXES + body, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return sorted(
        tuple(str(row[n].value) if row[n] is not None else "" for n in names) for row in result
    )


def test_opener_is_the_senate_chairman(store: ox.Store) -> None:
    """Who opened the meeting: Ashimbayev, in his capacity as Chairman of the Senate."""
    rows = select(
        store,
        """SELECT ?person ?capacity WHERE {
             ?p a civ:Participation ; civ:participationRole civ:RoleOpener ;
                civ:participant ?person ; civ:capacity ?capacity }""",
    )
    assert rows == [(iri("person/maulen-ashimbayev"), iri("post/chairman-senate-kz"))]


def test_meeting_place_kind_body_and_date_source(store: ox.Store) -> None:
    """Where and by whom the meeting was held; its date cites the UNDP page, not the article."""
    rows = select(
        store,
        """SELECT ?place ?kind ?body ?date WHERE {
             ?e a civ:Meeting ; civ:location ?place ; civ:eventKind ?kind ;
                civ:heldBy ?body ; civ:date ?date }""",
    )
    event = iri("event/council-maslikhats-extended-meeting-2025-04")
    assert rows == [
        (
            iri("place/astana"),
            f"{CIV}KindExtendedMeeting",
            iri("org/council-maslikhats"),
            "2025-04-03",
        )
    ]
    cited = select(
        store,
        f"""SELECT ?evidence WHERE {{
              ?a a civ:Assertion ; rdf:subject <{event}> ; rdf:predicate civ:date ;
                 prov:wasDerivedFrom ?evidence }}""",
    )
    assert cited == [(f"{BASE}/id/source/undp-kz-wawiernia-speech-2025-04-03",)]


def test_named_participants_are_exactly_two_persons(store: ox.Store) -> None:
    """Named participants: Ashimbayev and Wawiernia, nobody else (Tokayev is only mentioned)."""
    rows = select(
        store,
        """SELECT DISTINCT ?person WHERE {
             ?p a civ:Participation ; civ:participant ?person . ?person a civ:Person }""",
    )
    assert rows == [(iri("person/katarzyna-wawiernia"),), (iri("person/maulen-ashimbayev"),)]


def test_groups_take_part_as_groups(store: ox.Store) -> None:
    """The four participant groups are Groups, drawn from bodies or kinds of body, not persons."""
    rows = select(
        store,
        """SELECT ?group WHERE {
             ?p a civ:Participation ; civ:participant ?group . ?group a civ:Group
             FILTER NOT EXISTS { ?group a civ:Person } }""",
    )
    assert [r[0].rsplit("/", 1)[-1] for r in rows] == [
        "government-members",
        "international-organisation-representatives",
        "maslikhat-representatives",
        "senate-members",
    ]


def test_mentioned_not_participating(store: ox.Store) -> None:
    """Persons mentioned but not taking part: President Tokayev only."""
    rows = select(
        store,
        """SELECT DISTINCT ?person WHERE {
             ?m a civ:Mention ; civ:mentionedEntity ?person . ?person a civ:Person
             FILTER NOT EXISTS { ?p civ:participant ?person } }""",
    )
    assert rows == [(iri("person/kassym-jomart-tokayev"),)]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("RegionPilot", [iri("place/abai-region"), iri("place/ulytau-region")]),
        ("RegionPlanned", [iri("place/kyzylorda-region"), iri("place/zhetysu-region")]),
    ],
)
def test_regions_by_role(store: ox.Store, role: str, expected: list[str]) -> None:
    """Pilot regions are Abai and Ulytau; planned are Zhetysu and Kyzylorda (plus unnamed others)."""
    rows = select(
        store,
        f"""SELECT ?region WHERE {{
              ?r a civ:ProgrammeRegion ; civ:regionRole civ:{role} ; civ:region ?region }}""",
    )
    assert [r[0] for r in rows] == expected


def test_unnamed_other_regions_are_not_invented(store: ox.Store) -> None:
    """'Other regions' are recorded by the text's words, with no region node."""
    rows = select(
        store,
        """SELECT ?text WHERE {
             ?r a civ:ProgrammeRegion ; civ:regionDescription ?text
             FILTER NOT EXISTS { ?r civ:region ?any } }""",
    )
    assert rows == [("өзге де облыстарды",)]


def test_programme_partners_and_start(store: ox.Store) -> None:
    """The programme's partners are UNDP and the Government of Kazakhstan; it started in 2024."""
    partners = select(store, "SELECT ?org WHERE { ?p a civ:Programme ; civ:partner ?org }")
    assert partners == [(iri("org/government-kz"),), (iri("org/undp"),)]
    start = select(store, "SELECT ?year WHERE { ?p a civ:Programme ; civ:startYear ?year }")
    assert start == [("2024",)]


def test_quotes_with_speaker_and_language(store: ox.Store) -> None:
    """Two direct quotes, by Ashimbayev and Wawiernia, in Kazakh."""
    rows = select(
        store,
        """SELECT ?speaker (LANG(?text) AS ?lang) WHERE {
             ?q a civ:Quote ; civ:speaker ?speaker ; civ:text ?text }""",
    )
    assert rows == [
        (iri("person/katarzyna-wawiernia"), "kk"),
        (iri("person/maulen-ashimbayev"), "kk"),
    ]


def test_four_priorities(store: ox.Store) -> None:
    """The Chairman named four priority directions."""
    rows = select(store, "SELECT ?p WHERE { ?s civ:speaker ?who ; civ:setsPriority ?p }")
    assert len(rows) == 4
    assert all(r[0].startswith(iri("priority/")) for r in rows)


def test_every_answer_has_a_span(store: ox.Store) -> None:
    """Each fact node and assertion is derived from an excerpt or a cited source document."""
    unsupported = select(
        store,
        """SELECT ?fact WHERE {
             { ?fact a civ:Assertion } UNION { ?fact a ?c . ?c rdfs:subClassOf+ civ:Fact }
             FILTER NOT EXISTS {
               ?fact prov:wasDerivedFrom ?e
               { ?e a civ:Excerpt } UNION { ?e a civ:SourceDocument } } }""",
    )
    assert unsupported == []


def test_excerpt_offsets_slice_to_exact_text(store: ox.Store) -> None:
    """Slicing the source text at every TextPositionSelector gives its TextQuoteSelector text."""
    text = ARTICLE.read_bytes().decode("utf-8")
    rows = select(
        store,
        f"""SELECT ?start ?end ?exact WHERE {{
              ?x oa:hasSource <{BASE}/id/source/{ARTICLE_ID}> ; oa:hasSelector ?p, ?q .
              ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
              ?q a oa:TextQuoteSelector ; oa:exact ?exact }}""",
    )
    assert len(rows) > 40
    for start, end, exact in rows:
        assert text[int(start) : int(end)] == exact


def test_source_document_carries_text_and_checksum(store: ox.Store) -> None:
    """The article node holds its full text (kk) and SHA-256; unknown metadata is recorded as unknown."""
    doc = f"{BASE}/id/source/{ARTICLE_ID}"
    rows = select(store, f"SELECT ?sha WHERE {{ <{doc}> civ:sha256 ?sha }}")
    assert rows == [("0caa521d4a854bea63db01f70364529a7999869ee4f79eb3bdc52d47f9c7e249",)]
    text = select(store, f"SELECT ?t (LANG(?t) AS ?l) WHERE {{ <{doc}> schema:text ?t }}")
    assert text == [(ARTICLE.read_text(encoding="utf-8"), "kk")]
    unknown = select(store, f"SELECT ?p WHERE {{ <{doc}> civ:unknownValueOf ?p }}")
    assert [r[0].rsplit("/", 1)[-1] for r in unknown] == ["date"]
    known = select(
        store,
        f"""SELECT ?publisher ?url ?language ?rights WHERE {{ <{doc}> civ:publisherEntity ?publisher ;
              schema:url ?url ; dct:language ?language ; dct:rights/rdfs:label ?rights }}""",
    )
    assert [row[:3] for row in known] == [
        (
            f"{BASE}/id/org/undp",
            "https://undp.org/kk/node/516396",
            "http://id.loc.gov/vocabulary/iso639-1/kk",
        )
    ]
    assert "UNDP Kazakhstan's" in known[0][3]


def test_post_holdings_follow_popolo(store: ox.Store) -> None:
    """A person holds a post only through a PostHolding with a status and the attesting event."""
    rows = select(
        store,
        """SELECT ?holder ?post ?status WHERE {
             ?h a civ:PostHolding ; civ:holder ?holder ; civ:post ?post ; civ:holdingStatus ?status }""",
    )
    assert rows == [
        (iri("person/kassym-jomart-tokayev"), iri("post/president-kz"), f"{CIV}StatusCurrent"),
        (
            iri("person/katarzyna-wawiernia"),
            iri("post/undp-resident-representative-kz"),
            f"{CIV}StatusCurrent",
        ),
        (iri("person/maulen-ashimbayev"), iri("post/chairman-senate-kz"), f"{CIV}StatusCurrent"),
    ]


def test_structure_of_bodies(store: ox.Store) -> None:
    """Senate is part of Parliament, the Council works under the Senate, UNDP is part of the UN."""
    rows = select(
        store,
        "SELECT ?a ?p ?b WHERE { VALUES ?p { civ:partOf civ:operatesUnder } ?a ?p ?b }",
    )
    assert rows == [
        (iri("org/council-maslikhats"), f"{CIV}operatesUnder", iri("org/senate-kz")),
        (iri("org/senate-kz"), f"{CIV}partOf", iri("org/parliament-kz")),
        (iri("org/undp"), f"{CIV}partOf", iri("org/united-nations")),
    ]


def test_every_entity_has_three_labels(store: ox.Store) -> None:
    """Every entity of the authority file has rdfs:label in kk, en and ru."""
    rows = select(
        store,
        f"""SELECT ?e WHERE {{
              GRAPH <{BASE}/graph/entities> {{ ?e a ?c }}
              FILTER NOT EXISTS {{ ?e rdfs:label ?kk . FILTER(LANG(?kk) = "kk") }}
            }}""",
    )
    assert rows == []
    langs = select(
        store,
        f"""SELECT DISTINCT (LANG(?l) AS ?lang) WHERE {{ GRAPH <{BASE}/graph/entities> {{ ?e rdfs:label ?l }} }}""",
    )
    assert langs == [("en",), ("kk",), ("ru",)]


def test_base_iri_is_configurable() -> None:
    """A different base mints every instance IRI under it, and nothing under the default."""
    other = build_dataset(DATA, ONTOLOGY, iris=Iris("https://example.org/civic/"))
    subjects = {q.subject.value for q in other.quads if isinstance(q.subject, ox.NamedNode)}
    assert "https://example.org/civic/id/person/maulen-ashimbayev" in subjects
    assert not any(s.startswith(f"{BASE}/id/") for s in subjects)


def test_every_sentence_of_the_article_is_covered(store: ox.Store) -> None:
    """Nothing stated is left out: each sentence of the article overlaps at least one excerpt."""
    import re  # noqa: PLC0415 - only this test splits sentences

    text = ARTICLE.read_bytes().decode("utf-8")
    spans = [
        (int(s), int(e))
        for s, e in select(
            store,
            f"""SELECT ?s ?e WHERE {{
                  ?x oa:hasSource <{BASE}/id/source/{ARTICLE_ID}> ; oa:hasSelector ?p .
                  ?p oa:start ?s ; oa:end ?e }}""",
        )
    ]
    uncovered = [
        m.group().strip()
        for m in re.finditer(r"[^.\n]+[.\n]?", text)
        if m.group().strip() and not any(s < m.end() and m.start() < e for s, e in spans)
    ]
    assert uncovered == []


def test_dataset_description_counts_what_is_published(dataset: Dataset, store: ox.Store) -> None:
    """The VoID description's triple counts equal the dataset's own, per graph and in total."""
    metadata_graph = f"{BASE}/graph/metadata"
    published = [q for q in dataset.quads if q.graph_name.value != metadata_graph]
    rows = select(
        store,
        """PREFIX void: <http://rdfs.org/ns/void#>
           SELECT ?subset ?n WHERE { ?d a void:Dataset ; void:subset ?subset . ?subset void:triples ?n }""",
    )
    per_graph = {name: int(n) for name, n in rows}
    assert sum(per_graph.values()) == len(published)
    assert per_graph[f"{BASE}/graph/source/{ARTICLE_ID}"] == sum(
        1 for q in published if q.graph_name.value == f"{BASE}/graph/source/{ARTICLE_ID}"
    )
    total = select(
        store,
        "PREFIX void: <http://rdfs.org/ns/void#> SELECT DISTINCT ?n WHERE { ?d void:subset ?s ; void:triples ?n }",
    )
    assert total == [(str(len(published)),)]


def test_reports_point_to_the_record_that_mints_a_node(dataset: Dataset) -> None:
    """After the build, the places of entities and fact nodes are kept as digests; a
    report still finds each id's file and line, and nothing for an id no record has."""
    entities = DATA / "entities" / "people.yaml"
    records = DATA / "records" / "maslikhat-council-extended-meeting.yaml"
    assert dataset.locate(iri("person/maulen-ashimbayev")) == f"{entities}:4"
    fact_node = iri("participation/extended-meeting-senate-members")
    assert dataset.locate(fact_node) == f"{records}:64"
    assert dataset.locate(iri("person/nobody-of-that-name")) is None
    assert dataset.locate("https://example.org/elsewhere") is None
