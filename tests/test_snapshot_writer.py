"""The snapshot written from sorted runs on disk is, byte for byte, the one made in memory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from civicgraph.external_sort import ExternalSort
from civicgraph.snapshot import Snapshot
from civicgraph.snapshot_writer import SnapshotWriter

# Graph names where one begins another, and the default graph: the orders that matter.
GRAPHS = ["", "https://e.org/g/a", "https://e.org/g/a/b", "https://e.org/g/ab", "https://e.org/g/z"]
DESCRIBED = "https://e.org/g/m"

statements = st.lists(
    st.tuples(
        st.sampled_from(GRAPHS),
        st.builds(
            lambda s, p, o, tag: f'<https://e.org/id/{s}> <https://e.org/p{p}> "{o}"{tag}'.encode(),
            st.integers(0, 30),
            st.integers(0, 3),
            st.text(alphabet="aé ж-", max_size=4),
            st.sampled_from(["", "@en", "@en-gb", "^^<https://e.org/t>"]),
        ),
    ),
    max_size=400,
)


def describe(counts: Mapping[str, int]) -> dict[str, list[bytes]]:
    return {
        DESCRIBED: [
            f'<https://e.org/count/{n}> <https://e.org/of> "{name}:{counts[name]}"'.encode()
            for n, name in enumerate(sorted(counts))
        ]
    }


def write(folder: Path | None, items: list[tuple[str, bytes]], buffer: int) -> Snapshot:
    writer = SnapshotWriter(folder, buffer_bytes=buffer, count_suffix=b'"a"')
    for graph, statement in items:
        writer.add(graph, statement)
    snapshot = writer.finish(describe)
    assert writer.counted == len({(g, s) for g, s in items if s.endswith(b'"a"')}), (
        "distinct statements ending with the suffix"
    )
    return snapshot


@settings(max_examples=60, deadline=None)
@given(items=statements)
def test_spilled_runs_give_the_bytes_made_in_memory(tmp_path_factory, items) -> None:
    """Any statements, spilled every few hundred bytes and merged, give the snapshot that
    sorting them in memory gives: the same N-Quads, N-Triples and graph blocks."""
    in_memory = write(None, items, buffer=0)
    folder = tmp_path_factory.mktemp("snapshot")
    on_disk = write(folder, items, buffer=300)
    assert on_disk.nquads == in_memory.nquads
    assert on_disk.ntriples == in_memory.ntriples
    assert on_disk.graphs == in_memory.graphs
    assert sorted(p.name for p in folder.iterdir()) == [
        "dataset.nq",
        "dataset.nt",
        "snapshot.json",
    ], "the runs are removed once merged"


def test_the_described_graph_counts_distinct_statements(tmp_path: Path) -> None:
    """The description sees each graph's distinct statements, a repeat counted once."""
    items = [("https://e.org/g/a", b"<urn:s> <urn:p> <urn:o>")] * 3 + [
        ("https://e.org/g/z", b"<urn:s> <urn:p> <urn:o>")
    ]
    snapshot = write(tmp_path, items, buffer=10)
    assert b'"https://e.org/g/a:1"' in snapshot.nquads
    assert b'"https://e.org/g/z:1"' in snapshot.nquads
    assert snapshot.ntriples.count(b"<urn:s> <urn:p> <urn:o> .\n") == 1


def test_runs_beyond_the_open_file_limit_are_merged_first(tmp_path: Path) -> None:
    """More runs than may be open at once are merged into longer runs as they come; the
    merge still yields every line once, in order."""
    lines = [f"line {n:04d}".encode() for n in range(200)]
    with ExternalSort(tmp_path, name="t", max_open=3) as runs:
        for start in range(0, 200, 10):
            runs.add_run([(b"", sorted(lines[start : start + 10] + lines[:2]))])
            assert len(runs.runs) <= 4
        merged = [line.rstrip(b"\n") for line in runs.merged()]
    assert merged == lines
    assert list(tmp_path.iterdir()) == []
