"""Validate a snapshot part by part, in bounded memory, with the report of the whole.

A SHACL engine holds the whole data graph while it validates (pyshacl-turbo: ~1 KB a
triple), so a large dataset is cut into parts of about ``PART_TRIPLES`` statements,
each validated on its own. The cut follows the subjects: ``dataset.nt`` is sorted, so
each subject's statements are consecutive, and a part takes whole subjects.

That gives the report of the whole exactly when every result about a focus node depends
only on the node's own statements, the types of the nodes they point to, and the
ontology (SHACL §2.1 targets, §4 constraint components). ``non_local_reason`` checks that
the shapes ask for nothing more: class targets, property shapes whose paths are plain
predicates, and shapes applied to value nodes that look at the value node alone
(``sh:class``, ``sh:datatype``, ``sh:nodeKind``, ``sh:in`` …). Shapes that ask for more
(inverse or sequence paths, SPARQL, node or object targets, value shapes with their own
properties) are validated whole.

Each part goes to the engine with the ontology and the types of the nodes its statements
point to, looked up in ``TypeIndex`` (16 bytes and a small number per typed node: the
one structure that grows with the dataset). A node typed only to serve as a value must
not become a focus node of the part — it would be checked without its statements, and
every such result costs the engine ~0.4 ms (tens of thousands a part). So it is typed
with the *value class* of each of its classes (``urn:civicgraph:value-class:<class>``),
which no shape targets, and each ``sh:class C`` of the shapes asks for the value class of
C, a superclass of C's subclasses and of their value classes (``PartShapes``). The
shapes then give each part's own nodes the results the whole graph gives them.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import mmap
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import rdflib

from civicgraph.digests import DigestTable
from civicgraph.snapshot import NTRIPLES_FILE, Snapshot

SH = rdflib.namespace.SH

PART_TRIPLES = 150_000
"""Statements a part holds, about 150 MB in pyshacl-turbo; a subject is never cut in two."""

PART_BYTES = 24 * 2**20
"""Bytes of statements a part holds at most (then it has fewer than ``PART_TRIPLES``):
150,000 statements are ~22 MB, but where the sources' texts are, up to ~35 MB, and the
engine's memory follows the bytes; cut by statements only, the part of the texts grew
with the corpus (4,400 texts at 1M, 13,000 at 3M)."""

_NON_LOCAL = {
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.target,
    SH.sparql,
    SH.rule,
    SH.declare,
    SH.prefixes,
}
"""Parameters whose results need more than a node's own statements (node, subject and
object targets are met wherever the node is named; SPARQL sees everything)."""

_OR, _AND, _NOT, _CLASS = (rdflib.URIRef(f"{SH}{name}") for name in ("or", "and", "not", "class"))
_VALUE_CONTEXT = (SH.node, _NOT, _OR, _AND, SH.xone, SH.qualifiedValueShape)
"""How a shape is applied to other shapes' nodes: from a property shape, to its values."""

_FOCUS_ONLY = {
    SH.property,
    SH.path,
    SH.closed,
    SH.qualifiedValueShape,
    SH.equals,
    SH.disjoint,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.minCount,
    SH.maxCount,
    SH.uniqueLang,
}
"""Parameters that look at a node's statements: fine on a focus node, not on a value node,
whose statements are in another part."""

_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_TYPE_LINE = re.compile(rb"^(\S+) " + re.escape(_TYPE) + rb" (<[^>]*>) \.$", re.MULTILINE)
_NODE_OBJECT = re.compile(rb"^\S+ <[^>]*> (<[^>]*>|_:\S+) \.$", re.MULTILINE)
_TYPE_OBJECT = re.compile(rb"^(\S+ " + re.escape(_TYPE) + rb" )(<[^>]*>) \.$", re.MULTILINE)


@dataclass(frozen=True)
class ShapesScope:
    """How far from a focus node the shapes look."""

    reason: str | None
    """Why parts cannot give the report of the whole; ``None`` when they can."""
    deep: frozenset[bytes]
    """Predicates (as N-Triples terms) whose values the shapes check by their own
    statements (``sh:node [ sh:property … ]``): a part gets those statements too."""


def shapes_scope(shapes: rdflib.Graph) -> ShapesScope:
    """What the shapes need of the graph around a focus node: its statements, its values'
    types, and for some predicates its values' statements and their values' types."""
    for parameter in sorted(_NON_LOCAL):
        if (None, parameter, None) in shapes:
            return _refused(f"the shapes use {shapes.namespace_manager.normalizeUri(parameter)}")
    for _, path in shapes.subject_objects(SH.path):
        if not isinstance(path, rdflib.URIRef):
            return _refused("a property shape's path is not a single predicate")
    deep: set[bytes] = set()
    for property_shape in set(shapes.subjects(SH.path, None)):
        looking = [s for s in _value_shapes(shapes, property_shape) if _looks_at_node(shapes, s)]
        if not looking:
            continue
        deep.add(f"<{shapes.value(property_shape, SH.path)}>".encode())
        for shape in looking:
            nested = [*shapes.objects(shape, SH.property)]
            nested += [shape] if (shape, SH.path, None) in shapes else []
            for inner in nested:
                if any(_looks_at_node(shapes, s) for s in _value_shapes(shapes, inner)):
                    return _refused("a shape looks at the statements of a value's values")
    return ShapesScope(None, frozenset(deep))


def _refused(reason: str) -> ShapesScope:
    return ShapesScope(reason, frozenset())


def non_local_reason(shapes: rdflib.Graph) -> str | None:
    """Why the shapes need more than parts give; ``None`` when they don't."""
    return shapes_scope(shapes).reason


def _value_shapes(shapes: rdflib.Graph, property_shape: rdflib.term.Node) -> set[rdflib.term.Node]:
    """Every shape a property shape applies to its values, nested ones included."""
    found: set[rdflib.term.Node] = set()
    todo = _applied_shapes(shapes, property_shape)
    while todo:
        shape = todo.pop()
        if shape not in found:
            found.add(shape)
            todo.extend(_applied_shapes(shapes, shape))
    return found


def _looks_at_node(shapes: rdflib.Graph, shape: rdflib.term.Node) -> bool:
    """Whether ``shape``, applied to a node, reads the node's statements."""
    return any((shape, parameter, None) in shapes for parameter in _FOCUS_ONLY)


def _applied_shapes(shapes: rdflib.Graph, shape: rdflib.term.Node) -> list[rdflib.term.Node]:
    """The shapes ``shape`` applies to the same nodes as itself (for a property shape:
    to its values)."""
    found: list[rdflib.term.Node] = []
    for parameter in _VALUE_CONTEXT:
        for value in shapes.objects(shape, parameter):
            if parameter in (_OR, _AND, SH.xone):
                found.extend(rdflib.collection.Collection(shapes, value))
            else:
                found.append(value)
    return found


VALUE_CLASS = "urn:civicgraph:value-class:"
"""Prefix of the value class of a class: what a node pointed to by a part is typed with."""

_WRITTEN_VALUE_CLASS = re.compile("<" + re.escape(VALUE_CLASS) + "([^>]*)>")
_SUBCLASS = b"<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_SUBCLASS_LINE = re.compile(rb"^(\S+) " + re.escape(_SUBCLASS) + rb" (\S+) \.$", re.MULTILINE)


def value_class(iri: bytes) -> bytes:
    """``<C>`` → ``<urn:civicgraph:value-class:C>``."""
    return b"<" + VALUE_CLASS.encode() + iri[1:]


class PartShapes:
    """The shapes as a part is validated: each ``sh:class C`` asks for C's value class."""

    def __init__(self, shapes: rdflib.Graph) -> None:
        self.classes = {c for c in shapes.objects(None, _CLASS) if isinstance(c, rdflib.URIRef)}
        self.graph = rdflib.Graph()
        for subject, predicate, value in shapes:
            if predicate == _CLASS and isinstance(value, rdflib.URIRef):
                self.graph.add((subject, predicate, rdflib.URIRef(VALUE_CLASS + str(value))))
            else:
                self.graph.add((subject, predicate, value))
        self.turtle = self.graph.serialize(format="turtle")
        self._names = shapes.namespace_manager

    def restore(self, text: str) -> str:
        """A message as the whole graph's report words it: a value class written as the
        engine writes the class it stands for (with the shapes' prefixes)."""
        if VALUE_CLASS not in text:
            return text
        text = _WRITTEN_VALUE_CLASS.sub(
            lambda m: self._names.normalizeUri(rdflib.URIRef(m.group(1))), text
        )
        return text.replace(VALUE_CLASS, "")

    def axioms(self, index: TypeIndex) -> bytes:
        """Each class, and its value class, a subclass of the value class of every class
        ``sh:class`` names above it (``rdfs:subClassOf*``, as SHACL §4.1.1 reads it)."""
        parents: dict[bytes, set[bytes]] = {}
        for child, parent in index.subclass_pairs:
            parents.setdefault(child, set()).add(parent)
        asked = {f"<{c}>".encode() for c in self.classes}
        known = set(parents) | asked | {c for classes in index.class_sets for c in classes}
        lines: list[bytes] = []
        for cls in sorted(known):
            if not cls.startswith(b"<"):
                continue
            above, todo = {cls}, [cls]
            while todo:
                for parent in parents.get(todo.pop(), ()):
                    if parent not in above:
                        above.add(parent)
                        todo.append(parent)
            for target in sorted(above & asked):
                value = value_class(target)
                lines.append(cls + b" " + _SUBCLASS + b" " + value + b" .\n")
                lines.append(value_class(cls) + b" " + _SUBCLASS + b" " + value + b" .\n")
        return b"".join(lines)


class TypeIndex:
    """The ``rdf:type`` statements of every node of a sorted N-Triples file: the classes
    of a node found by a 128-bit digest of its term, in sorted arrays."""

    def __init__(self, lines: Iterable[bytes]) -> None:
        """``lines``: pieces of sorted N-Triples (each subject's statements together)."""
        self._classes = DigestTable("I")
        self.class_sets: list[tuple[bytes, ...]] = []
        self.subclass_pairs: list[tuple[bytes, bytes]] = []
        """Every ``rdfs:subClassOf`` statement (the ontology's, in practice)."""
        numbers: dict[tuple[bytes, ...], int] = {}
        subject: bytes | None = None
        classes: list[bytes] = []

        def close() -> None:
            if subject is None:
                return
            key = tuple(classes)
            number = numbers.get(key)
            if number is None:
                number = numbers[key] = len(self.class_sets)
                self.class_sets.append(key)
            self._classes.add(subject, number)

        for piece in lines:
            self.subclass_pairs.extend(
                (m.group(1), m.group(2)) for m in _SUBCLASS_LINE.finditer(piece)
            )
            for match in _TYPE_LINE.finditer(piece):
                node, cls = match.group(1), match.group(2)
                if node != subject:
                    close()
                    subject, classes = node, []
                classes.append(cls)
        close()
        self._classes.freeze()

    @property
    def nodes(self) -> int:
        return len(self._classes)

    def type_lines(self, nodes: Iterable[bytes]) -> bytes:
        """N-Triples typing each of ``nodes`` (terms) with the value class of each of its
        classes."""
        terms = list(nodes)
        out: list[bytes] = []
        for term, number in zip(terms, self._classes.get_many(terms), strict=True):
            if number is not None:
                out.extend(
                    term + b" " + _TYPE + b" " + value_class(cls) + b" .\n"
                    for cls in self.class_sets[number]
                )
        return b"".join(out)


class SortedLines:
    """The lines of one subject, found by bisection in sorted N-Triples (a file's bytes,
    mapped): no index, one seek per step."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        self.data = data

    def forget(self) -> None:
        """Drop the mapped pages read so far from the process's resident memory (they
        stay in the page cache): else each part's lookups add the pages they touched."""
        if isinstance(self.data, mmap.mmap) and len(self.data):
            self.data.madvise(mmap.MADV_DONTNEED)

    def of_subject(self, term: bytes) -> bytes:
        key = term + b" "
        data = self.data
        low, high = 0, len(data)  # both at line starts
        while low < high:
            start = data.rfind(b"\n", 0, (low + high) // 2) + 1
            end = data.find(b"\n", start)
            end = len(data) if end == -1 else end
            if data[start:end] < key:
                low = end + 1
            else:
                high = start
        end = low
        while data[end : end + len(key)] == key:
            end = data.find(b"\n", end) + 1 or len(data)
        return bytes(data[low:end])


@dataclass(frozen=True)
class Part:
    """Statements of whole subjects, and the value types of the nodes they point to."""

    statements: bytes
    focus: frozenset[bytes]
    """Terms of the nodes this part reports on: its subjects, and the values it reads by
    their statements (their results come from checking a subject: ``sh:node``'s own)."""
    types: bytes


def _subject(line: bytes) -> bytes:
    return line[: line.index(b" ")]


def cut_parts(
    snapshot: Snapshot,
    index: TypeIndex,
    *,
    size: int = PART_TRIPLES,
    deep: frozenset[bytes] = frozenset(),
) -> Iterator[Part]:
    """``dataset.nt`` in parts of about ``size`` statements, each with the types it needs,
    and the statements of the nodes it points to by a ``deep`` predicate."""
    with contextlib.ExitStack() as stack:
        path = snapshot.path(NTRIPLES_FILE)
        if deep and path is not None and not snapshot.held and path.stat().st_size:
            handle = stack.enter_context(path.open("rb"))
            lines = SortedLines(
                stack.enter_context(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
            )
        else:
            lines = SortedLines(snapshot.ntriples if deep else b"")
        pointing = (
            re.compile(
                rb"^\S+ (?:"
                + b"|".join(re.escape(p) for p in sorted(deep))
                + rb") (<[^>]*>|_:\S+) \.$",
                re.MULTILINE,
            )
            if deep
            else None
        )
        held: list[bytes] = []
        for chunk in snapshot.chunks(NTRIPLES_FILE):
            held.extend(chunk.splitlines(keepends=True))
            while (cut := _next_cut(held, size, PART_BYTES)) is not None:
                last = _subject(held[cut - 1])
                while cut < len(held) and _subject(held[cut]) == last:
                    cut += 1
                if cut == len(held):
                    break  # the last subject may go on in the next chunk
                yield _part(held[:cut], index, lines, pointing)
                lines.forget()
                del held[:cut]
        if held:
            yield _part(held, index, lines, pointing)


def _next_cut(held: list[bytes], size: int, max_bytes: int) -> int | None:
    """Lines of the next part before its last subject is completed: ``size``, or fewer
    if they reach ``max_bytes``; ``None`` while ``held`` is short of both."""
    sums = list(itertools.accumulate(map(len, held[:size])))
    if sums and sums[-1] >= max_bytes:
        return bisect.bisect_left(sums, max_bytes) + 1
    return size if len(held) >= size else None


def _part(
    lines: list[bytes],
    index: TypeIndex,
    sorted_lines: SortedLines,
    pointing: re.Pattern[bytes] | None,
) -> Part:
    statements = b"".join(lines)
    subjects = frozenset(_subject(line) for line in lines)
    reached: set[bytes] = set()
    around = b""
    if pointing is not None:
        # Values read by their statements, typed with value classes like any other value.
        reached = {m.group(1) for m in pointing.finditer(statements)} - subjects
        around = _TYPE_OBJECT.sub(
            lambda m: m.group(1) + value_class(m.group(2)) + b" .",
            b"".join(sorted_lines.of_subject(node) for node in sorted(reached)),
        )
    pointed = {m.group(1) for m in _NODE_OBJECT.finditer(statements + around)} - subjects
    return Part(statements + around, subjects | reached, index.type_lines(sorted(pointed)))


def focus_term(focus_node: str) -> bytes:
    """The N-Triples term of a result's focus node, as ``ValidationResult`` writes it: an
    IRI (always with a colon), a blank node label, or a label already written ``_:…``."""
    if focus_node.startswith("_:"):
        return focus_node.encode()
    return f"<{focus_node}>".encode() if ":" in focus_node else f"_:{focus_node}".encode()


__all__ = [
    "PART_TRIPLES",
    "VALUE_CLASS",
    "Part",
    "PartShapes",
    "ShapesScope",
    "SortedLines",
    "TypeIndex",
    "cut_parts",
    "focus_term",
    "non_local_reason",
    "shapes_scope",
]
