"""Project: its paths, its base IRI (remembered by the store), and its use cases."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import filelock
import pytest

import civicgraph
from civicgraph import resources
from civicgraph.errors import ProjectError, StoreError
from civicgraph.project import Project
from civicgraph.store import LOCK
from tests.seed import BASE, DATA, ONTOLOGY, SHAPES

OTHER_BASE = "https://example.org/civic"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A project folder of its own, built with a base that is not the default."""
    folder = tmp_path_factory.mktemp("project")
    shutil.copytree(DATA, folder / "data")
    outcome = Project(folder, base=OTHER_BASE).build()
    assert outcome.installed
    return Project(folder)


def test_project_is_the_package_entry_point() -> None:
    assert civicgraph.Project is Project


def test_paths_default_inside_the_folder_and_fall_back_to_the_shipped_files(
    tmp_path: Path,
) -> None:
    project = Project(tmp_path)
    assert project.data == tmp_path / "data"
    assert project.store == tmp_path / ".civicgraph" / "store"
    assert project.ontology == resources.ontology_file()
    assert project.shapes == resources.shapes_file()
    assert project.queries == resources.catalogue_dir()
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "civic.ttl").write_text("")
    (tmp_path / "queries").mkdir()
    own = Project(tmp_path)
    assert own.ontology == tmp_path / "ontology" / "civic.ttl"
    assert own.queries == tmp_path / "queries"
    assert own.shapes == resources.shapes_file()


@pytest.mark.parametrize("bad", ["http://a b", "no-scheme", ""])
def test_a_base_that_is_not_an_iri_is_one_clear_error(bad: str) -> None:
    with pytest.raises(ProjectError, match="bad base IRI") as caught:
        Project(base=bad)
    assert "absolute IRI" in str(caught.value)


def test_the_base_is_read_from_the_store_when_not_given(built: Project, tmp_path: Path) -> None:
    assert built.given_base is None
    assert built.base == OTHER_BASE
    assert Project(built.path, base=BASE).base == BASE
    assert Project(tmp_path).base == BASE  # no store: the default


def test_a_base_other_than_the_stores_is_refused(built: Project) -> None:
    """Every IRI would miss its graph: zero rows, or the ontology counted as data."""
    with pytest.raises(StoreError, match=f"built with base {OTHER_BASE}, not {BASE}"):
        Project(built.path, base=BASE).validate()


def test_validate_after_a_build_with_another_base_checks_the_same_triples(
    built: Project, tmp_path: Path
) -> None:
    """The ontology is left out of the data whatever base the store was built with."""
    default = Project(tmp_path, data=DATA, ontology=ONTOLOGY, shapes=SHAPES)
    default.build()
    expected = default.validate().triples_validated
    report = built.validate()
    assert report.conforms
    assert report.triples_validated == expected


def test_use_cases_are_methods(built: Project, tmp_path: Path) -> None:
    stats = built.stats()
    # Graphs of the store's base get short names; a wrong base would leave full IRIs.
    assert {"entities", "provenance", "ontology"} <= set(stats.triples_per_graph)
    assert stats.entities_per_class
    reports = built.coverage()
    assert [r.source_id for r in reports]
    out = tmp_path / "graph.nt"
    size = built.export("ntriples", out)
    assert size == out.stat().st_size > 0
    assert f"<{OTHER_BASE}/id/".encode() in out.read_bytes()


def test_query_binds_ids_under_the_stores_base(built: Project) -> None:
    """The shipped catalogue, the store's base: rows about the event, not an empty answer."""
    event = "event/council-maslikhats-extended-meeting-2025-04"
    named = built.query("participants_by_event", event=event, lang="kk", limit=3)
    mapped = built.query("participants_by_event", {"event": event}, lang="kk", limit=3)
    assert len(named.rows) == 3
    assert named.rows == mapped.rows
    assert named.values("event") == {f"{OTHER_BASE}/id/{event}"}


def test_build_reports_progress_stage_by_stage(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    Project(tmp_path, data=DATA).build(progress=lambda *call: calls.append(call))
    assert [stage for _, stage, _ in calls] == [1, 2, 3]
    assert {total for _, _, total in calls} == {3}
    assert calls[-1][0] == "checking the shapes"
    validated: list[tuple[str, int, int]] = []
    Project(tmp_path).validate(progress=lambda *call: validated.append(call))
    assert [stage for _, stage, total in validated] == [1, 2]


def test_a_build_says_it_waits_for_another_one(tmp_path: Path) -> None:
    project = Project(tmp_path, data=DATA)
    project.build()
    calls: list[str] = []
    lock = filelock.FileLock(project.store / LOCK, thread_local=False)
    lock.acquire()
    releaser = threading.Timer(0.5, lock.release)
    releaser.start()
    try:
        outcome = project.build(progress=lambda description, *_: calls.append(description))
    finally:
        releaser.join()
    assert outcome.installed
    assert "waiting for another build of this store to finish" in calls
    assert calls[-1] == "checking the shapes"
