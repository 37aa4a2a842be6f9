"""Every command that writes data/ is all or nothing, as a review is
(tests/test_review_journal.py): killed after any kind of write, data/ is wholly before or
wholly after it once recovered, and the same command again finishes it; each reads and
writes under the one lock of data/."""

from __future__ import annotations

import datetime as dt
import shutil
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import filelock
import pytest
from click.testing import CliRunner

from civicgraph import journal
from civicgraph.cli import main
from civicgraph.errors import SourceError
from civicgraph.ingest import propose, sources
from civicgraph.ingest.propose import propose_drafts
from civicgraph.ingest.sources import NewSource, add_source, remove_source
from civicgraph.journal import JOURNAL_FOLDER, LOCK_FILE
from civicgraph.linking import workflow
from civicgraph.linking.linker import LinkOutcome, LinkReport
from civicgraph.linking.review import REVIEW_FILE
from civicgraph.linking.workflow import Decision, record_proposals, review_links
from tests.test_ingest_review import ENTITIES
from tests.test_review_journal import TEXT, copy_of, counted_steps, killed, state

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "fixtures" / "wikidata" / "snapshot.ttl"
SECOND_TEXT = "Сенатор Айгуль Нурланова посетила Кызылорду."


@dataclass(frozen=True)
class Case:
    """A command, the project it runs in (copied for each run), and what it leaves."""

    what: str
    """How a recovery names the change (``recovered an interrupted <what>``)."""
    args: Callable[[Path], list[str]]
    """The command's arguments for a copy of ``template``."""
    template: Path
    steps: list[str]
    """The journal's steps of a run to its end."""
    after: dict[str, bytes]
    """data/ after a run to its end."""


def _data(project: Path) -> str:
    return str(project / "data")


def _entities_project(root: Path) -> Path:
    """A project with one place file and an article beside data/ (not yet held)."""
    (root / "data" / "entities").mkdir(parents=True)
    (root / "data" / "entities" / "places.yaml").write_text(ENTITIES, encoding="utf-8")
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "b.txt").write_text(SECOND_TEXT, encoding="utf-8")
    return root


def _held(root: Path, *ids: str) -> Path:
    project = _entities_project(root)
    for source_id, name in zip(ids, ("a.txt", "b.txt"), strict=False):
        add_source(project / "data", project / name, NewSource(id=source_id, language="ru"))
    return project


def _seed_links(root: Path, *, review_file: bool) -> Path:
    """The seed's authority file, with or without its Wikidata review file."""
    shutil.copytree(ROOT / "data" / "entities", root / "data" / "entities")
    if review_file:
        (root / "data" / "links").mkdir()
        shutil.copy(ROOT / "data" / REVIEW_FILE, root / "data" / REVIEW_FILE)
    return root


def _link_args(endpoint: str, *more: str) -> Callable[[Path], list[str]]:
    return lambda p: [
        *("link", "wikidata", "--data", _data(p), "--endpoint", endpoint, "--no-cache"),
        *("--rate", "0", "--retries", "0", "--entities", "place/astana", *more),
    ]


ADD = ("source", "add", "--id", "forum", "--language", "ru")

COMMANDS = (
    "source add",
    "source remove",
    "draft --all",
    "link review",
    "link wikidata",
    "link wikidata --out",
)


@pytest.fixture(scope="module")
def cases(
    tmp_path_factory: pytest.TempPathFactory, oxigraph_server_module
) -> Callable[[str], Case]:
    """Each command's case, made the first time a test asks for it."""
    made: dict[str, Case] = {}

    def endpoint() -> str:
        if "endpoint" not in made:
            server = oxigraph_server_module()
            server.load(SNAPSHOT)
            made["endpoint"] = server.query_url  # type: ignore[assignment]
        return made["endpoint"]  # type: ignore[return-value]

    def setup(command: str) -> tuple[str, Callable[[Path], list[str]], Path]:
        root = tmp_path_factory.mktemp(command.replace(" ", "-"))
        if command == "source add":
            return (
                "addition of source forum",
                lambda p: [*ADD, str(p / "a.txt"), "--data", _data(p)],
                _entities_project(root),
            )
        if command == "source remove":
            args = ["source", "remove", "forum", "--data"]
            return "removal of source forum", lambda p: [*args, _data(p)], _held(root, "forum")
        if command == "draft --all":
            return (
                "drafting of every source",
                lambda p: ["draft", "--all", "--data", _data(p)],
                _held(root, "forum", "visit"),
            )
        if command == "link review":
            decide = ["--reject", "place/abai-region", "--accept", "place/astana", "--date", "2025-04-03"]  # fmt: skip
            return (
                "link review",
                lambda p: ["link", "review", "--data", _data(p), *decide],
                _seed_links(root, review_file=True),
            )
        if command == "link wikidata":
            return (
                "recording of link proposals",
                _link_args(endpoint()),
                _seed_links(root, review_file=False),
            )
        out = Path("data") / "links" / "proposals.ttl"
        return (
            "writing of link proposals",
            lambda p: [*_link_args(endpoint())(p), "--out", str(p / out)],
            _seed_links(root, review_file=True),
        )

    def case(command: str) -> Case:
        if command not in made:
            what, args, template = setup(command)
            project = copy_of(template, tmp_path_factory.mktemp("after"))
            steps = counted_steps(args(project))
            made[command] = Case(what, args, template, steps, state(project / "data"))
        return made[command]

    return case


KILL_POINTS = ("staged", "committed", "moving", "finished")
"""After a file is staged in the journal; after the plan's rename (the commit point);
after the first file or folder is moved; after all but the journal's own removal."""


@pytest.mark.parametrize("point", KILL_POINTS)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_killed_after_any_kind_of_write_is_recovered_whole(
    cases: Callable[[str], Case], tmp_path: Path, command: str, point: str
) -> None:
    """SIGKILL after a write: recovered, data/ is exactly as before or after the command,
    nothing temporary is left, and the same command again says what it recovered and
    leaves data/ as a run to its end does."""
    case = cases(command)
    committed_at = case.steps.index("_move") + 1  # the plan's rename is the first move
    stop = {
        "staged": 3,
        "committed": committed_at,
        "moving": committed_at + 1,
        "finished": len(case.steps) - 1,
    }[point]
    project = copy_of(case.template, tmp_path)
    data = project / "data"
    before = state(data)
    assert killed(case.args(project), stop) == -signal.SIGKILL
    assert (data / JOURNAL_FOLDER).exists()

    recovered_copy = tmp_path / "recovered"
    shutil.copytree(data, recovered_copy, symlinks=True)
    recovered = journal.recover_data(recovered_copy)
    committed = stop >= committed_at
    assert state(recovered_copy) == (case.after if committed else before)
    assert not (recovered_copy / JOURNAL_FOLDER).exists()
    if point == "finished":
        assert recovered is None  # all was done but removing the empty journal
    else:
        outcome = "completed it" if committed else "rolled it back"
        assert str(recovered).startswith(f"recovered an interrupted {case.what}: {outcome}")

    again = CliRunner().invoke(main, case.args(project))
    if point != "finished":
        assert again.stderr.startswith(f"recovered an interrupted {case.what}: "), again.stderr
    assert state(data) == case.after
    assert not [p for p in data.rglob("*") if p.name.startswith(".") and p.name != LOCK_FILE]


def test_draft_all_is_one_change_refused_whole(tmp_path: Path) -> None:
    """A source that cannot be drafted (its text changed since it was held) refuses the
    whole run: no draft is written, not even those of the sources before it."""
    data = _held(tmp_path / "project", "forum", "visit") / "data"
    (data / "sources" / "visit" / "visit.ru.txt").write_text("Другой текст.", encoding="utf-8")
    result = CliRunner().invoke(main, ["draft", "--all", "--data", str(data)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {data / 'sources' / 'visit' / 'source.yaml'}:")
    assert "restore it or update the checksum" in result.output
    assert not (data / "drafts").exists()


def test_a_draft_out_inside_data_goes_through_the_journal(tmp_path: Path) -> None:
    """--out under data/ is a change of data/ like any other; elsewhere it is a plain file."""
    project = _held(tmp_path / "project", "forum")
    inside = project / "data" / "drafts" / "mine.yaml"
    steps = counted_steps(["draft", "forum", "--data", _data(project), "--out", str(inside)])
    assert "_move" in steps
    outside = tmp_path / "forum.yaml"
    assert counted_steps(["draft", "forum", "--data", _data(project), "--out", str(outside)]) == []
    assert outside.read_bytes() == inside.read_bytes()
    assert outside.read_text(encoding="utf-8").startswith("# Proposals drafted")


def _waits_then(
    module: object, data: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]
) -> Callable[[Callable[[], None]], object]:
    """Run ``run`` in a thread while this test holds data/'s lock; once it waits for the
    lock (taken through ``module``), call the change given, release, and return what
    ``run`` returned or raised."""
    waiting = threading.Event()
    real_lock = journal.data_lock

    def signalling(data_dir: Path, **options: object):  # type: ignore[no-untyped-def]
        return real_lock(data_dir, on_wait=waiting.set, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "data_lock", signalling)

    def meanwhile(change: Callable[[], None]) -> object:
        outcome: list[object] = []

        def target() -> None:
            try:
                outcome.append(run())
            except Exception as error:  # handed to the test to assert on
                outcome.append(error)

        with filelock.FileLock(data / LOCK_FILE):
            thread = threading.Thread(target=target)
            thread.start()
            assert waiting.wait(timeout=20), "the command waits for the lock"
            change()
        thread.join(timeout=20)
        return outcome[0]

    return meanwhile


def test_source_remove_checks_citations_again_under_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review that cites the source while the removal waits for the lock is seen: the
    removal is refused and the folder stays."""
    data = _held(tmp_path / "project", "forum") / "data"
    meanwhile = _waits_then(sources, data, monkeypatch, lambda: remove_source(data, "forum"))

    def review_cites_it() -> None:
        (data / "records").mkdir()
        (data / "records" / "forum.yaml").write_text("source: forum\nfacts: []\n", "utf-8")

    refused = meanwhile(review_cites_it)
    assert isinstance(refused, SourceError), refused
    assert "cited by" in str(refused)
    assert (data / "sources" / "forum" / "source.yaml").is_file()


def test_source_add_checks_the_id_again_under_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another command that adds the same id while this one waits wins; this one is refused
    and replaces nothing."""
    project = _entities_project(tmp_path / "project")
    data = project / "data"
    meanwhile = _waits_then(
        sources,
        data,
        monkeypatch,
        lambda: add_source(data, project / "a.txt", NewSource(id="forum", language="ru")),
    )
    other = _held(tmp_path / "other", "forum") / "data" / "sources" / "forum"
    refused = meanwhile(lambda: shutil.copytree(other, data / "sources" / "forum"))
    assert isinstance(refused, SourceError), refused
    assert "source id 'forum' already exists" in str(refused)
    assert (data / "sources" / "forum" / "forum.ru.txt").read_text(encoding="utf-8") == TEXT
    assert not (data / JOURNAL_FOLDER).exists()


def _link_review(data: Path) -> object:
    decision = Decision("place/abai-region", accept=False)
    return review_links(data, [decision], reviewer="a curator", on=dt.date(2025, 4, 3))


def _record_nothing_found(data: Path) -> object:
    entity = "place/kyzylorda"
    found = LinkOutcome(entity, "not-found", chosen=None, candidates=(), why="no item")
    return record_proposals(data, LinkReport({entity: found}), endpoint="http://127.0.0.1:9/")


WRITERS = {
    "draft": (propose, lambda data: propose_drafts(data, "forum")),
    "link review": (workflow, _link_review),
    "link wikidata": (workflow, _record_nothing_found),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_every_writer_waits_for_the_lock_and_writes_nothing_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str
) -> None:
    """While another command holds data/, a draft or a link decision waits; it writes
    only once the lock is released."""
    project = _held(tmp_path / "project", "forum")
    data = project / "data"
    shutil.copytree(ROOT / "data" / "links", data / "links")
    module, run = WRITERS[writer]
    before = state(data)
    seen: list[dict[str, bytes]] = []
    outcome = _waits_then(module, data, monkeypatch, lambda: run(data))(
        lambda: seen.append(state(data))
    )
    assert not isinstance(outcome, Exception), outcome
    assert seen == [before]
    assert state(data) != before
