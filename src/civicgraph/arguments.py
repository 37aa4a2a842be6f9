"""Check what a caller of the Python API gives, so that a wrong type is one line naming
the argument (``ArgumentError``), not an ``AttributeError`` from deep inside.

Paths are taken as ``str`` or ``os.PathLike``, as ``open`` takes them; an empty string is
refused, since ``Path("")`` is the current folder and would be written over. Endpoints are
taken as an ``Endpoint`` or its URL.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TypeVar

from civicgraph.errors import ArgumentError
from civicgraph.io import short_repr
from civicgraph.sparql.client import Endpoint, resolve_endpoint

T = TypeVar("T")
C = TypeVar("C", bound=Callable[..., object])


def _refuse(name: str, expected: str, value: object) -> ArgumentError:
    return ArgumentError(
        f"{name} must be {expected}, not {type(value).__name__} {short_repr(value)}"
    )


def path_argument(value: object, name: str) -> Path:
    """``value`` as a ``Path``: a non-empty ``str`` or an ``os.PathLike``."""
    if isinstance(value, str):
        if not value.strip():
            raise ArgumentError(f"{name} is an empty path", hint="give a file or folder name")
        return Path(value)
    if isinstance(value, os.PathLike) and isinstance(os.fspath(value), str):
        return Path(value)
    raise _refuse(name, "a path (str or pathlib.Path)", value)


def optional_path(value: object, name: str) -> Path | None:
    return None if value is None else path_argument(value, name)


def text_argument(value: object, name: str, *, what: str = "text (str)") -> str:
    if not isinstance(value, str):
        raise _refuse(name, what, value)
    return value


def optional_text(value: object, name: str, *, what: str = "text (str)") -> str | None:
    return None if value is None else text_argument(value, name, what=what)


def flag_argument(value: object, name: str) -> bool:
    """``True`` or ``False`` only: ``validate="no"`` is true to Python, not to its writer."""
    if not isinstance(value, bool):
        raise _refuse(name, "True or False", value)
    return value


def count_argument(value: object, name: str) -> int | None:
    """A whole number from 0, or ``None``."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _refuse(name, "a whole number from 0 (int) or None", value)
    return value


def date_argument(value: object, name: str) -> date | None:
    if value is not None and not isinstance(value, date):
        raise _refuse(name, "a datetime.date or None", value)
    return value


def of_type(value: object, name: str, kind: type[T], what: str) -> T | None:
    """``value`` when it is a ``kind`` or ``None``."""
    if value is not None and not isinstance(value, kind):
        raise _refuse(name, f"{what} or None", value)
    return value


def callable_argument(value: C | None, name: str) -> C | None:
    if value is not None and not callable(value):
        raise _refuse(name, "a function or None", value)
    return value


def endpoint_argument(value: object, name: str = "endpoint") -> Endpoint | None:
    """An ``Endpoint``, its URL (resolved as the command line resolves ``--endpoint``), or
    ``None`` for the embedded store."""
    if value is None or isinstance(value, Endpoint):
        return value
    if isinstance(value, str):
        return resolve_endpoint(value)
    raise _refuse(name, "an Endpoint, a URL (str) or None", value)


def parameters_argument(value: object, named: Mapping[str, object]) -> dict[str, str]:
    """Query parameters, given as a mapping and as keywords: each a name and its text."""
    if value is not None and not isinstance(value, Mapping):
        raise _refuse("params", "a mapping of parameter names to text, or None", value)
    given = {**(value or {}), **named}
    for key, text in given.items():
        if not isinstance(key, str):
            raise _refuse("a parameter name", "text (str)", key)
        if not isinstance(text, str):
            raise _refuse(
                f"parameter {key}", "text (str): an id such as event/…, a date or a word", text
            )
    return given
