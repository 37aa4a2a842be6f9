"""A seed store and a running ``civicgraph serve`` for the tests of the web explorer."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from civicgraph.build import build_dataset
from civicgraph.linking.rdf import link_quads
from civicgraph.serve import ServeSettings
from civicgraph.store import replace_store
from tests.conftest import free_port
from tests.seed import DATA, IRIS, ONTOLOGY, ROOT

CATALOGUE = ROOT / "queries"
_START_TIMEOUT = 30.0


def accepted_qid(entity_id: str) -> str:
    """The Wikidata id the reviewed links of data/links give an entity."""
    links = yaml.safe_load((DATA / "links" / "wikidata.yaml").read_text(encoding="utf-8"))["links"]
    return next(
        link["qid"]
        for link in links
        if link["entity"] == entity_id and link["status"] == "accepted"
    )


def build_seed_store(path: Path) -> Path:
    """The seed graph written as `civicgraph build` writes it."""
    replace_store(
        path, build_dataset(DATA, ONTOLOGY, extra_quads=link_quads, iris=IRIS).quads, iris=IRIS
    )
    return path


SOURCES = ("embedded", "virtuoso")
"""Where a serve test's data is: the built store, or the seed pushed to Virtuoso."""


def settings_for(request: pytest.FixtureRequest, store_path: Path, **limits: Any) -> ServeSettings:
    """Settings serving the seed from the source ``request.param`` names (``SOURCES``):
    ``store_path``, or the session's Virtuoso (``virtuoso_seed``, skipped outside CI when
    Virtuoso is missing, a failure in CI)."""
    if request.param == "virtuoso":
        endpoint = request.getfixturevalue("virtuoso_seed")
        return ServeSettings(
            store_path=None, endpoint=endpoint, iris=IRIS, catalogue=CATALOGUE, **limits
        )
    return ServeSettings(store_path=store_path, iris=IRIS, catalogue=CATALOGUE, **limits)


def descendants(pid: int) -> set[int]:
    """The processes ``pid`` started, and those they started, read from Linux's /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text(encoding="utf-8", errors="replace")
        except OSError:  # it ended while the folder was read
            continue
        # the command name may hold spaces and parentheses: the fields follow its last ')'
        parent = int(text[text.rindex(")") + 2 :].split()[1])
        children.setdefault(parent, []).append(int(stat.parent.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def is_running(pid: int) -> bool:
    """Whether the process exists and is not a zombie waiting to be reaped."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return text[text.rindex(")") + 2] != "Z"


@dataclass
class RunningServer:
    url: str
    process: subprocess.Popen[bytes]


@contextmanager
def serve(store_path: Path, *extra: str) -> Iterator[RunningServer]:
    """`civicgraph serve` on a free port of 127.0.0.1, stopped when the block ends."""
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "civicgraph"),
        "serve",
        "--store",
        str(store_path),
        "--port",
        str(port),
        "--queries",
        str(CATALOGUE),
        *extra,
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while True:
            if process.poll() is not None:
                error = process.stderr.read().decode() if process.stderr else ""
                raise RuntimeError(f"civicgraph serve exited: {error}")
            try:
                with urllib.request.urlopen(f"{url}/.well-known/void", timeout=2):
                    break
            except OSError:  # refused, or accepted but not answered yet while it starts
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield RunningServer(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Answer:
    """What the server answered: status, headers (lower-case names) and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


def fetch(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
    timeout: float = 60.0,
) -> Answer:
    """One request to a running server; an HTTP error status is an answer, not an exception."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Answer(answer.status, _lower(answer.headers.items()), answer.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, _lower(error.headers.items()), error.read())


def _lower(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in items}


class Canary:
    """A TCP listener on 127.0.0.1 that counts who connects: an address a request names,
    to prove that the server never calls it."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.calls: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.calls.append(connection.recv(4096))
                except OSError:
                    self.calls.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._listener.close()
