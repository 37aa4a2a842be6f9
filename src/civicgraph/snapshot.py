"""The dataset in canonical text form: the store's source for exports and validation.

Oxigraph's on-disk store answers selective queries in microseconds, but reading every
quad back out of it costs ~15 µs a quad (each term is a key lookup), against ~1.7 µs from
memory. Everything that needs the whole dataset — exports, validation, pushing to a
remote store — therefore reads this snapshot, written once by the build beside the
database:

- ``dataset.nq``: every quad as N-Quads, graph by graph (the default graph first, then
  named graphs sorted by IRI), each graph's lines sorted and unique;
- ``dataset.nt``: the union of all graphs as N-Triples, sorted and unique;
- ``snapshot.json``: where each graph's block starts and ends in ``dataset.nq``.

The canonical order is what makes exports byte-identical for the same input.
"""

from __future__ import annotations

import bisect
import json
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

import pyoxigraph as ox

from civicgraph.errors import StoreError
from civicgraph.io import write_bytes_atomic

NQUADS_FILE = "dataset.nq"
NTRIPLES_FILE = "dataset.nt"
MANIFEST_FILE = "snapshot.json"
FORMAT_VERSION = 1

CHUNK = 1 << 22
"""Bytes read at a time when a file of the snapshot is streamed (4 MiB)."""

DEFAULT_GRAPH = ""
"""The name a graph block uses for the default graph."""

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


@dataclass(frozen=True)
class GraphBlock:
    """One graph's lines in ``dataset.nq``: bytes ``start:end``, ``triples`` lines."""

    name: str
    start: int
    end: int
    triples: int

    @property
    def suffix(self) -> bytes:
        return b" ." if self.name == DEFAULT_GRAPH else f" <{self.name}> .".encode()


def _name(graph: GraphName) -> str:
    if isinstance(graph, ox.DefaultGraph):
        return DEFAULT_GRAPH
    if isinstance(graph, ox.BlankNode):
        raise StoreError(
            f"blank node graph name _:{graph.value}",
            hint="name every graph with an IRI; a snapshot cannot order blank node graphs",
        )
    return graph.value


def statement(subject: object, predicate: object, obj: object) -> bytes:
    """One statement as an N-Triples line without its final " .".

    ``str()`` of an Oxigraph term is its N-Triples syntax, written by Oxigraph (the same
    bytes as its serialiser), without building a Triple object per statement.
    """
    return f"{subject} {predicate} {obj}".encode()


def graph_order(name: str) -> tuple[bool, str]:
    return (name != DEFAULT_GRAPH, name)


def canonical(lines: Iterable[bytes]) -> list[bytes]:
    """Sorted, each line once. Repeats are rare: look for them (one pass in C) before
    paying for a set or dict of a million lines."""
    ordered = sorted(lines)
    if any(map(operator.eq, ordered, islice(ordered, 1, None))):
        return list(dict.fromkeys(ordered))
    return ordered


class Snapshot:
    """The canonical N-Quads and N-Triples of a dataset, and its graph blocks.

    One read from a store folder loads each file only when first asked for it: validation
    needs only the N-Triples, a TriG export only the N-Quads.
    """

    def __init__(
        self,
        nquads: bytes | None,
        ntriples: bytes | None,
        graphs: tuple[GraphBlock, ...],
        *,
        folder: Path | None = None,
    ) -> None:
        if folder is None and (nquads is None or ntriples is None):
            raise ValueError("a snapshot without a folder needs both texts")
        self._nquads = nquads
        self._ntriples = ntriples
        self.graphs = graphs
        self.folder = folder

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        return (self.graphs, self.nquads, self.ntriples) == (
            other.graphs,
            other.nquads,
            other.ntriples,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable cache, compared by content

    @property
    def nquads(self) -> bytes:
        if self._nquads is None:
            self._nquads = self._read(NQUADS_FILE)
        return self._nquads

    @property
    def ntriples(self) -> bytes:
        if self._ntriples is None:
            self._ntriples = self._read(NTRIPLES_FILE)
        return self._ntriples

    def ntriples_text(self) -> str:
        """The union N-Triples as text, without keeping a bytes copy when read from disk."""
        if self._ntriples is not None or self.folder is None:
            return self.ntriples.decode("utf-8")
        try:
            return (self.folder / NTRIPLES_FILE).read_text(encoding="utf-8")
        except OSError as error:
            raise _unreadable(self.folder, error) from error

    def _read(self, name: str) -> bytes:
        assert self.folder is not None  # the constructor guarantees one
        try:
            return (self.folder / name).read_bytes()
        except OSError as error:
            raise _unreadable(self.folder, error) from error

    # -- construction -------------------------------------------------------------
    @classmethod
    def from_statements(cls, statements: dict[str, list[bytes]]) -> Snapshot:
        """Assemble from each graph's statements: N-Triples lines without the final " .".

        Leaving the full stop off lets one sorted list give both files: N-Quads puts the
        graph name before it, N-Triples only the full stop. (A line sorts like its
        statement: a statement is never a prefix of another but for a longer term, whose
        next character sorts after the space.)
        """
        parts: list[bytes] = []
        blocks: list[GraphBlock] = []
        ordered_blocks: list[list[bytes]] = []
        offset = 0
        for name in sorted(statements, key=graph_order):
            lines = canonical(statements[name])
            if not lines:
                continue
            ordered_blocks.append(lines)
            tail = b" .\n" if name == DEFAULT_GRAPH else f" <{name}> .\n".encode()
            block = tail.join(lines) + tail
            parts.append(block)
            blocks.append(GraphBlock(name, offset, offset + len(block), len(lines)))
            offset += len(block)
        # Each block is already sorted: Timsort merges the runs instead of sorting afresh.
        union = canonical(chain.from_iterable(ordered_blocks))
        del ordered_blocks
        ntriples = b" .\n".join(union) + b" .\n" if union else b""
        return cls(b"".join(parts), ntriples, tuple(blocks))

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> Snapshot:
        """Put ``quads`` in canonical order."""
        statements: dict[str, list[bytes]] = defaultdict(list)
        for quad in quads:
            statements[_name(quad.graph_name)].append(
                statement(quad.subject, quad.predicate, quad.object)
            )
        return cls.from_statements(statements)

    @classmethod
    def from_store(cls, store: ox.Store) -> Snapshot:
        """Read a whole store graph by graph (fast for in-memory stores)."""
        graph_lines: dict[str, list[bytes]] = {}
        graphs: list[GraphName] = [ox.DefaultGraph(), *store.named_graphs()]
        for graph in graphs:
            text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
            graph_lines[_name(graph)] = [line[:-2] for line in text.splitlines()]
        return cls.from_statements(graph_lines)

    # -- reading ------------------------------------------------------------------
    @property
    def quad_count(self) -> int:
        return sum(block.triples for block in self.graphs)

    @property
    def triple_count(self) -> int:
        return self.ntriples.count(b"\n")

    def graph_names(self) -> list[str]:
        return [block.name for block in self.graphs]

    def graph_ntriples(self, name: str) -> bytes:
        """One graph's triples as N-Triples (empty when the graph is absent)."""
        return b"".join(self._triples(block) for block in self.graphs if block.name == name)

    def ntriples_except(self, excluded: Iterable[str]) -> bytes:
        """Every graph but ``excluded`` as N-Triples, graph after graph (not deduplicated)."""
        skip = set(excluded)
        return b"".join(self._triples(b) for b in self.graphs if b.name not in skip)

    @property
    def held(self) -> bool:
        """Whether the N-Quads are in memory (made there, or read whole once)."""
        return self._nquads is not None

    def path(self, name: str) -> Path | None:
        """``dataset.nq`` or ``dataset.nt`` on disk, when the snapshot was read from a folder."""
        return self.folder / name if self.folder is not None else None

    def block(self, block: GraphBlock) -> bytes:
        """One graph's lines of ``dataset.nq`` (read from the file alone when on disk)."""
        if self._nquads is not None or self.folder is None:
            return self.nquads[block.start : block.end]
        try:
            with (self.folder / NQUADS_FILE).open("rb") as handle:
                handle.seek(block.start)
                return handle.read(block.end - block.start)
        except OSError as error:
            raise _unreadable(self.folder, error) from error

    def chunks(
        self, name: str, *, start: int = 0, end: int | None = None, size: int = CHUNK
    ) -> Iterator[bytes]:
        """Bytes ``start:end`` of ``dataset.nq`` or ``dataset.nt`` in pieces of about
        ``size`` bytes, each ending at the end of a line: streaming never holds a file."""
        if self._nquads is not None or self.folder is None:
            data = self.nquads if name == NQUADS_FILE else self.ntriples
            stop = len(data) if end is None else end
            while start < stop:
                cut = data.rfind(b"\n", start, min(start + size, stop)) + 1
                cut = cut if cut > start else min(stop, data.index(b"\n", start) + 1)
                yield data[start:cut]
                start = cut
            return
        try:
            with (self.folder / name).open("rb") as handle:
                handle.seek(start)
                left = (end - start) if end is not None else None
                rest = b""
                while left is None or left > 0:
                    piece = handle.read(size if left is None else min(size, left))
                    if not piece:
                        break
                    if left is not None:
                        left -= len(piece)
                    piece = rest + piece
                    cut = piece.rfind(b"\n") + 1
                    rest = piece[cut:]
                    if cut:
                        yield piece[:cut]
                if rest:
                    yield rest
        except OSError as error:
            raise _unreadable(self.folder, error) from error

    def block_chunks(self, block: GraphBlock) -> Iterator[bytes]:
        """One graph's lines of ``dataset.nq``, in pieces of whole lines."""
        return self.chunks(NQUADS_FILE, start=block.start, end=block.end)

    def blocks_with_blank_nodes(self) -> list[GraphBlock]:
        """The graphs whose lines hold "_:": every graph naming a blank node (and any whose
        literal holds those two characters, which costs a slower load, nothing else)."""
        if self._nquads is not None or self.folder is None or not self.graphs:
            return [block for block in self.graphs if b"_:" in self.block(block)]
        # Read, not mapped: a mapping's pages stay in the process's resident memory once
        # read, so scanning a mapped 10M-triple file added its 2 GB to the build's peak.
        blocks = sorted(self.graphs, key=operator.attrgetter("start", "end"))
        starts = [block.start for block in blocks]
        found: set[GraphBlock] = set()
        position = 0
        for chunk in self.chunks(NQUADS_FILE):
            at = chunk.find(b"_:")
            while at != -1:
                block = blocks[bisect.bisect_right(starts, position + at) - 1]
                found.add(block)
                at = chunk.find(b"_:", max(at + 2, block.end - position))
            position += len(chunk)
        return [block for block in self.graphs if block in found]

    def _triples(self, block: GraphBlock) -> bytes:
        return b"".join(self.block_triples(block))

    def block_triples(self, block: GraphBlock) -> Iterator[bytes]:
        """One graph's lines as N-Triples, in pieces of whole lines."""
        for chunk in self.block_chunks(block):
            yield (
                chunk
                if block.name == DEFAULT_GRAPH
                else chunk.replace(block.suffix + b"\n", b" .\n")
            )

    # -- files --------------------------------------------------------------------
    def write(self, folder: Path) -> None:
        """Write the three files into ``folder`` (each atomically)."""
        write_bytes_atomic(folder / NQUADS_FILE, self.nquads)
        write_bytes_atomic(folder / NTRIPLES_FILE, self.ntriples)
        write_manifest(folder, self.graphs)

    @classmethod
    def read(cls, folder: Path) -> Snapshot:
        """The snapshot a build wrote into ``folder``; its texts are read when needed."""
        try:
            manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
            sizes = {name: (folder / name).stat().st_size for name in (NQUADS_FILE, NTRIPLES_FILE)}
        except OSError as error:
            raise _unreadable(folder, error) from error
        except ValueError as error:
            raise StoreError(
                f"cannot read {MANIFEST_FILE}: {error}",
                path=folder,
                hint="run 'civicgraph build' to rebuild the store",
            ) from error
        if manifest.get("format") != FORMAT_VERSION:
            raise StoreError(
                f"snapshot format {manifest.get('format')!r} is not {FORMAT_VERSION}",
                path=folder,
                hint="run 'civicgraph build' with this version to rebuild the store",
            )
        changed = sorted(name for name, size in sizes.items() if manifest["bytes"][name] != size)
        if changed:
            raise StoreError(
                f"{', '.join(changed)} does not match {MANIFEST_FILE} (changed after the build?)",
                path=folder,
                hint="run 'civicgraph build' to rebuild the store",
            )
        blocks = tuple(
            GraphBlock(str(n), int(s), int(e), int(t)) for n, s, e, t in manifest["graphs"]
        )
        return cls(None, None, blocks, folder=folder)


def write_manifest(folder: Path, graphs: tuple[GraphBlock, ...]) -> None:
    """Write ``snapshot.json`` for the two files already in ``folder``: their sizes, and
    where each graph's block is in ``dataset.nq``."""
    manifest = {
        "format": FORMAT_VERSION,
        "quads": sum(block.triples for block in graphs),
        "bytes": {name: (folder / name).stat().st_size for name in (NQUADS_FILE, NTRIPLES_FILE)},
        "graphs": [[b.name, b.start, b.end, b.triples] for b in graphs],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    write_bytes_atomic(folder / MANIFEST_FILE, text.encode())


def _unreadable(folder: Path, error: OSError) -> StoreError:
    if isinstance(error, FileNotFoundError) and error.filename:
        message = f"the store has no snapshot ({Path(error.filename).name} is missing)"
    else:
        message = f"cannot read the store's snapshot: {error}"
    return StoreError(message, path=folder, hint="run 'civicgraph build' to rebuild the store")
