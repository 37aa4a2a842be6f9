"""Options shared by several commands, so every command spells them the same way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from civicgraph.project import BASE_ENV, ProjectPaths, default_base
from civicgraph.store import DEFAULT_STORE

F = TypeVar("F", bound=Callable[..., Any])


def store_option(function: F) -> F:
    return click.option(
        "--store",
        "store_path",
        type=click.Path(path_type=Path, file_okay=False),
        default=DEFAULT_STORE,
        show_default=True,
        help="Folder of the embedded Oxigraph store.",
    )(function)


def base_option(function: F) -> F:
    return click.option(
        "--base",
        default=default_base,
        show_default=f"${BASE_ENV} or https://w3id.org/civicgraph",
        help="Base IRI of minted instance IRIs.",
    )(function)


def shapes_option(function: F) -> F:
    return click.option(
        "--shapes",
        "shapes_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=ProjectPaths.shapes,
        show_default=True,
        help="SHACL shapes file.",
    )(function)


def input_options(function: F) -> F:
    """--data, --ontology: the curated inputs of a build."""
    function = click.option(
        "--ontology",
        "ontology_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=ProjectPaths.ontology,
        show_default=True,
        help="Ontology file (Turtle).",
    )(function)
    return data_option(function)


def data_option(function: F) -> F:
    """--data: the folder of the curated inputs."""
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=ProjectPaths.data,
        show_default=True,
        help="Folder with sources/, entities/ and records/.",
    )(function)


def project_options(function: F) -> F:
    """--data, --ontology, --shapes: everything a build reads."""
    return input_options(shapes_option(function))
