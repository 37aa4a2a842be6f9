"""The Python API refuses arguments of the wrong type in one line naming the argument
(``ArgumentError``, a ``CivicGraphError`` and a ``TypeError``), before anything runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from civicgraph import Project
from civicgraph.errors import ArgumentError, CivicGraphError


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Project(123), "path must be a path (str or pathlib.Path), not int 123"),
        (lambda: Project(data=123), "data must be a path (str or pathlib.Path), not int 123"),
        (
            lambda: Project(store=["a"]),
            "store must be a path (str or pathlib.Path), not list ['a']",
        ),
        (lambda: Project(queries=""), "queries is an empty path"),
        (lambda: Project(base=5), "base must be an IRI (str), not int 5"),
    ],
)
def test_a_project_of_wrong_paths_is_refused(make: Callable[[], Project], message: str) -> None:
    with pytest.raises(ArgumentError) as refused:
        make()
    assert str(refused.value).startswith(message)


def test_paths_given_as_text_are_paths(tmp_path: Path) -> None:
    """A user passes str paths as often as Path ones: both are taken."""
    project = Project(str(tmp_path), data=str(tmp_path / "d"), store=str(tmp_path / "s"))
    assert (project.path, project.data, project.store) == (tmp_path, tmp_path / "d", tmp_path / "s")


CALLS: list[tuple[str, Callable[[Project], object], str]] = [
    (
        "query(None)",
        lambda p: p.query(None),
        "name must be a query's name or a .rq file (str or Path), not NoneType None",
    ),  # type: ignore[arg-type]
    (
        "query(1.5)",
        lambda p: p.query(1.5),
        "name must be a query's name or a .rq file (str or Path), not float 1.5",
    ),  # type: ignore[arg-type]
    (
        "event=123",
        lambda p: p.query("participants_by_event", event=123),
        "parameter event must be text (str): an id such as event/…, a date or a word, not int 123",
    ),  # type: ignore[arg-type]
    (
        "params list",
        lambda p: p.query("events_all", ["event"]),
        "params must be a mapping of parameter names to text, or None, not list ['event']",
    ),  # type: ignore[arg-type]
    (
        "params value",
        lambda p: p.query("events_all", {"event": None}),
        "parameter event must be text (str)",
    ),  # type: ignore[dict-item]
    (
        "limit text",
        lambda p: p.query("events_all", limit="5"),
        "limit must be a whole number from 0 (int) or None, not str '5'",
    ),  # type: ignore[arg-type]
    (
        "limit negative",
        lambda p: p.query("events_all", limit=-1),
        "limit must be a whole number from 0 (int) or None, not int -1",
    ),
    (
        "lang",
        lambda p: p.query("events_all", lang=["kk"]),
        "lang must be a language tag (str), not list ['kk']",
    ),  # type: ignore[arg-type]
    (
        "endpoint",
        lambda p: p.query("events_all", endpoint=7),
        "endpoint must be an Endpoint, a URL (str) or None, not int 7",
    ),  # type: ignore[arg-type]
    (
        "export out",
        lambda p: p.export("turtle", 42),
        "out must be a path (str or pathlib.Path), not int 42",
    ),  # type: ignore[arg-type]
    ("export ''", lambda p: p.export("turtle", ""), "out is an empty path"),
    (
        "build validate",
        lambda p: p.build(validate="no"),
        "validate must be True or False, not str 'no'",
    ),  # type: ignore[arg-type]
    (
        "build progress",
        lambda p: p.build(progress=3),
        "progress must be a function or None, not int 3",
    ),  # type: ignore[arg-type]
    (
        "validate engine",
        lambda p: p.validate(engine=1),
        "engine must be an engine's name (str), not int 1",
    ),  # type: ignore[arg-type]
    (
        "stats endpoint",
        lambda p: p.stats(endpoint=b"x"),
        "endpoint must be an Endpoint, a URL (str) or None, not bytes b'x'",
    ),  # type: ignore[arg-type]
    (
        "graph view",
        lambda p: p.graph(view="all"),
        "view must be a ProjectionView or None, not str 'all'",
    ),  # type: ignore[arg-type]
    (
        "release version",
        lambda p: p.release(100, root="dist"),
        "version must be a version such as 0.2.0 (str), not int 100",
    ),  # type: ignore[arg-type]
    (
        "release root",
        lambda p: p.release("1.0.0", root=None),
        "root must be a path (str or pathlib.Path), not NoneType None",
    ),  # type: ignore[arg-type]
    (
        "release issued",
        lambda p: p.release("1.0.0", root="d", issued="2025-01-01"),
        "issued must be a datetime.date or None, not str '2025-01-01'",
    ),  # type: ignore[arg-type]
    (
        "release previous",
        lambda p: p.release("1.0.0", root="d", previous=1),
        "previous must be a version (str), not int 1",
    ),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    ("call", "message"), [(c, m) for _, c, m in CALLS], ids=[n for n, _, _ in CALLS]
)
def test_a_method_given_a_wrong_type_names_the_argument(
    project: Project, call: Callable[[Project], object], message: str
) -> None:
    """Each refused before anything is read: the project has no store and no data."""
    with pytest.raises(ArgumentError) as refused:
        call(project)
    assert isinstance(refused.value, CivicGraphError)
    assert isinstance(refused.value, TypeError)
    assert str(refused.value).startswith(message)
    assert "\n" not in str(refused.value)


def test_right_types_pass_the_checks(project: Project) -> None:
    """A date, a str path and a URL are taken; what fails next is the missing store."""
    with pytest.raises(CivicGraphError) as failed:
        project.release("1.0.0", root="dist", issued=date(2025, 1, 1))
    assert not isinstance(failed.value, ArgumentError)
    with pytest.raises(CivicGraphError) as failed:
        project.stats(endpoint="http://127.0.0.1:9/")
    assert not isinstance(failed.value, ArgumentError)
