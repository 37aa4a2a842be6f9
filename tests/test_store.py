"""The store folder: what a build may replace, the atomic switch, the writers' lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import filelock
import pyoxigraph as ox
import pytest

from civicgraph import store
from civicgraph.build import build_dataset
from civicgraph.errors import StoreError
from civicgraph.iris import Iris
from civicgraph.snapshot import Snapshot
from civicgraph.store import (
    LOCK,
    MANIFEST,
    StagedStore,
    current_folder,
    memory_store_from_snapshot,
    open_snapshot,
    open_store,
    read_manifest,
    replace_store,
)
from tests.seed import DATA, IRIS, ONTOLOGY, ROOT


@pytest.fixture(scope="module")
def seed_quads() -> list[ox.Quad]:
    return build_dataset(DATA, ONTOLOGY, iris=IRIS).quads


def _generations(path: Path) -> list[str]:
    return sorted(p.name for p in path.iterdir() if p.name.startswith("gen-"))


def test_store_folder_holds_database_and_snapshot(
    tmp_path: Path, seed_quads: list[ox.Quad]
) -> None:
    """The database and the snapshot of one build hold the same quads."""
    path = tmp_path / "store"
    count = replace_store(path, seed_quads, iris=IRIS)
    snapshot = open_snapshot(path)
    assert count == snapshot.quad_count == len(open_store(path))
    # Blank nodes keep their labels: queries that show them give the same ids every build.
    assert set(memory_store_from_snapshot(snapshot)) == set(open_store(path))
    assert any(isinstance(q.subject, ox.BlankNode) for q in open_store(path))


def test_manifest_records_format_base_and_build_time(
    tmp_path: Path, seed_quads: list[ox.Quad]
) -> None:
    path = tmp_path / "store"
    replace_store(path, seed_quads[:10], iris=Iris("https://example.org/civic"))
    manifest = json.loads((path / MANIFEST).read_text())
    assert manifest["civicgraph-store"] == 2
    assert manifest["base"] == "https://example.org/civic"
    assert manifest["built"].endswith("Z")
    assert manifest["quads"] == 10
    assert read_manifest(path).generation == current_folder(path).name


def test_a_failed_build_leaves_the_old_store(tmp_path: Path, seed_quads: list[ox.Quad]) -> None:
    """An error while the new store is staged discards it; the previous one stays."""
    path = tmp_path / "store"
    replace_store(path, seed_quads[:100], iris=IRIS)
    before = open_snapshot(path)
    generations = _generations(path)
    with (
        pytest.raises(RuntimeError),
        StagedStore(path, Snapshot.from_quads(seed_quads), iris=IRIS),
    ):
        raise RuntimeError("validation failed")
    assert open_snapshot(path) == before
    assert _generations(path) == generations
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_old_layout_and_missing_store_are_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store here"):
        open_store(tmp_path)
    (tmp_path / "CURRENT").write_text("MANIFEST-000001\n")
    with pytest.raises(StoreError, match="older civicgraph") as caught:
        open_snapshot(tmp_path)
    assert caught.value.hint == "run 'civicgraph build' to rebuild it"


def test_the_previous_layout_gets_rebuild_advice_and_is_replaced(
    tmp_path: Path, seed_quads: list[ox.Quad]
) -> None:
    """A store of format 1 (database and snapshot at the top) is named, then rebuilt."""
    path = tmp_path / "store"
    Snapshot.from_quads(seed_quads[:5]).write(path)
    ox.Store(str(path / "db")).flush()
    with pytest.raises(StoreError, match="older civicgraph") as caught:
        open_store(path)
    assert "rebuild" in str(caught.value)
    replace_store(path, seed_quads[:7], iris=IRIS)
    assert open_snapshot(path).quad_count == 7
    assert sorted(p.name for p in path.iterdir()) == sorted([LOCK, MANIFEST, *_generations(path)])


@pytest.mark.parametrize("foreign", ["records.yaml", "manifest.json"])
def test_a_folder_that_is_not_a_store_is_refused_untouched(
    tmp_path: Path, seed_quads: list[ox.Quad], foreign: str
) -> None:
    """``build --store data`` must not wipe the records (nor a stranger's manifest.json)."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / foreign).write_text('{"mine": true}\n')
    with pytest.raises(StoreError, match="not a civicgraph store") as caught:
        replace_store(folder, seed_quads[:5], iris=IRIS)
    assert "refusing to replace it" in str(caught.value)
    assert [p.name for p in folder.iterdir()] == [foreign]
    assert (folder / foreign).read_text() == '{"mine": true}\n'


def test_a_store_whose_manifest_is_not_json_says_so_on_read_and_on_build(
    tmp_path: Path, seed_quads: list[ox.Quad]
) -> None:
    """Reading said "no store here, run build" and build said "it holds 'manifest.json' and
    no store manifest.json": both must name the damaged manifest, and nothing is removed."""
    path = tmp_path / "store"
    replace_store(path, seed_quads[:5], iris=IRIS)
    (path / MANIFEST).write_text("[", encoding="utf-8")
    before = sorted(p.name for p in path.iterdir())
    for attempt in (
        lambda: read_manifest(path),
        lambda: replace_store(path, seed_quads[:3], iris=IRIS),
    ):
        with pytest.raises(StoreError, match=f"damaged {MANIFEST}: not JSON") as caught:
            attempt()
        assert "no store here" not in str(caught.value)
        assert "remove the folder" in str(caught.value.hint)
    assert sorted(p.name for p in path.iterdir()) == before


@pytest.mark.parametrize(
    ("key", "value"), [("generation", "../../.."), ("generation", "/etc"), ("previous", "../x")]
)
def test_a_manifest_naming_a_folder_outside_the_store_is_damaged(
    tmp_path: Path, seed_quads: list[ox.Quad], key: str, value: str
) -> None:
    """The manifest names folders the store opens and removes: one outside the store is
    refused as damage, never opened or removed."""
    path = tmp_path / "store"
    replace_store(path, seed_quads[:5], iris=IRIS)
    manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    manifest[key] = value
    (path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(StoreError, match="is not a generation folder of this store"):
        read_manifest(path)


def test_an_empty_folder_and_a_new_one_are_accepted(
    tmp_path: Path, seed_quads: list[ox.Quad]
) -> None:
    (tmp_path / "empty").mkdir()
    for name in ("empty", "new/nested"):
        replace_store(tmp_path / name, seed_quads[:3], iris=IRIS)
        assert open_snapshot(tmp_path / name).quad_count == 3


def test_a_second_writer_waits_then_says_another_build_runs(
    tmp_path: Path, seed_quads: list[ox.Quad]
) -> None:
    path = tmp_path / "store"
    replace_store(path, seed_quads[:3], iris=IRIS)
    waited = r"another build is writing this store \(waited 0.2 s\)"
    told: list[str] = []
    with filelock.FileLock(path / LOCK), pytest.raises(StoreError, match=waited):
        StagedStore(
            path,
            Snapshot.from_quads(seed_quads[:4]),
            iris=IRIS,
            lock_timeout=0.2,
            on_wait=lambda: told.append("waiting"),
        )
    assert told == ["waiting"]
    assert open_snapshot(path).quad_count == 3
    assert len(_generations(path)) == 1


def test_generations_are_bounded_and_the_replaced_one_stays_for_readers(
    tmp_path: Path, seed_quads: list[ox.Quad]
) -> None:
    path = tmp_path / "store"
    names = []
    for size in (3, 4, 5, 6):
        replace_store(path, seed_quads[:size], iris=IRIS)
        names.append(read_manifest(path).generation)
    assert _generations(path) == sorted(names[-2:])
    assert read_manifest(path).previous == names[-2]


_KILLED_BUILD = """
import sys, time
from pathlib import Path
import pyoxigraph as ox
from civicgraph import store
from civicgraph.build import build_dataset
from civicgraph.snapshot import Snapshot
from civicgraph.store import StagedStore
from tests.seed import DATA, IRIS, ONTOLOGY

snapshot = Snapshot.from_quads(build_dataset(DATA, ONTOLOGY, iris=IRIS).quads)
with StagedStore(Path(sys.argv[1]), snapshot, iris=IRIS) as staged:
    staged._wait()
    print("staged", flush=True)
    time.sleep(120)
"""


def test_a_killed_build_leaves_the_old_store_and_the_next_build_cleans_up(
    tmp_path: Path, seed_quads: list[ox.Quad]
) -> None:
    path = tmp_path / "store"
    replace_store(path, seed_quads[:10], iris=IRIS)
    before = open_snapshot(path)
    child = subprocess.Popen(
        [sys.executable, "-c", _KILLED_BUILD, str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "staged\n"
        leftovers = set(_generations(path)) - {read_manifest(path).generation}
        assert len(leftovers) == 1  # the killed build's generation, fully written
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert open_snapshot(path) == before
    assert len(open_store(path)) == 10
    replace_store(path, seed_quads[:20], iris=IRIS)
    assert not (leftovers & set(_generations(path)))
    assert open_snapshot(path).quad_count == 20


def test_concurrent_builds_both_end_well(tmp_path: Path) -> None:
    """Two builds of one store at once: the second waits for the first; both succeed."""
    store = tmp_path / "store"
    arguments = ["build", "--data", str(DATA), "--store", str(store), "--skip-validation"]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", "from civicgraph.cli import main; main()", *arguments],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=300) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert out.startswith("built ")
    assert open_snapshot(store).quad_count == read_manifest(store).quads
    assert len(_generations(store)) == 2


def test_a_reader_during_swaps_always_sees_a_complete_store(
    tmp_path: Path, seed_quads: list[ox.Quad]
) -> None:
    path = tmp_path / "store"
    sizes = (50, 80)
    replace_store(path, seed_quads[: sizes[0]], iris=IRIS)
    seen: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                snapshot = open_snapshot(path)
                assert snapshot.nquads.count(b"\n") == snapshot.quad_count
                seen.append(snapshot.quad_count)
                seen.append(len(open_store(path)))
            except BaseException as error:  # reported by the main thread
                errors.append(error)
                return

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for round_ in range(12):
            replace_store(path, seed_quads[: sizes[round_ % 2]], iris=IRIS)
    finally:
        done.set()
        reader.join(timeout=60)
    assert not errors, errors[0]
    assert len(seen) > 10
    assert set(seen) <= set(sizes)


@pytest.mark.parametrize("opener", [open_snapshot, open_store])
def test_a_reader_whose_generation_was_just_removed_opens_the_new_one(
    tmp_path: Path,
    seed_quads: list[ox.Quad],
    monkeypatch: pytest.MonkeyPatch,
    opener: Callable[[Path], Snapshot | ox.Store],
) -> None:
    """The manifest read names a generation two builds have since replaced and removed."""
    path = tmp_path / "store"
    replace_store(path, seed_quads[:3], iris=IRIS)
    stale = current_folder(path)
    replace_store(path, seed_quads[:4], iris=IRIS)
    replace_store(path, seed_quads[:5], iris=IRIS)
    assert not stale.exists()
    real = store.current_folder
    first = iter([stale])
    monkeypatch.setattr(store, "current_folder", lambda p: next(first, None) or real(p))
    opened = opener(path)
    count = opened.quad_count if isinstance(opened, Snapshot) else len(opened)
    assert count == 5
