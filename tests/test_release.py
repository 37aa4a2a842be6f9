"""civicgraph release: a reproducible folder with every serialisation, checksums, reports,
a DCAT/VoID description and a change log of facts; refusals leave nothing behind."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
from datetime import date
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner, Result

from civicgraph.cli import main
from civicgraph.errors import CivicGraphError, ReleaseError
from civicgraph.export import ExportFormat
from civicgraph.namespaces import CIV, CS, DCAT, DCAT3, DCTERMS, FOAF, RDF, RDFS, VOID
from civicgraph.records import load_sources
from civicgraph.release import (
    ReleaseInputs,
    collect_facts,
    release_iri,
    write_release,
)
from civicgraph.store import open_snapshot
from civicgraph.triplesource import EmbeddedSource
from civicgraph.validate import ValidationReport
from tests.seed import BASE, DATA, IRIS, ONTOLOGY, SHAPES, iri

RECORDS = Path("records") / "maslikhat-council-extended-meeting.yaml"
MEDIA = "http://www.iana.org/assignments/media-types/"

# The two record edits between the releases: evidence dropped from one binary fact, and
# one participation's role changed (its key changes: removed, then added).
DROPPED_EVIDENCE = (
    """    discussed: topic/maslikhat-deputies-competence
    evidence:
      - quote: "мәслихат депутаттарының құзіретін арттыру"
      - quote: "өзекті мәселелерді талқылау алаңына айналды"
""",
    """    discussed: topic/maslikhat-deputies-competence
    evidence:
      - quote: "мәслихат депутаттарының құзіретін арттыру"
""",
)
CHANGED_ROLE = (
    """    participant: group/government-members
    event: event/council-maslikhats-extended-meeting-2025-04
    participationRole: civ:RoleAttendee
""",
    """    participant: group/government-members
    event: event/council-maslikhats-extended-meeting-2025-04
    participationRole: civ:RoleSpeaker
""",
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def build(data: Path, store: Path) -> None:
    result = run(
        "build", "--data", str(data), "--ontology", str(ONTOLOGY), "--shapes", str(SHAPES),
        "--store", str(store),
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def release(store: Path, data: Path, root: Path, version: str, *extra: str) -> Result:
    return run(
        "release", version, "--store", str(store), "--data", str(data), "--shapes", str(SHAPES),
        "--out", str(root), *extra,
    )  # fmt: skip


def edit(path: Path, change: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(change[0]) == 1, "the seed record this test edits has changed"
    path.write_text(text.replace(*change), encoding="utf-8")


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Release 0.1.0 of the seed, then 0.2.0 after the two record edits."""
    work = tmp_path_factory.mktemp("releases")
    data = work / "data"
    shutil.copytree(DATA, data)
    build(data, work / "store")
    first = release(work / "store", data, work / "dist", "0.1.0")
    assert first.exit_code == 0, first.output
    edit(data / RECORDS, DROPPED_EVIDENCE)
    edit(data / RECORDS, CHANGED_ROLE)
    build(data, work / "store")
    second = release(work / "store", data, work / "dist", "0.2.0", "--previous", "0.1.0")
    assert second.exit_code == 0, second.output
    assert "1 added, 1 removed, 1 with changed evidence" in second.output
    return work


def section(markdown: str, title: str) -> list[str]:
    lines = markdown.split(f"\n## {title} (", 1)[1].split("\n## ", 1)[0].splitlines()
    return [line for line in lines if line.startswith("- ")]


def test_change_log_lists_exactly_the_edited_facts(two_releases: Path) -> None:
    """The Markdown change log names the participation whose role changed (removed with its
    old role, added with the new one) and the fact that lost evidence, and nothing else."""
    markdown = (two_releases / "dist" / "0.2.0" / "changes.md").read_text(encoding="utf-8")
    assert markdown.startswith("# civicgraph 0.2.0: changes of facts since 0.1.0\n")
    [removed] = section(markdown, "Removed")
    [added] = section(markdown, "Added")
    [changed] = section(markdown, "Changed evidence")
    for line, role in ((removed, "civ:RoleAttendee"), (added, "civ:RoleSpeaker")):
        assert line.startswith("- participation/extended-meeting-government-members ")
        assert f"civ:participationRole {role}" in line
    assert changed.startswith(
        "- event/council-maslikhats-extended-meeting-2025-04 civ:discussed "
        "topic/maslikhat-deputies-competence — before: "
    )
    before, after = changed.split("; after: ")
    assert before.count("«") == 2
    assert after.count("«") == 1
    assert "өзекті мәселелерді талқылау алаңына айналды" not in after


def test_change_log_in_rdf_names_the_same_facts(two_releases: Path) -> None:
    """changes.ttl has three cs:ChangeSets whose subjects are exactly the changed fact nodes,
    and the changed evidence appears as one removed prov:wasDerivedFrom statement."""
    graph = rdflib.Graph().parse(two_releases / "dist" / "0.2.0" / "changes.ttl")
    release = release_iri(IRIS, "0.2.0")
    subjects = {
        name: set(graph.objects(rdflib.URIRef(f"{release}/changes/{name}"), DCTERMS.subject))
        for name in ("added", "removed", "changed")
    }
    participation = rdflib.URIRef(iri("participation/extended-meeting-government-members"))
    assert subjects["added"] == subjects["removed"] == {participation}
    [assertion] = subjects["changed"]
    assert (assertion, RDF.type, CIV.Assertion) not in graph  # only the change is described
    changed = rdflib.URIRef(f"{release}/changes/changed")
    assert len(set(graph.objects(changed, CS.removal))) == 2  # both old pieces of evidence
    assert len(set(graph.objects(changed, CS.addition))) == 1
    for changeset in subjects:
        node = rdflib.URIRef(f"{release}/changes/{changeset}")
        assert (node, RDF.type, CS.ChangeSet) in graph
        assert (node, CS.subjectOfChange, rdflib.URIRef(release)) in graph
    removed = rdflib.URIRef(f"{release}/changes/removed")
    objects = {
        graph.value(statement, RDF.object) for statement in graph.objects(removed, CS.removal)
    }
    assert CIV.RoleAttendee in objects


def test_first_release_lists_every_fact_as_added(two_releases: Path) -> None:
    """Without --previous every fact of the dataset is added; nothing is removed."""
    folder = two_releases / "dist" / "0.1.0"
    markdown = (folder / "changes.md").read_text(encoding="utf-8")
    facts = collect_facts(
        EmbeddedSource.from_nquads((folder / "civicgraph.nq").read_bytes(), iris=IRIS)
    )
    assert len(section(markdown, "Added")) == len(facts) > 50
    assert section(markdown, "Removed") == section(markdown, "Changed evidence") == []


def test_release_holds_every_serialisation_and_checksums(two_releases: Path) -> None:
    """Every export format, both reports and SHA256SUMS over every other file."""
    folder = two_releases / "dist" / "0.2.0"
    names = sorted(p.name for p in folder.iterdir())
    for fmt in ExportFormat:
        assert f"civicgraph.{fmt.extension}" in names
    for name in ("validation.ttl", "validation.json", "coverage.json", "catalog.ttl"):
        assert name in names
    sums = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="ascii").splitlines():
        digest, name = line.split("  ")
        sums[name] = digest
    assert sorted(sums) == [n for n in names if n != "SHA256SUMS"]
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name
    assert (two_releases / "dist").iterdir()
    assert sorted(p.name for p in (two_releases / "dist").iterdir()) == ["0.1.0", "0.2.0"]


def test_catalog_describes_distributions_licence_rights_and_versions(two_releases: Path) -> None:
    """DCAT/VoID: each distribution's media type and true byte size, the data licence, the
    publisher, issued/modified, the previous version, and the rights of every source."""
    folder = two_releases / "dist" / "0.2.0"
    graph = rdflib.Graph().parse(folder / "catalog.ttl")
    dataset = rdflib.URIRef(release_iri(IRIS, "0.2.0"))
    assert (dataset, RDF.type, DCAT.Dataset) in graph
    assert (dataset, RDF.type, VOID.Dataset) in graph
    distributions = set(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == len(ExportFormat)
    for fmt in ExportFormat:
        node = rdflib.URIRef(f"{dataset}/civicgraph.{fmt.extension}")
        assert node in distributions
        size = (folder / f"civicgraph.{fmt.extension}").stat().st_size
        assert graph.value(node, DCAT.byteSize).toPython() == size
        assert graph.value(node, DCAT.mediaType) == rdflib.URIRef(MEDIA + fmt.media_type)
    licence = rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert graph.value(dataset, DCTERMS.license) == licence
    assert graph.value(graph.value(dataset, DCTERMS.publisher), FOAF.name) is not None
    assert graph.value(dataset, DCTERMS.issued).toPython() == date(2025, 4, 3)
    assert graph.value(dataset, DCTERMS.modified).toPython() == date(2025, 4, 3)
    assert "the newest date a source states" in str(graph.value(dataset, RDFS.comment))
    assert graph.value(dataset, DCAT3.version) == rdflib.Literal("0.2.0")
    assert graph.value(dataset, DCAT3.previousVersion) == rdflib.URIRef(release_iri(IRIS, "0.1.0"))
    assert graph.value(dataset, VOID.sparqlEndpoint) is None
    sources = set(graph.objects(dataset, DCTERMS.source))
    assert len(sources) == 3
    for source in sources:
        statement = graph.value(source, DCTERMS.rights)
        assert statement is not None, source
        assert (statement, RDF.type, DCTERMS.RightsStatement) in graph
        assert graph.value(statement, RDFS.label) is not None
    article = rdflib.URIRef(f"{BASE}/id/source/maslikhat-council-extended-meeting")
    assert graph.value(article, DCTERMS.publisher) == rdflib.URIRef(iri("org/undp"))


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("seed") / "store"
    build(DATA, store)
    return store


def test_release_is_byte_identical_for_the_same_input(seed_store: Path, tmp_path: Path) -> None:
    """Two releases of the same store in two folders have the same bytes in every file."""
    for root in ("a", "b"):
        assert release(seed_store, DATA, tmp_path / root, "1.0.0").exit_code == 0
    first = sorted((tmp_path / "a" / "1.0.0").iterdir())
    assert len(first) == 12
    for path in first:
        assert path.read_bytes() == (tmp_path / "b" / "1.0.0" / path.name).read_bytes(), path.name


def test_endpoint_and_dates(seed_store: Path, tmp_path: Path) -> None:
    """--endpoint-url becomes void:sparqlEndpoint; a calendar version gives the issued date;
    --issued overrides it."""
    url = "https://example.org/civicgraph/sparql"
    assert release(seed_store, DATA, tmp_path, "2026.12.02", "--endpoint-url", url).exit_code == 0
    assert release(seed_store, DATA, tmp_path, "3.0.0", "--issued", "2026-01-31").exit_code == 0
    dated = rdflib.Graph().parse(tmp_path / "2026.12.02" / "catalog.ttl")
    dataset = rdflib.URIRef(release_iri(IRIS, "2026.12.02"))
    assert dated.value(dataset, VOID.sparqlEndpoint) == rdflib.URIRef(url)
    assert dated.value(dataset, DCTERMS.issued).toPython() == date(2026, 12, 2)
    assert "calendar version" in str(dated.value(dataset, RDFS.comment))
    markdown = (tmp_path / "3.0.0" / "changes.md").read_text(encoding="utf-8")
    assert "Issued 2026-01-31 (the date given)." in markdown
    given = rdflib.Graph().parse(tmp_path / "3.0.0" / "catalog.ttl")
    assert given.value(
        rdflib.URIRef(release_iri(IRIS, "3.0.0")), DCTERMS.issued
    ).toPython() == date(2026, 1, 31)


def assert_refused(result: Result, message: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: "), lines[0]
    assert message in lines[0], lines[0]


@pytest.mark.parametrize("version", ["v1.0", "1.0", "1.0.0+build", "../1.0.0", ""])
def test_invalid_version_is_refused(seed_store: Path, tmp_path: Path, version: str) -> None:
    """A version that is not MAJOR.MINOR.PATCH[-pre] is refused and nothing is written."""
    root = tmp_path / "dist"
    assert_refused(release(seed_store, DATA, root, version), f"invalid release version {version!r}")
    assert not root.exists()


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("١.٠.٠", "invalid release version '١.٠.٠': '١' (U+0661) is not an ASCII digit"),
        ("1.0.٣", "invalid release version '1.0.٣': '٣' (U+0663) is not an ASCII digit"),
        ("1.0.0-" + "a" * 294, "release version '1.0.0-aaaaaaaaaaaaaa'… is 300 characters long"),
    ],
)
def test_non_ascii_and_overlong_versions_are_refused(
    seed_store: Path, tmp_path: Path, version: str, message: str
) -> None:
    """Arabic-Indic digits match Python's \\d, and 300 characters do not fit a folder name:
    both are refused in words, before anything is written."""
    root = tmp_path / "dist"
    assert_refused(release(seed_store, DATA, root, version), message)
    assert not root.exists()


def test_existing_release_is_refused(seed_store: Path, tmp_path: Path) -> None:
    """A release folder that exists is never rewritten, even when empty."""
    (tmp_path / "1.0.0").mkdir()
    assert_refused(release(seed_store, DATA, tmp_path, "1.0.0"), "release 1.0.0 already exists")
    assert list((tmp_path / "1.0.0").iterdir()) == []


def test_unknown_previous_release_is_refused(seed_store: Path, tmp_path: Path) -> None:
    """--previous must name a release in the folder; the message lists the ones there."""
    assert release(seed_store, DATA, tmp_path, "1.0.0").exit_code == 0
    result = release(seed_store, DATA, tmp_path, "1.1.0", "--previous", "0.9.0")
    assert_refused(result, "unknown previous release '0.9.0'")
    assert "releases here: 1.0.0" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.0.0"]


def test_incomplete_previous_release_is_refused_naming_the_missing_file(
    seed_store: Path, tmp_path: Path
) -> None:
    """A previous release folder without its dataset is damaged, not unknown."""
    assert release(seed_store, DATA, tmp_path, "1.0.0").exit_code == 0
    (tmp_path / "1.0.0" / "civicgraph.nq").unlink()
    result = release(seed_store, DATA, tmp_path, "1.1.0", "--previous", "1.0.0")
    assert_refused(result, "previous release 1.0.0 is incomplete: civicgraph.nq is missing")
    assert "unknown" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.0.0"]


def test_previous_release_without_checksums_is_refused(seed_store: Path, tmp_path: Path) -> None:
    assert release(seed_store, DATA, tmp_path, "1.0.0").exit_code == 0
    (tmp_path / "1.0.0" / "SHA256SUMS").unlink()
    result = release(seed_store, DATA, tmp_path, "1.1.0", "--previous", "1.0.0")
    assert_refused(result, "previous release 1.0.0 is incomplete: SHA256SUMS is missing")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.0.0"]


@pytest.mark.parametrize("name", ["civicgraph.nq", "catalog.ttl"])
def test_previous_release_that_no_longer_matches_its_checksums_is_refused(
    seed_store: Path, tmp_path: Path, name: str
) -> None:
    """A previous release edited since it was made is not diffed against: one line names
    the file whose checksum no longer matches."""
    assert release(seed_store, DATA, tmp_path, "1.0.0").exit_code == 0
    changed = tmp_path / "1.0.0" / name
    changed.write_bytes(changed.read_bytes() + b"\n")
    result = release(seed_store, DATA, tmp_path, "1.1.0", "--previous", "1.0.0")
    assert_refused(result, f"previous release 1.0.0 is damaged: {name} does not match SHA256SUMS")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.0.0"]


def test_previous_release_whose_dataset_is_not_n_quads_is_refused(
    seed_store: Path, tmp_path: Path
) -> None:
    """Checksums that match a dataset that does not parse (both replaced): damaged, said so."""
    assert release(seed_store, DATA, tmp_path, "1.0.0").exit_code == 0
    folder = tmp_path / "1.0.0"
    dataset = folder / "civicgraph.nq"
    dataset.write_bytes(b'<urn:a> <urn:b> "unterminated .\n')
    digest = hashlib.sha256(dataset.read_bytes()).hexdigest()
    sums = folder / "SHA256SUMS"
    sums.write_text(
        "".join(
            f"{digest}  civicgraph.nq\n" if line.endswith("  civicgraph.nq") else line + "\n"
            for line in sums.read_text().splitlines()
        )
    )
    result = release(seed_store, DATA, tmp_path, "1.1.0", "--previous", "1.0.0")
    assert_refused(result, "previous release 1.0.0 is damaged: civicgraph.nq is not N-Quads (")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.0.0"]


def _release_killed_after_writes(store: Path, root: Path, writes: int) -> None:
    """In a forked process: release, SIGKILLed after ``writes`` files are written."""
    original = Path.write_bytes
    done = 0

    def writing(self: Path, data: bytes) -> int:
        nonlocal done
        written = original(self, data)
        done += 1
        if done == writes:
            os.kill(os.getpid(), signal.SIGKILL)
        return written

    Path.write_bytes = writing  # type: ignore[method-assign]
    main(
        ["release", "1.0.0", "--store", str(store), "--data", str(DATA), "--shapes", str(SHAPES),
         "--out", str(root)],
        prog_name="civicgraph",
    )  # fmt: skip


def test_a_killed_release_leaves_nothing_once_the_next_one_runs(
    seed_store: Path, tmp_path: Path
) -> None:
    """Killed halfway, a release leaves only its hidden staging folder, never a release;
    the next release removes it."""
    root = tmp_path / "dist"
    child = multiprocessing.get_context("fork").Process(
        target=_release_killed_after_writes, args=(seed_store, root, 3)
    )
    child.start()
    child.join(timeout=300)
    assert child.exitcode == -signal.SIGKILL
    [left] = list(root.iterdir())
    assert left.name == f".1.0.0.partial-{child.pid}"
    assert release(seed_store, DATA, root, "1.0.0").exit_code == 0
    assert sorted(p.name for p in root.iterdir()) == ["1.0.0"]


def test_previous_release_with_an_unreadable_checksum_line_is_refused(
    seed_store: Path, tmp_path: Path
) -> None:
    assert release(seed_store, DATA, tmp_path, "1.0.0").exit_code == 0
    sums = tmp_path / "1.0.0" / "SHA256SUMS"
    sums.write_text(sums.read_text() + "0123  ../../escape\n")
    result = release(seed_store, DATA, tmp_path, "1.1.0", "--previous", "1.0.0")
    lines = sums.read_text().count("\n")
    assert_refused(result, f"SHA256SUMS:{lines}: previous release 1.0.0 is damaged: not a checksum")


def test_non_conforming_graph_is_refused(seed_store: Path, tmp_path: Path) -> None:
    """A graph with shape violations is not released."""
    report = ValidationReport(
        conforms=False, results=(), report_turtle="", triples_validated=0, engine="pyshacl"
    )
    inputs = ReleaseInputs(
        snapshot=open_snapshot(seed_store), validation=report, coverage=(), iris=IRIS
    )
    with pytest.raises(ReleaseError, match="does not conform"):
        write_release(tmp_path, "1.0.0", inputs)
    assert list(tmp_path.iterdir()) == []


def test_failure_while_writing_leaves_nothing(
    seed_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails halfway removes the partial folder: no release, no hidden leftovers."""
    writes = []
    original = Path.write_bytes

    def failing(self: Path, data: bytes) -> int:
        writes.append(self.name)
        if len(writes) == 3:
            raise OSError(28, "No space left on device")
        return original(self, data)

    report = ValidationReport(
        conforms=True, results=(), report_turtle="", triples_validated=0, engine="pyshacl"
    )
    inputs = ReleaseInputs(
        snapshot=open_snapshot(seed_store), validation=report, coverage=(), iris=IRIS
    )
    monkeypatch.setattr(Path, "write_bytes", failing)
    with pytest.raises(ReleaseError, match="cannot write the release: no space left on the device"):
        write_release(tmp_path, "1.0.0", inputs)
    assert list(tmp_path.iterdir()) == []


def test_release_folder_inside_a_file_is_refused(seed_store: Path, tmp_path: Path) -> None:
    """--out inside a file is one line and exit 2, not a traceback."""
    blocker = tmp_path / "dist"
    blocker.write_text("not a folder", encoding="utf-8")
    result = release(seed_store, DATA, blocker / "release", "1.0.0")
    assert_refused(result, "cannot write the release: Not a directory")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_source_rights_are_read_and_checked(tmp_path: Path) -> None:
    """source.yaml's rights: is a language map; anything else names the file and the key."""
    sources = load_sources(DATA)
    assert "UNDP Kazakhstan" in sources["maslikhat-council-extended-meeting"].rights["en"]
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    meta = copy / "sources" / "undp-kz-wawiernia-speech-2025-04-03" / "source.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.split("rights:")[0] + "rights: all rights reserved\n", encoding="utf-8")
    with pytest.raises(CivicGraphError) as caught:
        load_sources(copy)
    message = str(caught.value)
    assert "source.yaml" in message
    assert "rights must map language tags to text" in message


@pytest.mark.parametrize("url", ["not a url", "example.org/sparql", "https://example.org/a b"])
def test_invalid_endpoint_url_is_refused(seed_store: Path, tmp_path: Path, url: str) -> None:
    """--endpoint-url must be an absolute http(s) URL; nothing is written otherwise."""
    result = release(seed_store, DATA, tmp_path / "dist", "1.0.0", "--endpoint-url", url)
    assert_refused(result, f"invalid SPARQL endpoint URL {url!r}")
    assert not (tmp_path / "dist").exists()
