"""A review is all or nothing: killed after any of its writes, data/ is wholly before or
wholly after it once the next command has run; two reviews at once lose nothing."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import filelock
import pytest
import yaml
from click.testing import CliRunner

from civicgraph import journal
from civicgraph.cli import main
from civicgraph.ingest.propose import propose_drafts
from civicgraph.ingest.review import list_proposals, review_draft
from civicgraph.ingest.sources import NewSource, add_source
from civicgraph.journal import JOURNAL_FOLDER, LOCK_FILE, DataLockError
from tests.test_ingest_review import ENTITIES

TEXT = (
    "Форум ПРООН прошёл в Кызылорде. ПРООН поддержала Кызылорду. "
    "Сенатор Айгуль Нурланова выступила на форуме."
)
CIVICGRAPH = str(Path(sys.executable).parent / "civicgraph")
FILES_CHANGED = 4
"""records/forum.yaml, entities/events.yaml, entities/people.yaml, drafts/forum.yaml"""
STEPS = 2 + FILES_CHANGED + 2 + FILES_CHANGED + 3
"""begin and say what, a write per file, the plan written and renamed, a move per file,
the description, the plan and the journal removed"""
COMMITTED_AT = 2 + FILES_CHANGED + 2
"""The step after which the change is committed: the plan's rename."""


def _stop_after(steps: int, args: list[str]) -> None:
    """In a forked process: run the command, SIGKILL this process after ``steps`` steps."""
    done = 0

    def stopping(step):
        def run(*step_args: object) -> None:
            nonlocal done
            step(*step_args)
            done += 1
            if done == steps:
                os.kill(os.getpid(), signal.SIGKILL)

        return run

    for name in journal.STEPS:
        setattr(journal, name, stopping(getattr(journal, name)))
    main(args, prog_name="civicgraph")


def killed(args: list[str], steps: int) -> int | None:
    """The exit code of a command killed after ``steps`` steps, run in a forked process (a
    real process, killed for real, without paying for a new interpreter each time)."""
    child = multiprocessing.get_context("fork").Process(target=_stop_after, args=(steps, args))
    child.start()
    child.join(timeout=120)
    return child.exitcode


def killed_review(project: Path, numbers: list[int], steps: int) -> int | None:
    return killed(review_args(project, numbers), steps)


def counted_steps(args: list[str]) -> list[str]:
    """The journal's steps of a command run to its end, which must succeed."""
    counted: list[str] = []
    originals = {name: getattr(journal, name) for name in journal.STEPS}

    def counting(name: str):
        def run(*step_args: object) -> None:
            counted.append(name)
            originals[name](*step_args)

        return run

    for name in journal.STEPS:
        setattr(journal, name, counting(name))
    try:
        result = CliRunner().invoke(main, args)
    finally:
        for name, step in originals.items():
            setattr(journal, name, step)
    assert result.exit_code == 0, result.output
    return counted


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose source is drafted: a new event, a new person, mentions of UNDP."""
    project = tmp_path_factory.mktemp("drafted")
    data = project / "data"
    (data / "entities").mkdir(parents=True)
    (data / "entities" / "places.yaml").write_text(ENTITIES, encoding="utf-8")
    article = project / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    add_source(data, article, NewSource(id="forum", language="ru"))
    propose_drafts(data, "forum")
    return project


def accepted_numbers(project: Path) -> list[int]:
    """The event, a mention of UNDP, the new person and her participation: four files."""
    rows = list_proposals(project / "data", "forum")
    wanted = [r.n for r in rows if r.kind in {"event", "entity", "participation"}]
    wanted.append(next(r.n for r in rows if r.kind == "mention" and r.quote == "ПРООН"))
    return sorted(wanted)


def copy_of(drafted: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(drafted, project)
    return project


def state(data: Path) -> dict[str, bytes]:
    """Every file of data/ but its lock, which is empty and stays."""
    return {
        str(p.relative_to(data)): p.read_bytes()
        for p in sorted(data.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


def review_args(project: Path, numbers: list[int]) -> list[str]:
    accept = ",".join(map(str, numbers))
    return ["draft", "review", "forum", "--data", str(project / "data"), "--accept", accept]


@pytest.fixture(scope="module")
def after(drafted: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """data/ once the review has run to its end, counting its steps on the way."""
    project = copy_of(drafted, tmp_path_factory.mktemp("after"))
    counted = counted_steps(review_args(project, accepted_numbers(project)))
    assert len(counted) == STEPS, counted
    assert counted.index("_move") == COMMITTED_AT - 1  # the plan's rename
    return state(project / "data")


@pytest.mark.parametrize("stop_after", range(1, STEPS + 1))
def test_a_review_killed_after_any_write_is_recovered_whole(
    drafted: Path, after: dict[str, bytes], tmp_path: Path, stop_after: int
) -> None:
    """SIGKILL after write N: the next command (build) says what it recovered, data/ is
    exactly as before or after the review, nothing temporary is left, the build succeeds
    and the same review again either does it all or says in one line it is done."""
    project = copy_of(drafted, tmp_path)
    data = project / "data"
    before = state(data)
    numbers = accepted_numbers(project)
    assert killed_review(project, numbers, stop_after) == -signal.SIGKILL
    journal_left = (data / JOURNAL_FOLDER).exists()

    built = CliRunner().invoke(main, ["build", "--project", str(project)])
    assert built.exit_code == 0, built.output
    assert built.stdout.startswith("built ")
    committed = stop_after >= COMMITTED_AT
    if stop_after in {1, STEPS - 1, STEPS}:
        # before anything was written, or after all was: an empty journal, or none
        assert "recovered" not in built.stderr
    elif committed:
        assert built.stderr.startswith(
            "recovered an interrupted review of forum: completed it (records/forum.yaml, "
        ), built.stderr
    else:
        assert built.stderr.startswith(
            "recovered an interrupted review of forum: rolled it back, data/ is as before it"
        ), built.stderr
    assert len(built.stderr.splitlines()) <= 1
    assert state(data) == (after if committed else before)
    assert journal_left == (stop_after < STEPS)
    assert not [p for p in data.rglob("*") if p.name.endswith((".tmp", ".new"))]
    assert not (data / JOURNAL_FOLDER).exists()

    again = CliRunner().invoke(main, review_args(project, numbers))
    if committed:
        assert again.exit_code == 2
        assert "no proposal numbered" in again.output
        assert len(again.output.splitlines()) == 1
    else:
        assert again.exit_code == 0, again.output
        assert again.output.startswith(f"accepted {len(numbers)}, rejected 0")
    assert state(data) == after


def test_listing_a_draft_recovers_too(drafted: Path, after: dict[str, bytes], tmp_path) -> None:
    """The next command may be any that reads data/: listing the draft completes a
    committed review and says so."""
    project = copy_of(drafted, tmp_path)
    numbers = accepted_numbers(project)
    assert killed_review(project, numbers, COMMITTED_AT + 1) == -signal.SIGKILL
    listed = CliRunner().invoke(main, ["draft", "review", "forum", "--data", str(project / "data")])
    assert listed.exit_code == 0, listed.output
    assert listed.stderr.startswith("recovered an interrupted review of forum: completed it")
    assert state(project / "data") == after


def _review_process(project: Path, numbers: list[int]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [CIVICGRAPH, *review_args(project, numbers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_reviews_at_once_wait_for_each_other_and_keep_both(
    drafted: Path, tmp_path: Path
) -> None:
    """Started while another command holds data/, both reviews wait; then each reads what
    the other wrote, so both accepted facts are in the records."""
    project = copy_of(drafted, tmp_path)
    data = project / "data"
    undp = [r.n for r in list_proposals(data, "forum") if r.quote == "ПРООН"]
    assert len(undp) == 2
    holder = filelock.FileLock(data / LOCK_FILE)
    holder.acquire()
    try:
        reviews = [_review_process(project, [n]) for n in undp]
        time.sleep(1.5)
        assert [r.poll() for r in reviews] == [None, None], "both wait for the lock"
    finally:
        holder.release()
    outputs = [r.communicate(timeout=120) for r in reviews]
    assert [r.returncode for r in reviews] == [0, 0], outputs
    assert all(out.startswith("accepted 1, rejected 0") for out, _ in outputs)
    records = yaml.safe_load((data / "records" / "forum.yaml").read_text(encoding="utf-8"))
    assert sorted(f["id"] for f in records["facts"]) == sorted(f"mention/forum-{n}" for n in undp)
    assert not {r.n for r in list_proposals(data, "forum")} & set(undp)


def test_a_review_that_cannot_get_the_lock_is_refused_in_one_line(
    drafted: Path, tmp_path: Path
) -> None:
    """While a build or another review holds data/ past the wait, nothing is written."""
    project = copy_of(drafted, tmp_path)
    data = project / "data"
    before = state(data)
    holder = filelock.FileLock(data / LOCK_FILE)
    with holder, pytest.raises(DataLockError) as refused:
        review_draft(data, "forum", accept=[2], lock_timeout=0.5)
    assert "another civicgraph command is reading or changing data/ (waited 0.5 s)" in str(
        refused.value
    )
    assert state(data) == before


def test_a_build_waits_for_a_review_holding_data(drafted: Path, tmp_path: Path) -> None:
    """The build reads data/ under the same lock, so it never reads a review half-done."""
    project = copy_of(drafted, tmp_path)
    holder = filelock.FileLock(project / "data" / LOCK_FILE)
    holder.acquire()
    try:
        build = subprocess.Popen(
            [CIVICGRAPH, "build", "--project", str(project)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(1.5)
        assert build.poll() is None, "the build waits for the lock"
        assert not (project / ".civicgraph").exists()
    finally:
        holder.release()
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert out.startswith("built ")


def test_an_uncommitted_journal_is_rolled_back_and_a_committed_one_completed(
    tmp_path: Path,
) -> None:
    """Recovery in the library, step by step: no plan, roll back; a plan, carry it out."""
    data = tmp_path / "data"
    (data / "records").mkdir(parents=True)
    (data / "records" / "a.yaml").write_bytes(b"old\n")
    (data / JOURNAL_FOLDER).mkdir()
    (data / JOURNAL_FOLDER / "what").write_text("test change")
    (data / JOURNAL_FOLDER / "0.new").write_bytes(b"new\n")
    recovered = journal.recover_data(data)
    assert str(recovered) == (
        "recovered an interrupted test change: rolled it back, data/ is as before it"
    )
    assert (data / "records" / "a.yaml").read_bytes() == b"old\n"
    assert not (data / JOURNAL_FOLDER).exists()

    with journal.data_lock(data):
        journal.commit_files(
            data, {data / "records" / "a.yaml": b"new\n", data / "b.yaml": b"b\n"}, what="test"
        )
    assert (data / "records" / "a.yaml").read_bytes() == b"new\n"
    assert journal.recover_data(data) is None


def test_a_journal_that_would_write_outside_data_is_refused(tmp_path: Path) -> None:
    """A planted plan naming ../ is not carried out."""
    data = tmp_path / "data"
    (data / JOURNAL_FOLDER).mkdir(parents=True)
    (data / JOURNAL_FOLDER / "0.new").write_bytes(b"x")
    (data / JOURNAL_FOLDER / "plan.json").write_text(
        '{"what": "x", "files": [{"staged": "0.new", "target": "../outside"}]}'
    )
    with pytest.raises(DataLockError, match=r"cannot be read .*outside"):
        journal.recover_data(data)
    assert not (tmp_path / "outside").exists()


def test_a_committed_change_that_cannot_be_completed_is_one_line(tmp_path: Path) -> None:
    """A folder put by hand where a committed change adds one: recovery names the change
    and the obstacle, and leaves both in place."""
    data = tmp_path / "data"
    (data / "sources" / "forum").mkdir(parents=True)
    (data / "sources" / "forum" / "mine.txt").write_text("kept")
    (data / JOURNAL_FOLDER / "0.new").mkdir(parents=True)
    (data / JOURNAL_FOLDER / "0.new" / "source.yaml").write_text("id: forum\n")
    (data / JOURNAL_FOLDER / "plan.json").write_text(
        '{"what": "addition of source forum", '
        '"files": [{"staged": "0.new", "target": "sources/forum"}]}'
    )
    with pytest.raises(DataLockError) as refused:
        journal.recover_data(data)
    assert str(refused.value).startswith(
        f"{data / JOURNAL_FOLDER}: an interrupted addition of source forum cannot be completed: "
    )
    assert (data / "sources" / "forum" / "mine.txt").read_text() == "kept"
    assert (data / JOURNAL_FOLDER / "plan.json").exists()
