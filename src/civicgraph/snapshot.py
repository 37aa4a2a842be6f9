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

import json
import operator
from collections import defaultdict
from collections.abc import Iterable
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


def _sort_key(name: str) -> tuple[bool, str]:
    return (name != DEFAULT_GRAPH, name)


def _canonical(lines: Iterable[bytes]) -> list[bytes]:
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
        for name in sorted(statements, key=_sort_key):
            lines = _canonical(statements[name])
            if not lines:
                continue
            ordered_blocks.append(lines)
            tail = b" .\n" if name == DEFAULT_GRAPH else f" <{name}> .\n".encode()
            block = tail.join(lines) + tail
            parts.append(block)
            blocks.append(GraphBlock(name, offset, offset + len(block), len(lines)))
            offset += len(block)
        # Each block is already sorted: Timsort merges the runs instead of sorting afresh.
        union = _canonical(chain.from_iterable(ordered_blocks))
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

    def block(self, block: GraphBlock) -> bytes:
        """One graph's lines of ``dataset.nq``."""
        return self.nquads[block.start : block.end]

    def _triples(self, block: GraphBlock) -> bytes:
        data = self.block(block)
        if block.name == DEFAULT_GRAPH:
            return data
        suffix = block.suffix
        return data.replace(suffix + b"\n", b" .\n")

    # -- files --------------------------------------------------------------------
    def write(self, folder: Path) -> None:
        """Write the three files into ``folder`` (each atomically)."""
        write_bytes_atomic(folder / NQUADS_FILE, self.nquads)
        write_bytes_atomic(folder / NTRIPLES_FILE, self.ntriples)
        manifest = {
            "format": FORMAT_VERSION,
            "quads": self.quad_count,
            "bytes": {NQUADS_FILE: len(self.nquads), NTRIPLES_FILE: len(self.ntriples)},
            "graphs": [[b.name, b.start, b.end, b.triples] for b in self.graphs],
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
        write_bytes_atomic(folder / MANIFEST_FILE, text.encode())

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


def _unreadable(folder: Path, error: OSError) -> StoreError:
    if isinstance(error, FileNotFoundError) and error.filename:
        message = f"the store has no snapshot ({Path(error.filename).name} is missing)"
    else:
        message = f"cannot read the store's snapshot: {error}"
    return StoreError(message, path=folder, hint="run 'civicgraph build' to rebuild the store")
