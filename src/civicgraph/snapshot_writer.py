"""Write a dataset's canonical snapshot (civicgraph.snapshot) without holding the dataset.

The build hands statements over graph by graph, in any order. They are kept up to a
memory budget; a full buffer is sorted and spilled as two runs (civicgraph.external_sort):
one in N-Quads order — graph, then statement — for ``dataset.nq``, one by statement for
the union ``dataset.nt``. At the end each set of runs is merged into its file, each line
once, so the files are byte for byte what ``Snapshot.from_statements`` makes of the same
statements in memory. A dataset that fits in one buffer never touches the scratch folder.

A graph whose statements depend on the counts of the others (the VoID description,
civicgraph.metadata) is given by ``finish(describe=…)``: the N-Quads merge counts each
graph's distinct statements first, and the described graph's block is put in its place
when ``dataset.nq`` is assembled from the merged blocks.

Cost (2-core benchmark machine): the buffer takes ~1.3× the bytes of its lines; the merge
passes the data through Python once per file (~1 µs a line).
"""

from __future__ import annotations

import heapq
import itertools
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any, BinaryIO

from civicgraph.external_sort import ExternalSort, unique, write_lines
from civicgraph.io import atomic_writer
from civicgraph.snapshot import (
    DEFAULT_GRAPH,
    NQUADS_FILE,
    NTRIPLES_FILE,
    GraphBlock,
    Snapshot,
    canonical,
    graph_order,
    write_manifest,
)

DEFAULT_BUFFER = 64 * 2**20
"""Bytes of statements held before a spill: ~85 MB of memory with Python's own per-line
overhead, and a run of ~64 MB per file and spill."""

_LINE_OVERHEAD = 48
"""What a statement costs in memory beyond its bytes: the bytes object's header and its
place in a list."""

_GRAPH_SEPARATOR = b"\t"
"""Between graph name and statement in an N-Quads run: below every byte of an IRI, so a
graph's lines sort before those of any graph whose name it begins."""

_COPY_CHUNK = 1 << 20

Describe = Callable[[Mapping[str, int]], Mapping[str, Iterable[bytes]]]
"""Distinct statements per graph → statements of further graphs (the dataset description)."""


def _suffix(graph: str) -> bytes:
    return b" ." if graph == DEFAULT_GRAPH else f" <{graph}> .".encode()


class SnapshotWriter:
    """Collects statements (N-Triples lines without the final " ."), then writes the snapshot.

    With ``folder=None`` everything stays in memory and ``finish`` returns an in-memory
    snapshot; with a folder, statements beyond ``buffer_bytes`` (``DEFAULT_BUFFER``) go
    to sorted runs in ``scratch`` (default: ``folder/.runs``), removed when the snapshot
    is written.
    """

    def __init__(
        self,
        folder: Path | None,
        *,
        buffer_bytes: int | None = None,
        scratch: Path | None = None,
        count_suffix: bytes | None = None,
    ) -> None:
        """``count_suffix``: count the distinct statements ending with it (``counted``)."""
        self.folder = folder
        if folder is None:
            self.budget: int | None = None
        else:
            self.budget = buffer_bytes if buffer_bytes is not None else DEFAULT_BUFFER
        self.scratch = scratch if scratch is not None else (folder or Path()) / ".runs"
        self.count_suffix = count_suffix
        self.counted = 0
        self._buffer: defaultdict[str, list[bytes]] = defaultdict(list)
        self._held = 0
        self._quads: ExternalSort | None = None
        self._triples: ExternalSort | None = None

    def add(self, graph: str, statement: bytes) -> None:
        self._buffer[graph].append(statement)
        if self.budget is not None:
            self._held += len(statement) + _LINE_OVERHEAD
            if self._held > self.budget:
                self._spill()

    def _spill(self) -> None:
        if self._quads is None or self._triples is None:
            self._quads = ExternalSort(self.scratch, name="quads")
            self._triples = ExternalSort(self.scratch, name="triples")
        names = sorted(self._buffer, key=graph_order)
        for name in names:
            self._buffer[name].sort()
        self._quads.add_run(
            (name.encode() + _GRAPH_SEPARATOR, self._buffer[name]) for name in names
        )
        # Each graph's lines are sorted runs already: Timsort merges them.
        union = sorted(itertools.chain.from_iterable(self._buffer.values()))
        self._buffer.clear()
        self._triples.add_run([(b"", union)], suffix=b" .")
        del union
        self._held = 0

    def close(self) -> None:
        """Drop what was collected without writing anything."""
        self._buffer.clear()
        for runs in (self._quads, self._triples):
            if runs is not None:
                runs.close()
        if self._quads is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)

    # -- the end ------------------------------------------------------------------
    def finish(self, describe: Describe | None = None) -> Snapshot:
        """Write (or assemble, in memory) the snapshot, with the graphs ``describe``
        makes from the distinct statements counted per graph."""
        if self._quads is None:
            return self._finish_in_memory(describe)
        assert self.folder is not None
        assert self._triples is not None
        try:
            if self._buffer:
                self._spill()
            merged = self.scratch / "merged.nq"
            blocks = self._merge_quads(merged)
            extra = self._described(describe, {b.name: b.triples for b in blocks})
            graphs = self._assemble_nquads(merged, blocks, extra)
            extra_union = canonical(itertools.chain.from_iterable(extra.values()))
            with atomic_writer(self.folder / NTRIPLES_FILE) as out:
                out.writelines(self._triples.merged(line + b" .\n" for line in extra_union))
            write_manifest(self.folder, graphs)
        finally:
            self._quads.close()
            self._triples.close()
            shutil.rmtree(self.scratch, ignore_errors=True)
        return Snapshot.read(self.folder)

    def _finish_in_memory(self, describe: Describe | None) -> Snapshot:
        statements = {name: canonical(lines) for name, lines in self._buffer.items()}
        self._buffer.clear()
        if self.count_suffix is not None:
            self.counted = sum(
                line.endswith(self.count_suffix) for lines in statements.values() for line in lines
            )
        extra = self._described(describe, {name: len(lines) for name, lines in statements.items()})
        for name, lines in extra.items():
            statements[name] = canonical([*statements.get(name, ()), *lines])
        snapshot = Snapshot.from_statements(statements)
        if self.folder is None:
            return snapshot
        snapshot.write(self.folder)
        return Snapshot.read(self.folder)

    @staticmethod
    def _described(describe: Describe | None, counts: Mapping[str, int]) -> dict[str, list[bytes]]:
        if describe is None:
            return {}
        return {name: canonical(lines) for name, lines in describe(dict(counts)).items()}

    def _merge_quads(self, path: Path) -> list[GraphBlock]:
        """The N-Quads runs merged into ``path``, graph after graph; the blocks written."""
        assert self._quads is not None
        blocks: list[GraphBlock] = []
        with path.open("wb") as out:
            position = 0
            for graph, lines in itertools.groupby(
                self._quads.merged(), key=lambda line: line[: line.index(_GRAPH_SEPARATOR)]
            ):
                name = graph.decode()
                tail = _suffix(name) + b"\n"
                counted = self.count_suffix + tail if self.count_suffix is not None else None
                skip = len(graph) + 1
                size = count = 0
                while written := [line[skip:-1] + tail for line in _bounded(lines)]:
                    out.writelines(written)
                    size += sum(map(len, written))
                    count += len(written)
                    if counted is not None:
                        self.counted += sum(line.endswith(counted) for line in written)
                blocks.append(GraphBlock(name, position, position + size, count))
                position += size
        return blocks

    def _assemble_nquads(
        self, merged: Path, blocks: list[GraphBlock], extra: Mapping[str, list[bytes]]
    ) -> tuple[GraphBlock, ...]:
        """``dataset.nq``: the merged blocks with the described graphs in their places."""
        assert self.folder is not None
        by_name = {block.name: block for block in blocks}
        out_blocks: list[GraphBlock] = []
        with merged.open("rb") as source, atomic_writer(self.folder / NQUADS_FILE) as out:
            position = 0
            for name in sorted(by_name.keys() | extra.keys(), key=graph_order):
                block, added = by_name.get(name), extra.get(name, [])
                tail = _suffix(name)
                if block is not None and not added:
                    size, count = _copy(source, out, block.start, block.end), block.triples
                else:
                    lines: Iterable[bytes] = (line + tail + b"\n" for line in added)
                    if block is not None:
                        lines = unique(heapq.merge(_read_block(source, block), lines))
                    size = count = 0
                    for line in lines:
                        out.write(line)
                        size += len(line)
                        count += 1
                out_blocks.append(GraphBlock(name, position, position + size, count))
                position += size
        merged.unlink()
        return tuple(out_blocks)


def _bounded(lines: Iterator[bytes], size: int = 8192) -> list[bytes]:
    return list(itertools.islice(lines, size))


def _copy(source: BinaryIO, out: IO[Any], start: int, end: int) -> int:
    source.seek(start)
    left = end - start
    while left > 0:
        chunk = source.read(min(_COPY_CHUNK, left))
        if not chunk:
            break
        out.write(chunk)
        left -= len(chunk)
    return end - start


def _read_block(source: BinaryIO, block: GraphBlock) -> Iterator[bytes]:
    source.seek(block.start)
    left = block.end - block.start
    while left > 0:
        line = source.readline()
        if not line:
            return
        left -= len(line)
        yield line


__all__ = ["DEFAULT_BUFFER", "Describe", "SnapshotWriter", "write_lines"]
