"""Options shared by several commands, so every command spells them the same way.

``project_options`` gives a command one ``project: Project`` built from ``--project``,
``--store``, ``--base`` and the input folders it asks for; a command that reads data/
first recovers what a killed review left there (``recover_data_of``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import click

from civicgraph.journal import recover_data
from civicgraph.project import BASE_ENV, Project
from civicgraph.store import DEFAULT_STORE

F = TypeVar("F", bound=Callable[..., Any])

_PROJECT_PARAMS = {
    "project_dir": "path",
    "data_dir": "data",
    "ontology_path": "ontology",
    "shapes_path": "shapes",
    "queries_dir": "queries",
    "store_path": "store",
    "base": "base",
}


def _store(function: F, default: Path | None) -> F:
    return click.option(
        "--store",
        "store_path",
        type=click.Path(path_type=Path, file_okay=False),
        default=default,
        show_default=str(default or Path("<project>") / DEFAULT_STORE),
        help="Folder of the embedded Oxigraph store.",
    )(function)


def store_option(function: F) -> F:
    return _store(function, DEFAULT_STORE)


def _base_from_store(ctx: click.Context, _param: click.Parameter, value: str | None) -> str:
    """For commands that take ``--store`` and ``--base`` rather than a ``Project``.

    Resolves the base as ``Project`` does (given, else the store's); declare the store
    option before this one so that its value is known here.
    """
    return Project(store=ctx.params.get("store_path") or DEFAULT_STORE, base=value).base


def _base(function: F, callback: Any = None) -> F:  # noqa: ANN401 - click's callback type
    return click.option(
        "--base",
        default=None,
        envvar=BASE_ENV,
        callback=callback,
        show_default=f"${BASE_ENV}, else the store's, else https://w3id.org/civicgraph",
        help="Base IRI of minted instance IRIs.",
    )(function)


def base_option(function: F) -> F:
    """``--base`` resolved to a string (given, ``$CIVICGRAPH_BASE``, the store's, default)."""
    return _base(function, _base_from_store)


def _path_option(name: str, dest: str, help_text: str, *, folder: bool) -> Callable[[F], F]:
    return click.option(
        name,
        dest,
        type=click.Path(path_type=Path, file_okay=not folder, dir_okay=folder),
        default=None,
        help=help_text,
    )


def recover_data_of(data_dir: Path) -> None:
    """Finish or undo a change of data/ that was killed (a review), saying so on stderr:
    every command that reads or writes data/ does this first."""
    recovered = recover_data(data_dir)
    if recovered is not None:
        click.echo(str(recovered), err=True)


def project_options(
    *, data: bool = False, ontology: bool = False, shapes: bool = False, queries: bool = False
) -> Callable[[F], F]:
    """``--project``, ``--store``, ``--base`` and the input options asked for, as one
    ``project`` argument."""

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - passes through
            settings = {
                _PROJECT_PARAMS[key]: kwargs.pop(key)
                for key in list(kwargs)
                if key in _PROJECT_PARAMS
            }
            project = Project(**settings)
            if data:
                recover_data_of(project.data)
            return function(*args, project=project, **kwargs)

        decorated: Any = wrapper
        if queries:
            decorated = _path_option(
                "--queries",
                "queries_dir",
                "Folder of named queries (*.rq) [default: <project>/queries, else the shipped ones].",
                folder=True,
            )(decorated)
        if shapes:
            decorated = _path_option(
                "--shapes",
                "shapes_path",
                "SHACL shapes [default: <project>/ontology/shapes.ttl, else the shipped ones].",
                folder=False,
            )(decorated)
        if ontology:
            decorated = _path_option(
                "--ontology",
                "ontology_path",
                "Ontology (Turtle) [default: <project>/ontology/civic.ttl, else the shipped one].",
                folder=False,
            )(decorated)
        if data:
            decorated = _path_option(
                "--data",
                "data_dir",
                "Folder with sources/, entities/ and records/ [default: <project>/data].",
                folder=True,
            )(decorated)
        decorated = _base(_store(decorated, None))
        with_project = click.option(
            "--project",
            "project_dir",
            type=click.Path(path_type=Path, file_okay=False),
            default=Path(),
            show_default=True,
            help="Project folder: data/, optional ontology/ and queries/ (else the shipped ones).",
        )(decorated)
        return cast(F, with_project)

    return decorate
