"""build, validate, export and stats as a user runs them: exit codes, messages, files."""

from __future__ import annotations

import errno
import json
import os
import pty
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner, Result
from rdflib.compare import to_isomorphic

from civicgraph.build import build_dataset
from civicgraph.cli import main
from civicgraph.errors import ExportError
from civicgraph.linking.rdf import link_quads
from civicgraph.project import Project
from civicgraph.store import current_folder, open_store
from tests.seed import BASE, DATA, IRIS, ONTOLOGY, ROOT, SHAPES

PROJECT = ["--data", str(DATA), "--ontology", str(ONTOLOGY), "--shapes", str(SHAPES)]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def built_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("cli") / "store"
    result = run("build", *PROJECT, "--store", str(store))
    assert result.exit_code == 0, result.output
    return store


def test_build_reports_what_it_built(built_store: Path) -> None:
    """build prints counts of entities, facts and excerpts and leaves a store."""
    result = run("build", *PROJECT, "--store", str(built_store))
    assert result.exit_code == 0
    assert "49 entities" in result.output
    assert "excerpts from 3 sources" in result.output
    generation = current_folder(built_store)
    assert (generation / "db" / "CURRENT").exists()
    for name in ("dataset.nq", "dataset.nt", "snapshot.json"):
        assert (generation / name).stat().st_size > 0


def test_validate_conforms_exit_zero(built_store: Path) -> None:
    """validate exits 0 on the real data and says it conforms."""
    result = run("validate", "--shapes", str(SHAPES), "--store", str(built_store))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms:")


def test_validate_json_report(built_store: Path) -> None:
    """--format json gives a machine-readable report."""
    result = run(
        "validate", "--shapes", str(SHAPES), "--store", str(built_store), "--format", "json"
    )
    report = json.loads(result.output)
    assert report["conforms"] is True
    assert report["results"] == []


def test_build_refuses_a_graph_that_breaks_the_shapes(tmp_path: Path) -> None:
    """A build whose graph breaks a shape exits 1, names the record's file:line, keeps the old store."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    store = tmp_path / "store"
    project = [
        "--data",
        str(data),
        "--ontology",
        str(ONTOLOGY),
        "--shapes",
        str(SHAPES),
        "--store",
        str(store),
    ]
    assert run("build", *project).exit_code == 0
    groups = data / "entities" / "groups.yaml"
    line = len(groups.read_text(encoding="utf-8").splitlines()) + 2
    with groups.open("a", encoding="utf-8") as handle:
        handle.write(
            '\n  - id: group/unexplained\n    type: Group\n    label: {kk: "Топ", en: "Group", ru: "Группа"}\n'
        )
    result = CliRunner().invoke(main, ["build", *project])
    assert result.exit_code == 1
    assert (
        f"{groups}:{line}: Violation: https://w3id.org/civicgraph/id/group/unexplained"
        in result.output
    )
    assert "A Group needs civ:drawnFrom" in result.output
    assert "was left as it was" in result.output
    stats = run("stats", "--store", str(store), "--json").output
    assert "group/unexplained" not in stats
    assert json.loads(stats)["entitiesPerClass"]["https://w3id.org/civicgraph/ontology#Group"] == 5


def test_validate_violation_exit_one_names_focus_node(tmp_path: Path) -> None:
    """A store built with --skip-validation that breaks a shape: validate exits 1 naming the node."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "entities" / "groups.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            '\n  - id: group/unexplained\n    type: Group\n    label: {kk: "Топ", en: "Group", ru: "Группа"}\n'
        )
    store = tmp_path / "store"
    built = run(
        "build",
        "--data",
        str(data),
        "--ontology",
        str(ONTOLOGY),
        "--store",
        str(store),
        "--skip-validation",
    )
    assert built.exit_code == 0
    result = run("validate", "--shapes", str(SHAPES), "--store", str(store))
    assert result.exit_code == 1
    assert "does not conform: 1 result(s)" in result.output
    assert "https://w3id.org/civicgraph/id/group/unexplained" in result.output
    assert "A Group needs civ:drawnFrom" in result.output


def test_validate_without_store_exit_two_one_line(tmp_path: Path) -> None:
    """No store: one line on stderr with a hint, exit 2, no traceback."""
    result = CliRunner().invoke(main, ["validate", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert "no store here (hint: run 'civicgraph build' first" in lines[0]


def test_failed_build_keeps_previous_store(tmp_path: Path) -> None:
    """A build that fails exits 2 and leaves the previous store and no staging folder."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    store = tmp_path / "store"
    assert (
        run(
            "build", "--data", str(data), "--ontology", str(ONTOLOGY), "--store", str(store)
        ).exit_code
        == 0
    )
    before = run(
        "export", "--store", str(store), "--format", "nquads", "--out", str(tmp_path / "a.nq")
    )
    assert before.exit_code == 0
    records = data / "records" / "maslikhat-council-extended-meeting.yaml"
    records.write_text(
        records.read_text(encoding="utf-8").replace("place/astana", "place/astna"), encoding="utf-8"
    )
    result = CliRunner().invoke(
        main, ["build", "--data", str(data), "--ontology", str(ONTOLOGY), "--store", str(store)]
    )
    assert result.exit_code == 2
    assert "unknown entity 'place/astna'" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.nq", "data", "store"]
    run("export", "--store", str(store), "--format", "nquads", "--out", str(tmp_path / "b.nq"))
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "trig", "nquads", "jsonld"])
def test_export_is_byte_identical_across_rebuilds(tmp_path: Path, fmt: str) -> None:
    """Two independent builds export byte-identical files in every format."""
    outputs = []
    for name in ("one", "two"):
        store = tmp_path / f"store-{name}"
        assert run("build", *PROJECT, "--store", str(store)).exit_code == 0
        out = tmp_path / f"{name}.{fmt}"
        assert (
            run("export", "--store", str(store), "--format", fmt, "--out", str(out)).exit_code == 0
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) > 10_000


def test_turtle_export_round_trips(built_store: Path, tmp_path: Path) -> None:
    """The Turtle export parses with pyoxigraph and rdflib and is isomorphic to the built triples.

    Built, not stored: Oxigraph's store turns xsd:nonNegativeInteger offsets into
    xsd:integer, the export keeps the type Web Annotation gives them."""
    out = tmp_path / "graph.ttl"
    assert run("export", "--store", str(built_store), "--out", str(out)).exit_code == 0
    oxigraph_triples = list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))
    parsed = rdflib.Graph().parse(out, format="turtle")
    built = build_dataset(DATA, ONTOLOGY, extra_quads=link_quads, iris=IRIS)
    expected = rdflib.Graph()
    nt = ox.serialize((q.triple for q in built.quads), format=ox.RdfFormat.N_TRIPLES)
    expected.parse(data=nt, format="nt")
    assert len(oxigraph_triples) == len(parsed) == len(expected)
    assert to_isomorphic(parsed) == to_isomorphic(expected)


def test_export_failure_leaves_nothing(built_store: Path, tmp_path: Path) -> None:
    """An export that cannot be written exits 2 with one line and leaves no partial file."""
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(
        main, ["export", "--store", str(built_store), "--out", str(blocker / "x.ttl")]
    )
    assert result.exit_code == 2
    assert result.output.startswith("error: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_stats_counts(built_store: Path) -> None:
    """stats --json reports triples per graph, entities per class, facts with evidence, labels."""
    result = run("stats", "--store", str(built_store), "--json")
    stats = json.loads(result.output)
    assert stats["entitiesPerClass"]["https://w3id.org/civicgraph/ontology#Person"] == 3
    facts = stats["factsPerClass"]
    assert all(v["facts"] == v["withEvidence"] for v in facts.values())
    assert facts["https://w3id.org/civicgraph/ontology#Quote"]["facts"] == 2
    assert stats["labelsPerLanguage"]["kk"] >= 49
    assert stats["totalTriples"] == sum(stats["triplesPerGraph"].values())
    assert "source/maslikhat-council-extended-meeting" in stats["triplesPerGraph"]


def test_build_includes_accepted_wikidata_links(built_store: Path) -> None:
    """Every accepted link of data/links/wikidata.yaml is a skos:exactMatch in the links graph."""
    import yaml  # noqa: PLC0415 - only this test reads the review file directly

    review = yaml.safe_load((DATA / "links" / "wikidata.yaml").read_text(encoding="utf-8"))
    accepted = {(e["entity"], e["qid"]) for e in review["links"] if e["status"] == "accepted"}
    assert accepted, "the seed has reviewed links"
    store = open_store(built_store)
    found = {
        (row["e"].value.split("/id/", 1)[1], row["q"].value.rsplit("/", 1)[1])
        for row in store.query(
            "SELECT ?e ?q WHERE { GRAPH <https://w3id.org/civicgraph/graph/links> "
            "{ ?e <http://www.w3.org/2004/02/skos/core#exactMatch> ?q } }"
        )
    }
    assert found == accepted


# JSON-LD relabels the ontology's blank nodes, so it is compared by isomorphism in
# tests/test_jsonld.py.
@pytest.mark.parametrize(("fmt", "rdf_format"), [("trig", ox.RdfFormat.TRIG)])
def test_dataset_exports_round_trip_graph_by_graph(
    built_store: Path, tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat
) -> None:
    """TriG and JSON-LD parse back to exactly the N-Quads export, each graph in one block."""
    nquads = tmp_path / "all.nq"
    out = tmp_path / f"all.{fmt}"
    assert (
        run(
            "export", "--store", str(built_store), "--format", "nquads", "--out", str(nquads)
        ).exit_code
        == 0
    )
    assert (
        run("export", "--store", str(built_store), "--format", fmt, "--out", str(out)).exit_code
        == 0
    )
    expected = set(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))
    assert set(ox.parse(path=str(out), format=rdf_format)) == expected
    if fmt == "trig":
        graphs = {q.graph_name for q in expected}
        opened = [
            line for line in out.read_text(encoding="utf-8").splitlines() if line.endswith("{")
        ]
        assert len(opened) == len(graphs)


# -- the project's base IRI ---------------------------------------------------------
OTHER_BASE = "https://example.org/civic"


@pytest.fixture(scope="module")
def other_base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("other-base") / "store"
    result = run("build", *PROJECT, "--store", str(store), "--base", OTHER_BASE)
    assert result.exit_code == 0, result.output
    return store


def test_validate_uses_the_base_the_store_was_built_with(
    built_store: Path, other_base_store: Path
) -> None:
    """After build --base X, a plain validate leaves the ontology out of the data."""
    default = run("validate", "--shapes", str(SHAPES), "--store", str(built_store))
    other = run("validate", "--shapes", str(SHAPES), "--store", str(other_base_store))
    assert other.exit_code == 0, other.output
    counted = [r.output.split(" triples validated")[0] for r in (default, other)]
    assert counted[0] == counted[1]


def test_query_param_uses_the_base_the_store_was_built_with(other_base_store: Path) -> None:
    """After build --base X, query --param binds ids under X: rows, not an empty answer."""
    result = run(
        "query",
        "participants_by_event",
        "--param",
        "event=event/council-maslikhats-extended-meeting-2025-04",
        "--format",
        "csv",
        "--store",
        str(other_base_store),
        "--queries",
        str(ROOT / "queries"),
    )
    assert result.exit_code == 0, result.output
    rows = result.output.strip().splitlines()
    assert len(rows) > 1
    assert OTHER_BASE in result.output


def test_a_base_other_than_the_stores_is_one_line(other_base_store: Path) -> None:
    result = CliRunner().invoke(
        main, ["stats", "--store", str(other_base_store)], env={"CIVICGRAPH_BASE": BASE}
    )
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert f"the store was built with base {OTHER_BASE}, not {BASE}" in result.output


def test_a_base_with_a_space_is_one_line() -> None:
    result = CliRunner().invoke(main, ["build", *PROJECT, "--base", "http://a b"])
    assert result.exit_code == 2
    assert result.output == (
        "error: bad base IRI 'http://a b': Invalid IRI code point ' ' "
        "(hint: give an absolute IRI such as https://example.org/civic)\n"
    )


def test_build_refuses_a_store_folder_that_holds_other_files(tmp_path: Path) -> None:
    """build --store data used to delete the records."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    result = CliRunner().invoke(main, ["build", *PROJECT, "--store", str(data)])
    assert result.exit_code == 2
    assert "not a civicgraph store" in result.output
    assert "refusing to replace it" in result.output
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before


# -- the CLI boundary -----------------------------------------------------------------
def test_an_unexpected_error_is_one_line_naming_the_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("civicgraph.pipeline.build_snapshot", broken)
    result = CliRunner().invoke(main, ["build", "--store", str(tmp_path / "s")])
    assert result.exit_code == 2
    assert result.output == (
        "error: build failed: ZeroDivisionError: division by zero "
        "(hint: rerun with 'civicgraph --debug ...' to see the traceback)\n"
    )
    debug = CliRunner().invoke(main, ["--debug", "build", "--store", str(tmp_path / "s")])
    assert isinstance(debug.exception, ZeroDivisionError)


@pytest.mark.parametrize("built_before", [False, True])
def test_a_read_only_project_folder_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built_before: bool
) -> None:
    hidden = tmp_path / ".civicgraph"
    store = hidden / "store"
    hidden.mkdir()
    if built_before:
        assert run("build", *PROJECT, "--store", str(store)).exit_code == 0
    folders = [hidden, store] if built_before else [hidden]
    for folder in folders:
        folder.chmod(0o555)
    if os.geteuid() == 0:  # root writes anyway: refuse the folder as the kernel would
        real_mkdir = Path.mkdir

        def mkdir(self: Path, *args: object, **kwargs: object) -> None:
            if hidden in self.parents and not self.exists():
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(Path, "mkdir", mkdir)
    try:
        result = CliRunner().invoke(main, ["build", *PROJECT, "--store", str(store)])
    finally:
        for folder in folders:
            folder.chmod(0o755)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "cannot write the store: Permission denied" in result.output
    assert "permissions" in result.output


def test_a_damaged_database_says_rebuild(tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert run("build", *PROJECT, "--store", str(store)).exit_code == 0
    for manifest in (current_folder(store) / "db").glob("MANIFEST-*"):
        manifest.write_bytes(b"\x00garbage" * 8)
    result = CliRunner().invoke(main, ["stats", "--store", str(store)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "the store's database is damaged" in result.output
    assert "hint: run 'civicgraph build' to rebuild it" in result.output


def _civicgraph(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    executable = Path(sys.executable).parent / "civicgraph"
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(executable), *args], check=False, capture_output=True, text=True, timeout=120, **kwargs
    )


def test_a_latin1_terminal_gets_escapes_not_a_crash(built_store: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    result = _civicgraph(
        "query",
        "regions_by_role",
        "--lang",
        "kk",
        "--store",
        str(built_store),
        "--queries",
        str(ROOT / "queries"),
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "\\u0410\\u0431\\u0430\\u0439" in result.stdout  # Абай, escaped


def test_a_closed_stdin_is_no_terminal(tmp_path: Path) -> None:
    """`link review <&-`: the interactive path sees no terminal and says so."""
    shutil.copytree(DATA, tmp_path / "data")
    executable = Path(sys.executable).parent / "civicgraph"
    result = subprocess.run(
        ["sh", "-c", f"'{executable}' link review --data '{tmp_path / 'data'}' <&-"],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "not a terminal: name decisions with --accept ID or --reject ID" in result.stderr
    assert "Traceback" not in result.stderr
    devnull = _civicgraph(
        "link", "review", "--data", str(tmp_path / "data"), stdin=subprocess.DEVNULL
    )
    assert devnull.returncode == 2
    assert "not a terminal" in devnull.stderr


def test_progress_on_a_terminal_and_silence_in_a_pipe(tmp_path: Path) -> None:
    piped = _civicgraph("build", *PROJECT, "--store", str(tmp_path / "a"))
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == ""
    leader, follower = pty.openpty()
    executable = Path(sys.executable).parent / "civicgraph"
    with subprocess.Popen(
        [str(executable), "build", *PROJECT, "--store", str(tmp_path / "b")],
        stdout=subprocess.PIPE,
        stderr=follower,
    ) as child:
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the pty is closed once the child exits
                break
            if not chunk:
                break
            drawn += chunk
        assert child.wait(timeout=120) == 0
    os.close(leader)
    assert b"build: checking the shapes" in drawn


def test_a_reader_that_leaves_the_pipe_is_no_error(built_store: Path) -> None:
    """`civicgraph stats | head -0`: quiet, and the exit status a shell gives SIGPIPE."""
    executable = Path(sys.executable).parent / "civicgraph"
    with subprocess.Popen(
        [str(executable), "stats", "--store", str(built_store)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as child:
        assert child.stdout is not None
        child.stdout.close()
        _, errors = child.communicate(timeout=120)
    assert errors == b""
    assert child.returncode == 141


@pytest.mark.parametrize("command", [["stats", "--store", "{store}"], ["queries"], ["--version"]])
def test_a_closed_stdout_is_an_error_not_a_silent_success(
    built_store: Path, command: list[str]
) -> None:
    """`civicgraph stats >&-`: the output cannot be written, so the command fails in one line."""
    executable = Path(sys.executable).parent / "civicgraph"
    arguments = [part.format(store=built_store) for part in command]
    child = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", str(executable), *arguments],
        capture_output=True,
        timeout=120,
        check=False,
    )
    errors = child.stderr.decode()
    assert child.returncode == 2, errors
    assert errors.splitlines() == [
        "error: cannot write the output: standard output is closed "
        "(hint: redirect it to a file or to /dev/null instead of closing it)"
    ]


def test_export_to_an_empty_path_is_refused(
    built_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--out '' was the current folder, and said "Device or resource busy"."""
    monkeypatch.chdir(tmp_path)
    result = run("export", "--store", str(built_store), "--out", "")
    assert result.exit_code == 2
    assert result.output == "error: out is an empty path (hint: give a file or folder name)\n"
    assert list(tmp_path.iterdir()) == []


def test_export_over_a_pipe_is_refused_and_leaves_it_a_pipe(
    built_store: Path, tmp_path: Path
) -> None:
    """An atomic write moves a file over the target: over a pipe or a device it would
    replace the node itself."""
    pipe = tmp_path / "out.ttl"
    os.mkfifo(pipe)
    result = run("export", "--store", str(built_store), "--out", str(pipe))
    assert result.exit_code == 2
    assert "not a regular file" in result.output
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl"]


def test_export_into_a_folder_is_refused_from_python(built_store: Path, tmp_path: Path) -> None:
    """The command line's --out refuses a folder itself; the library says it in words."""
    with pytest.raises(ExportError) as refused:
        Project(tmp_path, store=built_store).export("turtle", tmp_path)
    assert str(refused.value) == (
        f"{tmp_path}: is a folder; an export is written to a file "
        f"(hint: name the file, e.g. {tmp_path / 'civicgraph.ttl'})"
    )
    assert list(tmp_path.iterdir()) == []
