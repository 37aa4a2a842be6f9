"""Publish a release: every serialisation, checksums, reports, a DCAT/VoID description and a
change log of facts against the previous release, in ``<root>/<version>/``.

A release is immutable and reproducible: the folder is written in a temporary folder
beside it and renamed at the end (nothing half-written is ever seen under its name), an
existing release is never overwritten, and no wall-clock time goes in, so the same input
gives byte-identical files. Its "issued" date is the one given, else the date a calendar
version names (``2026.12.02``), else the newest date a source states.

The change log compares facts, not triples (DESIGN.md, "Evidence"): a binary fact is
identified by its triple (the ``civ:Assertion``'s ``rdf:subject``/``predicate``/``object``),
an n-ary fact by its key, its types and its properties other than the evidence. A fact is
*added* or *removed* when its key is in one release only, and *changed* when the key is in
both but its evidence (``prov:wasDerivedFrom``) differs. It is written as Markdown and as
RDF with the Changeset vocabulary (``cs:addition``/``cs:removal`` of ``rdf:Statement``s).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from civicgraph.errors import ReleaseError
from civicgraph.export import ExportFormat, serialize_snapshot
from civicgraph.io import describe_os_error
from civicgraph.iris import Iris
from civicgraph.mentions import CoverageReport
from civicgraph.metadata import DATA_LICENCE, PUBLISHER_NAME, dataset_iri, publisher_iri
from civicgraph.namespaces import PREFIXES
from civicgraph.snapshot import Snapshot
from civicgraph.sparql.text import load_sparql
from civicgraph.terms import ONTOLOGY, cs, dcat, dct, foaf, prov, rdf, rdfs, void, xsd
from civicgraph.triplesource import EmbeddedSource, TripleSource, term_text
from civicgraph.validate import ValidationReport

MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
"""IANA's media type register: the IRIs DCAT recommends for ``dcat:mediaType``."""

SUMS_FILE = "SHA256SUMS"
CATALOG_FILE = "catalog.ttl"
CHANGES_MD = "changes.md"
CHANGES_RDF = "changes.ttl"
VALIDATION_TTL = "validation.ttl"
VALIDATION_JSON = "validation.json"
COVERAGE_JSON = "coverage.json"
DATASET_STEM = "civicgraph"

_VERSION = re.compile(
    r"^(0|[1-9]\d*)\.(\d+)\.(\d+)(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?$", re.ASCII
)
r"""MAJOR.MINOR.PATCH with an optional pre-release (semantic versioning without build
metadata: ``+`` has no place in a folder name or an IRI path); a calendar version
``YYYY.MM.DD`` has the same shape. ASCII only: Python's ``\d`` also matches ``١`` (an
Arabic-Indic one), which would name a release no other tool sorts or compares."""
MAX_VERSION_LENGTH = 64
"""A version names a folder (at most 255 bytes on common file systems), files' IRIs and
the change log's title; semantic versions in use stay far below this."""
_PARTIAL = re.compile(r"\.(?P<version>.+)\.partial-(?P<pid>\d+)")


@dataclass(frozen=True)
class ReleaseInputs:
    """What a release publishes, computed by the caller: the dataset and its reports."""

    snapshot: Snapshot
    validation: ValidationReport
    coverage: Sequence[CoverageReport]
    iris: Iris


@dataclass(frozen=True)
class Fact:
    """One fact as a release compares it."""

    key: tuple[str, ...]
    """("binary", s, p, o) or ("n-ary", types..., "|", "p o"...): N-Triples terms."""
    nodes: tuple[str, ...]
    """The fact nodes that state it (an Assertion, or the n-ary fact's node)."""
    evidence: frozenset[str]
    """IRIs of its evidence: excerpts, or source documents cited as a whole."""
    quotes: Mapping[str, str] = field(default_factory=dict)
    """Evidence IRI -> the quoted words, for excerpts."""


@dataclass(frozen=True)
class FactChanges:
    """The facts of a release against those of the previous one."""

    added: tuple[Fact, ...]
    removed: tuple[Fact, ...]
    changed: tuple[tuple[Fact, Fact], ...]
    """(before, after): same key, different evidence."""


@dataclass(frozen=True)
class ReleasedFile:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Release:
    """A release as written: where, which files, and what changed."""

    version: str
    folder: Path
    issued: date
    files: tuple[ReleasedFile, ...]
    changes: FactChanges
    previous: str | None


def check_version(version: str) -> None:
    """Refuse a version that is not MAJOR.MINOR.PATCH[-pre] in ASCII, or is too long."""
    if len(version) > MAX_VERSION_LENGTH:
        raise ReleaseError(
            f"release version {version[:20]!r}… is {len(version)} characters long; at most "
            f"{MAX_VERSION_LENGTH} are allowed",
            hint="use MAJOR.MINOR.PATCH with a short pre-release, e.g. 0.2.0-rc.1",
        )
    if _VERSION.fullmatch(version) is None:
        foreign = next((c for c in version if not c.isascii()), None)
        raise ReleaseError(
            f"invalid release version {version!r}"
            + (
                f": {foreign!r} (U+{ord(foreign):04X}) is not an ASCII digit, letter, dot or hyphen"
                if foreign is not None
                else ""
            ),
            hint="use MAJOR.MINOR.PATCH in ASCII, e.g. 0.2.0 or a calendar version 2026.12.02",
        )


def _version_date(version: str) -> date | None:
    match = re.fullmatch(r"(\d{4})\.(\d{2})\.(\d{2})", version)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def release_date(version: str, issued: date | None, source: TripleSource) -> tuple[date, str]:
    """The release's date and where it comes from: given, named by a calendar version, or
    the newest date a source states. Never the clock, so a release can be made again."""
    if issued is not None:
        return issued, "the date given"
    named = _version_date(version)
    if named is not None:
        return named, "the date its calendar version names"
    newest = _newest_source_date(source)
    if newest is not None:
        return newest, "the newest date a source states"
    raise ReleaseError(f"release {version} has no date", hint="pass --issued YYYY-MM-DD")


def _newest_source_date(source: TripleSource) -> date | None:
    for row in source.select(load_sparql("newest_source_date")):
        value = row["newest"]
        if value is not None:
            return date.fromisoformat(term_text(value))
    return None


def collect_facts(source: TripleSource) -> dict[tuple[str, ...], Fact]:
    """The facts of a dataset, by key; evidence of equal keys is merged."""
    keys: dict[str, tuple[str, ...]] = {}
    for row in source.select(load_sparql("release_binary_facts")):
        keys[term_text(row["fact"])] = (
            "binary",
            str(row["subject"]),
            str(row["predicate"]),
            str(row["object"]),
        )
    properties: dict[str, set[str]] = defaultdict(set)
    types: dict[str, set[str]] = defaultdict(set)
    for row in source.select(load_sparql("release_nary_facts")):
        node = term_text(row["fact"])
        if row["property"] == rdf.type:
            types[node].add(str(row["value"]))
        else:
            properties[node].add(f"{row['property']} {row['value']}")
    for node, classes in types.items():
        keys[node] = ("n-ary", *sorted(classes), "|", *sorted(properties[node]))
    evidence: dict[str, set[str]] = defaultdict(set)
    quotes: dict[str, str] = {}
    for row in source.select(load_sparql("release_evidence")):
        evidence[term_text(row["fact"])].add(term_text(row["evidence"]))
        if row["exact"] is not None:
            quotes[term_text(row["evidence"])] = term_text(row["exact"])
    nodes: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for node, key in keys.items():
        nodes[key].add(node)
    facts = {}
    for key, members in nodes.items():
        found = frozenset().union(*(evidence[node] for node in members))
        facts[key] = Fact(
            key=key,
            nodes=tuple(sorted(members)),
            evidence=found,
            quotes={e: quotes[e] for e in sorted(found) if e in quotes},
        )
    return facts


def diff_facts(
    before: Mapping[tuple[str, ...], Fact], after: Mapping[tuple[str, ...], Fact]
) -> FactChanges:
    """Added, removed and changed facts, each list in key order."""
    return FactChanges(
        added=tuple(after[k] for k in sorted(after.keys() - before.keys())),
        removed=tuple(before[k] for k in sorted(before.keys() - after.keys())),
        changed=tuple(
            (before[k], after[k])
            for k in sorted(before.keys() & after.keys())
            if before[k].evidence != after[k].evidence
        ),
    )


def release_dir(root: Path, version: str) -> Path:
    return root / version


def _dataset_nquads(root: Path, version: str) -> Path:
    return release_dir(root, version) / f"{DATASET_STEM}.{ExportFormat.NQUADS.extension}"


def _previous_facts(root: Path, previous: str | None, iris: Iris) -> dict[tuple[str, ...], Fact]:
    if previous is None:
        return {}
    folder = release_dir(root, previous)
    if not folder.is_dir():
        known = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
        raise ReleaseError(
            f"unknown previous release {previous!r}",
            path=root,
            hint=f"releases here: {', '.join(known)}" if known else "there is no release yet",
        )
    dataset = _dataset_nquads(root, previous)
    _check_sums(folder, previous, required=(dataset.name,))
    try:
        return collect_facts(EmbeddedSource.from_nquads(dataset.read_bytes(), iris=iris))
    except (SyntaxError, ValueError) as error:
        # checksums that match a file that is no dataset: written so, or both replaced
        raise ReleaseError(
            f"previous release {previous} is damaged: {dataset.name} is not N-Quads "
            f"({' '.join(str(error).split())})",
            path=dataset,
            hint="restore the release from where it was published, or pass another --previous",
        ) from error


def _check_sums(folder: Path, version: str, *, required: Iterable[str]) -> None:
    """Refuse a release folder that lacks a file or whose files differ from SHA256SUMS:
    a change log against an edited or damaged release would be wrong without a word."""
    damaged = f"previous release {version} is damaged"
    hint = "restore the release from where it was published, or pass another --previous"
    for name in (SUMS_FILE, *required):
        if not (folder / name).is_file():
            raise ReleaseError(
                f"previous release {version} is incomplete: {name} is missing",
                path=folder,
                hint=hint,
            )
    sums = folder / SUMS_FILE
    for number, line in enumerate(
        sums.read_text(encoding="utf-8", errors="replace").splitlines(), 1
    ):
        match = re.fullmatch(r"([0-9a-f]{64})  ([^/\\]+)", line)
        if match is None or match.group(2) in {".", ".."}:
            raise ReleaseError(f"{damaged}: not a checksum line", path=sums, line=number, hint=hint)
        digest, name = match.groups()
        path = folder / name
        if not path.is_file():
            raise ReleaseError(
                f"previous release {version} is incomplete: {name} is missing",
                path=folder,
                hint=hint,
            )
        with path.open("rb") as stream:
            if hashlib.file_digest(stream, "sha256").hexdigest() != digest:
                raise ReleaseError(
                    f"{damaged}: {name} does not match {SUMS_FILE}", path=path, hint=hint
                )


def write_release(
    root: Path,
    version: str,
    inputs: ReleaseInputs,
    *,
    previous: str | None = None,
    issued: date | None = None,
    endpoint_url: str | None = None,
) -> Release:
    """Write release ``version`` into ``root/version`` and return what was written.

    Refuses (``ReleaseError``) an invalid version or endpoint URL, an existing release
    folder, an unknown, incomplete or damaged previous release, a graph that does not conform to the shapes, and a release with no
    date to give it; in every case nothing is written.
    """
    check_version(version)
    if previous is not None:
        check_version(previous)
    if (
        endpoint_url is not None
        and re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", endpoint_url) is None
    ):
        raise ReleaseError(
            f"invalid SPARQL endpoint URL {endpoint_url!r}",
            hint="give the endpoint's absolute http(s) URL, e.g. https://example.org/sparql",
        )
    target = release_dir(root, version)
    if target.exists():
        raise ReleaseError(
            f"release {version} already exists",
            path=target,
            hint="a release is never rewritten; choose a new version",
        )
    if root.is_dir():
        before = _previous_facts(root, previous, inputs.iris)
    elif previous is not None:
        raise ReleaseError(
            f"unknown previous release {previous!r}", path=root, hint="there is no release yet"
        )
    else:
        before = {}
    if not inputs.validation.conforms:
        raise ReleaseError(
            f"the graph does not conform to the shapes ({len(inputs.validation.results)} result(s))",
            hint="run civicgraph validate and fix the records before releasing",
        )
    source = EmbeddedSource.from_snapshot(inputs.snapshot, iris=inputs.iris)
    when, why = release_date(version, issued, source)
    changes = diff_facts(before, collect_facts(source))
    contents = _contents(
        inputs,
        source,
        version=version,
        issued=when,
        issued_from=why,
        previous=previous,
        changes=changes,
        endpoint_url=endpoint_url,
    )
    files = _write_atomically(root, target, contents)
    return Release(
        version=version,
        folder=target,
        issued=when,
        files=files,
        changes=changes,
        previous=previous,
    )


def _contents(
    inputs: ReleaseInputs,
    source: TripleSource,
    *,
    version: str,
    issued: date,
    issued_from: str,
    previous: str | None,
    changes: FactChanges,
    endpoint_url: str | None,
) -> dict[str, bytes]:
    contents = {
        f"{DATASET_STEM}.{fmt.extension}": serialize_snapshot(inputs.snapshot, fmt)
        for fmt in ExportFormat
    }
    contents[VALIDATION_TTL] = inputs.validation.report_turtle.encode("utf-8")
    contents[VALIDATION_JSON] = inputs.validation.to_json().encode("utf-8")
    contents[COVERAGE_JSON] = coverage_json(inputs.coverage)
    contents[CHANGES_MD] = changes_markdown(
        changes,
        version=version,
        previous=previous,
        issued=issued,
        issued_from=issued_from,
        iris=inputs.iris,
    ).encode("utf-8")
    contents[CHANGES_RDF] = _turtle(
        changes_quads(changes, version=version, previous=previous, issued=issued, iris=inputs.iris)
    )
    sizes = {fmt: len(contents[f"{DATASET_STEM}.{fmt.extension}"]) for fmt in ExportFormat}
    contents[CATALOG_FILE] = _turtle(
        catalog_quads(
            source,
            version=version,
            previous=previous,
            issued=issued,
            issued_from=issued_from,
            iris=inputs.iris,
            sizes=sizes,
            triples=inputs.snapshot.quad_count,
            endpoint_url=endpoint_url,
        )
    )
    contents[SUMS_FILE] = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(contents.items())
    ).encode("ascii")
    return contents


def _write_atomically(
    root: Path, target: Path, contents: Mapping[str, bytes]
) -> tuple[ReleasedFile, ...]:
    # A hidden sibling of the target, so the final rename stays on one file system; named
    # by process, so two releases at once do not share it.
    staging = root / f".{target.name}.partial-{os.getpid()}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        _remove_partials(root)
        staging.mkdir()
        for name, data in contents.items():
            (staging / name).write_bytes(data)
        staging.rename(target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise ReleaseError(
            f"cannot write the release: {describe_os_error(error)}",
            path=target,
            hint="nothing was published; check the folder and free space, then run it again",
        ) from error
    return tuple(
        ReleasedFile(name, len(data), hashlib.sha256(data).hexdigest())
        for name, data in sorted(contents.items())
    )


def _remove_partials(root: Path) -> None:
    """Remove what killed releases left: staging folders of processes no longer running."""
    for entry in root.iterdir():
        match = _PARTIAL.fullmatch(entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(match["pid"])
        if pid == os.getpid() or not _running(pid):
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OverflowError:
        return False
    return True


def coverage_json(reports: Iterable[CoverageReport]) -> bytes:
    """The coverage reports as JSON, one object per source, keys sorted."""
    payload = [
        {**asdict(report), "complete": report.complete}
        for report in sorted(reports, key=lambda r: r.source_id)
    ]
    return (json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _turtle(quads: Iterable[ox.Quad]) -> bytes:
    return serialize_snapshot(Snapshot.from_quads(quads), ExportFormat.TURTLE)


def release_iri(iris: Iris, version: str) -> str:
    return f"{dataset_iri(iris)}/release/{version}"


def catalog_quads(
    source: TripleSource,
    *,
    version: str,
    previous: str | None,
    issued: date,
    issued_from: str,
    iris: Iris,
    sizes: Mapping[ExportFormat, int],
    triples: int,
    endpoint_url: str | None,
) -> list[ox.Quad]:
    """The DCAT/VoID description of a release: the dataset, its distributions, its sources."""
    dataset = ox.NamedNode(release_iri(iris, version))
    day = ox.Literal(issued.isoformat(), datatype=xsd.date)
    licence = ox.NamedNode(DATA_LICENCE)
    publisher = ox.NamedNode(publisher_iri(iris))
    out = [
        ox.Quad(dataset, rdf.type, dcat.Dataset),
        ox.Quad(dataset, rdf.type, void.Dataset),
        ox.Quad(dataset, dct.title, ox.Literal(f"civicgraph {version}", language="en")),
        ox.Quad(dataset, dct.isVersionOf, ox.NamedNode(dataset_iri(iris))),
        ox.Quad(dataset, dcat.version, ox.Literal(version)),
        ox.Quad(dataset, dct.issued, day),
        ox.Quad(dataset, dct.modified, day),
        ox.Quad(
            dataset,
            rdfs.comment,
            ox.Literal(
                f"Issued on {issued_from}; no clock time goes into a release.", language="en"
            ),
        ),
        ox.Quad(dataset, dct.license, licence),
        ox.Quad(dataset, dct.publisher, publisher),
        ox.Quad(publisher, rdf.type, foaf.Organization),
        ox.Quad(publisher, foaf.name, ox.Literal(PUBLISHER_NAME)),
        ox.Quad(dataset, dct.conformsTo, ONTOLOGY),
        ox.Quad(dataset, void.triples, ox.Literal(str(triples), datatype=xsd.integer)),
        ox.Quad(dataset, void.uriSpace, ox.Literal(iris.id_prefix)),
    ]
    if previous is not None:
        out.append(
            ox.Quad(dataset, dcat.previousVersion, ox.NamedNode(release_iri(iris, previous)))
        )
    if endpoint_url is not None:
        out.append(ox.Quad(dataset, void.sparqlEndpoint, ox.NamedNode(endpoint_url)))
    for fmt, size in sorted(sizes.items(), key=lambda item: item[0].value):
        name = f"{DATASET_STEM}.{fmt.extension}"
        distribution = ox.NamedNode(f"{dataset.value}/{name}")
        out += [
            ox.Quad(dataset, dcat.distribution, distribution),
            ox.Quad(distribution, rdf.type, dcat.Distribution),
            ox.Quad(distribution, dct.title, ox.Literal(name)),
            ox.Quad(distribution, dcat.mediaType, ox.NamedNode(MEDIA_TYPES + fmt.media_type)),
            ox.Quad(
                distribution,
                dcat.byteSize,
                ox.Literal(str(size), datatype=xsd.nonNegativeInteger),
            ),
            ox.Quad(distribution, dct.license, licence),
            ox.Quad(distribution, dct.issued, day),
        ]
    for triple in source.construct(load_sparql("release_sources")):
        if triple.predicate == rdf.type and triple.object != dct.RightsStatement:
            out.append(ox.Quad(dataset, dct.source, triple.subject))
        out.append(ox.Quad(triple.subject, triple.predicate, triple.object))
    return out


def _statement_quads(node: ox.NamedNode, s: str, p: str, o: str) -> list[ox.Quad]:
    return [
        ox.Quad(node, rdf.type, rdf.Statement),
        ox.Quad(node, rdf.subject, _term(s)),
        ox.Quad(node, rdf.predicate, _term(p)),
        ox.Quad(node, rdf.object, _term(o)),
    ]


def _term(text: str) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    parsed = next(iter(ox.parse(f"<x:s> <x:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES)))
    term: ox.NamedNode | ox.Literal | ox.BlankNode = parsed.object
    return term


def _fact_triples(fact: Fact) -> list[tuple[str, str, str]]:
    """The triples a fact consists of, its evidence links included."""
    node = f"<{fact.nodes[0]}>"
    if fact.key[0] == "binary":
        _, s, p, o = fact.key
        triples = [(s, p, o)]
    else:
        split = fact.key.index("|")
        triples = [(node, str(rdf.type), t) for t in fact.key[1:split]]
        triples += [(node, *pair.split(" ", 1)) for pair in fact.key[split + 1 :]]  # type: ignore[misc]
    return triples + _evidence_triples(fact)


def _evidence_triples(fact: Fact) -> list[tuple[str, str, str]]:
    return [
        (f"<{node}>", str(prov.wasDerivedFrom), f"<{evidence}>")
        for node in fact.nodes
        for evidence in sorted(fact.evidence)
    ]


def changes_quads(
    changes: FactChanges, *, version: str, previous: str | None, issued: date, iris: Iris
) -> list[ox.Quad]:
    """The change log as three ``cs:ChangeSet``s (added, removed, changed evidence)."""
    release = ox.NamedNode(release_iri(iris, version))
    day = ox.Literal(issued.isoformat(), datatype=xsd.date)
    out: list[ox.Quad] = []
    parts: list[tuple[str, str, list[tuple[str, Fact, list[tuple[str, str, str]]]]]] = [
        ("added", "facts added", [("addition", f, _fact_triples(f)) for f in changes.added]),
        ("removed", "facts removed", [("removal", f, _fact_triples(f)) for f in changes.removed]),
        (
            "changed",
            "facts whose evidence changed",
            [
                entry
                for old, new in changes.changed
                for entry in (
                    ("removal", old, _evidence_triples(old)),
                    ("addition", new, _evidence_triples(new)),
                )
            ],
        ),
    ]
    since = f" since {previous}" if previous is not None else " (first release)"
    for name, reason, entries in parts:
        changeset = ox.NamedNode(f"{release.value}/changes/{name}")
        out += [
            ox.Quad(changeset, rdf.type, cs.ChangeSet),
            ox.Quad(changeset, cs.subjectOfChange, release),
            ox.Quad(changeset, cs.createdDate, day),
            ox.Quad(
                changeset,
                cs.changeReason,
                ox.Literal(f"{reason}{since}", language="en"),
            ),
        ]
        for direction, fact, triples in entries:
            for node in fact.nodes:
                out.append(ox.Quad(changeset, dct.subject, ox.NamedNode(node)))
            for s, p, o in triples:
                digest = hashlib.sha256(f"{s} {p} {o}".encode()).hexdigest()[:16]
                statement = ox.NamedNode(f"{changeset.value}/{digest}")
                out.append(ox.Quad(changeset, cs[direction], statement))
                out += _statement_quads(statement, s, p, o)
    return out


def _short(term: str, iris: Iris) -> str:
    """An N-Triples term as a reader wants it: ids, prefixed names, plain values."""
    if term.startswith("<") and term.endswith(">"):
        iri = term[1:-1]
        found = iris.id_of(iri)
        if found is not None:
            return found
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
            if iri.startswith(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri
    literal = _term(term)
    if isinstance(literal, ox.Literal):
        suffix = f"@{literal.language}" if literal.language else ""
        return f"{json.dumps(literal.value, ensure_ascii=False)}{suffix}"
    return term


def _describe(fact: Fact, iris: Iris) -> str:
    if fact.key[0] == "binary":
        _, s, p, o = fact.key
        return f"{_short(s, iris)} {_short(p, iris)} {_short(o, iris)}"
    split = fact.key.index("|")
    kinds = ", ".join(_short(t, iris) for t in fact.key[1:split])
    values = "; ".join(
        f"{_short(p, iris)} {_short(o, iris)}"
        for p, o in (pair.split(" ", 1) for pair in fact.key[split + 1 :])
    )
    nodes = ", ".join(iris.id_of(n) or n for n in fact.nodes)
    return f"{nodes} ({kinds}): {values}"


def _evidence(fact: Fact, iris: Iris) -> str:
    parts = []
    for evidence in sorted(fact.evidence):
        where = iris.id_of(evidence) or evidence
        quote = fact.quotes.get(evidence)
        parts.append(f"{where} «{quote}»" if quote is not None else where)
    return "; ".join(parts) if parts else "none"


def changes_markdown(
    changes: FactChanges,
    *,
    version: str,
    previous: str | None,
    issued: date,
    issued_from: str,
    iris: Iris,
) -> str:
    """The change log for people: one line per fact (entities by their ids), with its evidence."""
    against = f"since {previous}" if previous is not None else "(first release: every fact is new)"
    lines = [
        f"# civicgraph {version}: changes of facts {against}",
        "",
        f"Issued {issued.isoformat()} ({issued_from}). {len(changes.added)} added, {len(changes.removed)} "
        f"removed, {len(changes.changed)} with changed evidence. A fact is its triple (binary "
        "facts) or its types and properties (n-ary facts); evidence is listed after the dash.",
    ]
    sections = [
        ("Added", [f"- {_describe(f, iris)} — {_evidence(f, iris)}" for f in changes.added]),
        ("Removed", [f"- {_describe(f, iris)} — {_evidence(f, iris)}" for f in changes.removed]),
        (
            "Changed evidence",
            [
                f"- {_describe(new, iris)} — before: {_evidence(old, iris)}; after: {_evidence(new, iris)}"
                for old, new in changes.changed
            ],
        ),
    ]
    for title, entries in sections:
        lines += ["", f"## {title} ({len(entries)})", ""]
        lines += entries or ["None."]
    return "\n".join(lines) + "\n"
