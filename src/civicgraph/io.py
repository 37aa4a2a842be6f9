"""Reading YAML with line numbers and writing files atomically.

Errors name the file and line; writers never leave a half-written file behind
(write to a temporary file in the same folder, then ``os.replace``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import yaml

from civicgraph.errors import CivicGraphError, RecordError


class LineDict(dict[str, Any]):
    """A YAML mapping that remembers the line it starts on, for error messages."""

    line: int | None = None
    key_lines: dict[str, int]


# libyaml's parser is several times faster than the pure-Python one on large record
# files, and still reports the line of every node.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """A safe loader whose mappings are ``LineDict`` and which refuses duplicate keys."""


def _construct_line_dict(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {mapping.key_lines[str(key)]})",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_line_dict)


def _construct_plain_str(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    """Keep dates as the curator wrote them; the build parses them against the ontology."""
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_plain_str)


def read_yaml(path: Path) -> object:
    """Parse a YAML file whose mappings are ``LineDict``; raise ``RecordError`` with the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise RecordError("file not found", path=path, hint="check the path") from error
    except UnicodeDecodeError as error:
        raise RecordError("not valid UTF-8", path=path, hint="save the file as UTF-8") from error
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise RecordError(
            f"YAML syntax error: {problem}",
            path=path,
            line=line,
            hint="fix the indentation, quoting or duplicate key on that line",
        ) from error


@contextmanager
def atomic_writer(path: Path, *, mode: str = "wb") -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; move it into place only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    # mkstemp creates 0600; a published file gets the permissions any new file would get.
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o666 & ~umask)
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix."""
    try:
        with atomic_writer(path) as handle:
            handle.write(data)
    except OSError as error:
        raise CivicGraphError(
            f"cannot write: {error.strerror}",
            path=path,
            hint="check the folder exists and is writable",
        ) from error
