"""Reading YAML with line numbers and writing files atomically.

Errors name the file and line; writers never leave a half-written file behind
(write to a temporary file in the same folder, then ``os.replace``).
"""

from __future__ import annotations

import errno
import os
import re
import reprlib
import shutil
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


def short_repr(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, so no message embeds a whole document."""
    shortener = reprlib.Repr()
    shortener.maxstring = shortener.maxother = limit
    shortener.maxlist = shortener.maxdict = 4
    shortener.maxlevel = 2
    text = shortener.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _construct_line_dict(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                "a key must be a plain value, not a list or mapping",
                key_node.start_mark,
            )
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {short_repr(key)} (first on line {mapping.key_lines[str(key)]})",
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


ALIAS_BUDGET = 1_000
"""How many nodes a document may add by repeating anchors (``*alias``). A record file
repeats a few small values at most; a "billion laughs" document repeats millions and
would take gigabytes once expanded by any consumer that walks the values."""

MAX_DEPTH = 64
"""How deeply collections may nest; records need fewer than ten levels."""


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a node graph that repeats more than ``ALIAS_BUDGET`` nodes, nests deeper than
    ``MAX_DEPTH`` or refers to itself; walked without recursion, each node once."""
    expanded: dict[int, int] = {}  # id(node) -> size once aliases are expanded
    seen: set[int] = set()
    distinct = 0
    # (node, depth, children done?)
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    on_path: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            expanded[key] = 1 + sum(expanded[id(child)] for child in children)
            continue
        if key in on_path:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias refers to a value that contains it", node.start_mark
            )
        if depth > MAX_DEPTH:
            raise yaml.constructor.ConstructorError(
                None, None, f"values nest more than {MAX_DEPTH} levels deep", node.start_mark
            )
        if key in seen:
            continue
        seen.add(key)
        distinct += 1
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in reversed(children))
    if expanded[id(root)] - distinct > ALIAS_BUDGET:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"aliases expand to {expanded[id(root)] - distinct} more values "
            f"(at most {ALIAS_BUDGET})",
            root.start_mark,
        )


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _parse(text: str) -> object:
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def read_yaml(path: Path) -> object:
    """Parse a YAML file whose mappings are ``LineDict``; raise ``RecordError`` with the line.

    Safe against hostile files: aliases may not expand past ``ALIAS_BUDGET`` nodes,
    nesting past ``MAX_DEPTH`` levels is refused, and every loader error becomes one
    ``RecordError`` line that quotes at most a short piece of the file.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise RecordError("file not found", path=path, hint="check the path") from error
    except UnicodeDecodeError as error:
        raise RecordError("not valid UTF-8", path=path, hint="save the file as UTF-8") from error
    except OSError as error:
        raise RecordError(
            f"cannot read: {error.strerror}", path=path, hint="check the file is readable"
        ) from error
    try:
        return _parse(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise RecordError(
            f"YAML error: {_one_line(problem)}",
            path=path,
            line=line,
            hint="fix the indentation, quoting, key or alias on that line",
        ) from error
    except yaml.reader.ReaderError as error:
        raise RecordError(
            f"YAML error: character {_code_point(error.character)} is not allowed",
            path=path,
            line=text.count("\n", 0, error.position) + 1,
            hint="remove the control character, or write it as an escape in a quoted string",
        ) from error
    except (yaml.YAMLError, RecursionError, TypeError, ValueError) as error:
        # Whatever else the loader raises (a value it cannot construct, a nesting the
        # parser cannot follow) is still a problem of the file, not a crash.
        raise RecordError(
            f"YAML error: {_one_line(str(error))}",
            path=path,
            hint="simplify the file: plain mappings, lists and quoted text",
        ) from error


def _code_point(character: object) -> str:
    number = ord(character) if isinstance(character, str) else character
    return f"U+{number:04X}" if isinstance(number, int) else short_repr(character)


def _one_line(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


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


def describe_os_error(error: OSError) -> str:
    """An operating system error in words: a full disk said so, a copy's first failure
    (``shutil.Error`` holds a list of them as text, and no ``strerror``), the message
    itself when there is nothing else."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list):
        failures = error.args[0]
        if failures and isinstance(failures[0], tuple) and len(failures[0]) == 3:
            source, _, reason = failures[0]
            found = re.match(r"\[Errno (\d+)\] ([^:]+)", str(reason))
            if found is not None:
                number, words = int(found[1]), found[2]
                reason = "no space left on the device" if number == errno.ENOSPC else words
            return f"{reason} (copying {Path(str(source)).name})"
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    if error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a mix."""
    try:
        with atomic_writer(path) as handle:
            handle.write(data)
    except OSError as error:
        raise CivicGraphError(
            f"cannot write: {describe_os_error(error)}",
            path=path,
            hint="check the folder exists and is writable",
        ) from error
