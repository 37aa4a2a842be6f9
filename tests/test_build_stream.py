"""The build reads one document at a time and writes its snapshot through sorted runs,
with the snapshot and the first error a build that read everything first would give."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from civicgraph.build import build_dataset, build_snapshot
from civicgraph.errors import CivicGraphError, SourceError
from civicgraph.linking.rdf import link_quads
from tests.seed import DATA, IRIS, ONTOLOGY

# The seed's records files, in the order a build reads them.
DATABASE = "records/countries-states-cities-database.yaml"
ARTICLE = "records/maslikhat-council-extended-meeting.yaml"
PAGE = "records/undp-kz-wawiernia-speech-2025-04-03.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_error(data: Path) -> str:
    with pytest.raises(CivicGraphError) as caught:
        build_dataset(data, ONTOLOGY, iris=IRIS)
    return str(caught.value)


def test_snapshot_through_runs_equals_the_one_made_in_memory(tmp_path: Path) -> None:
    """The seed built to files, its statements spilled every 4 KB, gives the bytes, the
    graph blocks and the counts of the build in memory."""
    in_memory = build_dataset(DATA, ONTOLOGY, iris=IRIS, extra_quads=link_quads)
    folder = tmp_path / "snapshot"
    folder.mkdir()
    on_disk = build_snapshot(
        DATA, ONTOLOGY, folder, iris=IRIS, extra_quads=link_quads, buffer_bytes=4096
    )
    assert (folder / "dataset.nq").read_bytes() == in_memory.snapshot.nquads
    assert (folder / "dataset.nt").read_bytes() == in_memory.snapshot.ntriples
    assert on_disk.snapshot.graphs == in_memory.snapshot.graphs
    for count in ("entity_count", "fact_count", "excerpt_count", "source_count", "graph_counts"):
        assert getattr(on_disk, count) == getattr(in_memory, count), count
    assert in_memory.excerpt_count > 0
    assert sorted(p.name for p in folder.iterdir()) == ["dataset.nq", "dataset.nt", "snapshot.json"]


def test_a_fact_node_may_be_named_before_the_file_that_defines_it(data: Path) -> None:
    """A fact of an earlier records file may name a fact node a later file defines."""
    edit(
        data / DATABASE,
        "facts:\n",
        "facts:\n"
        "  - subject: participation/extended-meeting-maulen-ashimbayev\n"
        '    rdfs:label: {en: "The chairman\'s participation"}\n'
        "    evidence:\n"
        "      - source: countries-states-cities-database\n",
    )
    dataset = build_dataset(data, ONTOLOGY, iris=IRIS)
    assert b"The chairman's participation" in dataset.snapshot.nquads


def test_an_unknown_id_is_refused_once_every_file_is_read(data: Path) -> None:
    """An id no file defines is refused with the line that names it, and the hint
    suggests ids from every file, the later ones included."""
    edit(
        data / DATABASE,
        "facts:\n",
        'facts:\n  - subject: participation/extended-meeting-maulen-ashimbayv\n    rdfs:label: {en: "x"}\n    evidence:\n      - source: countries-states-cities-database\n',
    )
    message = first_error(data)
    assert (
        f"{data / DATABASE}:4: fact about participation/extended-meeting-maulen-ashimbayv"
        in message
    )
    assert "unknown entity 'participation/extended-meeting-maulen-ashimbayv'" in message
    assert "did you mean 'participation/extended-meeting-maulen-ashimbayev'" in message


def test_a_duplicate_id_of_a_later_file_comes_before_an_earlier_unknown_entity(
    data: Path,
) -> None:
    """Duplicate fact node ids are checked before any fact, as a build reading every file
    first does: the later duplicate is reported, not the earlier unknown entity."""
    edit(data / ARTICLE, "participant: person/maulen-ashimbayev", "participant: person/nobody")
    edit(
        data / PAGE,
        "facts:\n",
        "facts:\n"
        "  - id: participation/extended-meeting-senate-members\n"
        "    type: Participation\n"
        '    rdfs:label: {en: "again"}\n'
        "    evidence:\n"
        "      - source: undp-kz-wawiernia-speech-2025-04-03\n",
    )
    message = first_error(data)
    assert "duplicate id (first defined in" in message
    assert str(data / PAGE) in message


def test_a_syntax_error_of_a_later_file_comes_before_every_check(data: Path) -> None:
    """A records file that is not YAML is reported before a fact of an earlier file
    that names an unknown entity."""
    edit(data / ARTICLE, "participant: person/maulen-ashimbayev", "participant: person/nobody")
    edit(data / PAGE, "facts:\n", "facts:\n  - subject: [unclosed\n")
    message = first_error(data)
    assert message.startswith(f"{data / PAGE}:")
    assert "YAML error" in message


def test_an_unresolved_name_comes_before_a_later_error_of_another_kind(data: Path) -> None:
    """A well-formed id no file defines, named first, is reported before an evidence
    quote that a later file gets wrong."""
    edit(data / ARTICLE, "participant: person/maulen-ashimbayev", "participant: person/nobody")
    edit(
        data / PAGE,
        "facts:\n",
        "facts:\n"
        "  - subject: org/council-maslikhats\n"
        '    rdfs:label: {en: "x"}\n'
        "    evidence:\n"
        "      - source: maslikhat-council-extended-meeting\n"
        '        quote: "words the article never says"\n',
    )
    message = first_error(data)
    assert "unknown entity 'person/nobody'" in message


def test_a_source_metadata_problem_comes_before_a_duplicate_id(data: Path) -> None:
    """An unknown publisher is reported before a duplicate fact node id, but after a
    syntax error of a records file."""
    edit(
        data / "sources/countries-states-cities-database/source.yaml",
        "publisher: unknown",
        "publisher: org/no-such-publisher",
    )
    edit(
        data / PAGE,
        "facts:\n",
        "facts:\n"
        "  - id: participation/extended-meeting-senate-members\n"
        "    type: Participation\n"
        '    rdfs:label: {en: "again"}\n'
        "    evidence:\n"
        "      - source: undp-kz-wawiernia-speech-2025-04-03\n",
    )
    assert "unknown publisher 'org/no-such-publisher'" in first_error(data)
    edit(data / ARTICLE, "facts:\n", "facts:\n  - subject: [unclosed\n")
    assert "YAML error" in first_error(data)


def test_a_source_changed_while_the_build_reads_it_is_refused(data: Path) -> None:
    """A document is read twice (its statements, then its records' quotes): a file that
    changed in between is refused, not quoted from."""
    from civicgraph.records import read_source, with_text  # noqa: PLC0415

    meta = data / "sources" / "maslikhat-council-extended-meeting" / "source.yaml"
    source = read_source(meta)
    assert source.path is not None
    assert with_text(replace(source, text=None)).text == source.text
    source.path.write_bytes(source.path.read_bytes() + b" ")
    with pytest.raises(SourceError, match="the file changed while it was being read"):
        with_text(replace(source, text=None))


def test_a_fact_node_with_an_entity_id_names_the_authority_file(data: Path) -> None:
    """A fact node may not take an entity's id; the message names the authority file."""
    edit(
        data / PAGE,
        "facts:\n",
        "facts:\n"
        "  - id: org/senate-kz\n"
        "    type: Participation\n"
        '    rdfs:label: {en: "again"}\n'
        "    evidence:\n"
        "      - source: undp-kz-wawiernia-speech-2025-04-03\n",
    )
    message = first_error(data)
    assert "org/senate-kz: duplicate id (first defined in the authority file (" in message
    assert str(data / "entities") in message
