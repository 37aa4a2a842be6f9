"""The synthetic corpus generator (benchmarks/gen_corpus.py) at 10k: deterministic, buildable, valid."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from civicgraph.build import build_dataset, build_from_corpus
from civicgraph.iris import Iris
from civicgraph.ontology import load_ontology
from civicgraph.validate import validate_store

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "civic.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
BASE = "https://w3id.org/civicgraph"

sys.path.insert(0, str(ROOT / "benchmarks"))
import gen_corpus  # noqa: E402 - the generator lives with the benchmarks, not in the package


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    """Two runs with one seed write byte-identical corpora; another seed differs."""
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        gen_corpus.write_corpus(gen_corpus.plan_corpus(10_000, seed=seed), tmp_path / name)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "c")


def test_yaml_corpus_builds_near_target_and_conforms(tmp_path: Path) -> None:
    """The written 10k corpus goes through the real YAML build to ~10k triples that conform."""
    gen_corpus.write_corpus(gen_corpus.plan_corpus(10_000), tmp_path / "data")
    dataset = build_dataset(tmp_path / "data", ONTOLOGY, iris=Iris(BASE))
    assert 8_000 <= len(dataset.quads) <= 12_500
    store = ox.Store()
    store.bulk_extend(dataset.quads)
    report = validate_store(
        store, shapes_path=SHAPES, ontology_graph=f"{BASE}/graph/ontology", engine="pyshacl"
    )
    assert report.conforms, report.results[:5]


def test_in_memory_corpus_builds_the_same_dataset(tmp_path: Path) -> None:
    """generate_corpus (no YAML) builds exactly the quads the YAML files build."""
    gen_corpus.write_corpus(gen_corpus.plan_corpus(10_000), tmp_path / "data")
    from_yaml = build_dataset(tmp_path / "data", ONTOLOGY, iris=Iris(BASE))
    corpus = gen_corpus.generate_corpus(10_000, data_dir=tmp_path / "data")
    in_memory = build_from_corpus(corpus, load_ontology(ONTOLOGY), iris=Iris(BASE))
    assert set(in_memory.quads) == set(from_yaml.quads)


def test_parse_size_accepts_names_and_numbers() -> None:
    """Sizes are a number of thousands or millions (10k, 1M, 30M, any case) or of triples."""
    assert gen_corpus.parse_size("1M") == 1_000_000
    assert gen_corpus.parse_size("100k") == 100_000
    assert gen_corpus.parse_size("25_000") == 25_000
    assert gen_corpus.parse_size("30M") == 30_000_000
    assert gen_corpus.parse_size("5k") == 5_000


def test_benchmark_smoke_at_10k(tmp_path: Path) -> None:
    """benchmarks/run.py at 10k prints the table and writes its JSON (CI smoke, no baseline)."""
    import json  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    out = tmp_path / "bench.json"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "run.py"),
        "--sizes",
        "10k",
        "--no-baseline",
        "--engines",
        "pyshacl-turbo",
        "--query-budget",
        "8",
        "--out",
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "pipeline" in done.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    (size,) = report["sizes"]
    assert size["triples"] > 8_000
    assert {
        "build",
        "validate",
        "load",
        "queries",
        "export_turtle",
        "load_memory",
        "queries_memory",
        "pipeline_memory",
    } <= set(size["pipeline"]["stages"])
    assert size["pipeline"]["conforms"]["pyshacl-turbo"]
    queries = size["pipeline"]["queries"]
    assert queries["catalogue/who_opened_event?event"]["kind"] == "join"
    assert queries["catalogue/who_opened_event"]["kind"] == "listing"
    assert set(size["pipeline"]["queries_memory"]) == set(queries)


def test_out_refuses_a_folder_it_did_not_write(tmp_path: Path, capsys) -> None:
    """--out never deletes a non-empty folder without the generator's marker; it says so."""
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    assert gen_corpus.main(["--size", "10000", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"error: {out}: exists and was not written by gen_corpus.py, so it is not replaced"
        " (hint: give a new or empty folder)\n"
    )
    assert _files(out) == {"notes.txt": b"keep me"}


def test_out_replaces_its_own_earlier_corpus(tmp_path: Path) -> None:
    """A folder an earlier run wrote (or an empty one) is replaced, leaving no stale file."""
    out = tmp_path / "corpus"
    out.mkdir()
    assert gen_corpus.main(["--size", "10000", "--out", str(out)]) == 0
    (out / "records" / "stale.yaml").write_text("entities: []\n")
    assert gen_corpus.main(["--size", "10000", "--out", str(out)]) == 0
    assert not (out / "records" / "stale.yaml").exists()
    assert (out / gen_corpus.MARKER).is_file()


def test_command_benchmark_times_the_build_at_two_sizes(tmp_path: Path) -> None:
    """benchmarks/run.py --commands runs gen_corpus and `civicgraph build` at each size in
    processes of their own and checks the build's growth against the first size."""
    import json  # noqa: PLC0415
    import subprocess  # noqa: PLC0415

    out = tmp_path / "commands.json"
    command = [
        sys.executable,
        str(ROOT / "benchmarks" / "run.py"),
        "--commands",
        "build",
        "--sizes",
        "5k,10k",
        "--out",
        str(out),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    small, large = report["sizes"]
    assert large["triples"] > 1.5 * small["triples"]
    assert large["commands"]["build"]["peak_rss_mb"] > 50
    assert {t["name"] for t in report["targets"]} == {
        "build peak RSS ≤ 2 GB @ 10k",
        "build peak ≤ 1.3× (10k vs 5k)",
        f"build time ≤ {1.2 * large['triples'] / small['triples']:.0f}× (10k vs 5k)",
    }
    assert "build" in done.stdout


def test_streamed_corpus_is_the_planned_one(tmp_path: Path, monkeypatch) -> None:
    """Writing one document at a time gives the files of the plan made whole; an
    authority file split in files of a few entities builds the same dataset."""
    gen_corpus.write_corpus(gen_corpus.plan_corpus(10_000), tmp_path / "whole")
    assert gen_corpus.write_corpus_stream(10_000, tmp_path / "streamed") == (40, 475)
    assert _files(tmp_path / "streamed") == _files(tmp_path / "whole")
    monkeypatch.setattr(gen_corpus, "ENTITIES_PER_FILE", 7)
    gen_corpus.write_corpus_stream(10_000, tmp_path / "split")
    assert len(list((tmp_path / "split" / "entities").glob("people-*.yaml"))) > 1
    split = build_dataset(tmp_path / "split", ONTOLOGY, iris=Iris(BASE))
    whole = build_dataset(tmp_path / "whole", ONTOLOGY, iris=Iris(BASE))
    assert split.snapshot.nquads == whole.snapshot.nquads
