"""Shared pytest fixtures.

``oxigraph_server`` starts a real SPARQL 1.1 server (``oxigraph serve``) on 127.0.0.1 at a
free port, for tests of anything that talks the SPARQL 1.1 Protocol or the Graph Store
HTTP Protocol. Usage::

    def test_something(oxigraph_server):
        server = oxigraph_server()                      # a fresh, empty store
        server.load(Path("data.ttl"))                   # into the default graph
        server.load(Path("more.trig"))                  # quads keep their graphs
        server.load(Path("x.ttl"), graph="http://example.org/g")
        SPARQLWrapper(server.query_url) ...             # .update_url, .store_url, .url

The factory may be called several times in one test (each call is a separate server);
every server is stopped when the test ends. ``oxigraph_server_module`` is the same
factory with module scope, for loading a fixture once. Mark tests using them ``server``.
``virtuoso_server`` is a fresh Virtuoso Open Source for a module (tests/virtuoso.py);
``virtuoso_seed`` one a session holding the seed, for tests that only read it.
"""

from __future__ import annotations

import dataclasses
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from civicgraph.sparql.client import Endpoint
from tests.virtuoso import VirtuosoServer, require_virtuoso, start_virtuoso

pytest_plugins = ["tests.fault_server"]
"""``fault_server``: a misbehaving HTTP server for the endpoint client's failure paths."""

_CONTENT_TYPES = {
    ".ttl": "text/turtle",
    ".nt": "application/n-triples",
    ".nq": "application/n-quads",
    ".trig": "application/trig",
    ".rdf": "application/rdf+xml",
    ".owl": "application/rdf+xml",
    ".jsonld": "application/ld+json",
}
_DATASET_FORMATS = {".nq", ".trig"}
_START_TIMEOUT = 20.0


def oxigraph_executable() -> str:
    """The ``oxigraph`` binary next to this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        pytest.fail(
            "the oxigraph server binary is not installed: run `make test`, which installs the dev extras"
        )
    return found


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class OxigraphServer:
    """A running ``oxigraph serve``: its URLs and a loader using the Graph Store Protocol."""

    url: str
    process: subprocess.Popen[bytes]
    location: Path
    log: Path
    loaded: list[Path] = field(default_factory=list)

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        return f"{self.url}/store"

    def load(self, path: Path, graph: str | None = None) -> None:
        """POST a file to the store: to ``graph``, else the default graph (datasets keep theirs)."""
        content_type = _CONTENT_TYPES.get(path.suffix.lower())
        if content_type is None:
            raise ValueError(f"unknown RDF file extension: {path}")
        if path.suffix.lower() in _DATASET_FORMATS:
            target = self.store_url
        elif graph is None:
            target = f"{self.store_url}?default"
        else:
            target = f"{self.store_url}?graph={urllib.parse.quote(graph, safe='')}"
        request = urllib.request.Request(
            target, data=path.read_bytes(), method="POST", headers={"Content-Type": content_type}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.status >= 300:
                raise RuntimeError(f"loading {path} failed: HTTP {response.status}")
        self.loaded.append(path)

    def stop(self) -> None:
        """Terminate, wait, and kill if it does not go."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def start_oxigraph(location: Path) -> OxigraphServer:
    """Start ``oxigraph serve`` persisting in ``location``; return once it answers queries."""
    location.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = location.parent / f"{location.name}.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            [
                oxigraph_executable(),
                "serve",
                "--location",
                str(location),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    server = OxigraphServer(
        url=f"http://127.0.0.1:{port}", process=process, location=location, log=log
    )
    deadline = time.monotonic() + _START_TIMEOUT
    probe = f"{server.query_url}?query={urllib.parse.quote('ASK {}')}"
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph exited early: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(probe, timeout=1) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(f"oxigraph did not answer within {_START_TIMEOUT} s")
        time.sleep(0.05)


@contextmanager
def _servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[], OxigraphServer]]:
    servers: list[OxigraphServer] = []

    def factory() -> OxigraphServer:
        server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "store")
        servers.append(server)
        return server

    try:
        yield factory
    finally:
        for server in servers:
            server.stop()


@pytest.fixture
def oxigraph_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[], OxigraphServer]]:
    """A factory of fresh ``oxigraph serve`` instances, all stopped at the end of the test."""
    with _servers(tmp_path_factory) as factory:
        yield factory


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A fresh Virtuoso Open Source on 127.0.0.1 for a test module (see tests/virtuoso.py)."""
    require_virtuoso()
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso") / "db")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def seed_store_session(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed built as ``civicgraph build`` writes it (with its reviewed links), once a
    session: for tests that only read it."""
    from tests.serve_support import build_seed_store  # noqa: PLC0415 - it imports this module

    return build_seed_store(tmp_path_factory.mktemp("seed-session") / "store")


@pytest.fixture(scope="session")
def virtuoso_seed(
    tmp_path_factory: pytest.TempPathFactory, seed_store_session: Path
) -> Iterator[Endpoint]:
    """One Virtuoso Open Source a session holding the seed, pushed as ``civicgraph push``
    does (its version graph too): the endpoint, with the administrator's credentials."""
    from civicgraph.remote import push_dataset, resolve_endpoint  # noqa: PLC0415
    from civicgraph.sparql.http import Credentials, origin  # noqa: PLC0415
    from tests.seed import IRIS  # noqa: PLC0415
    from tests.virtuoso import PASSWORD, USER  # noqa: PLC0415

    require_virtuoso()
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-seed") / "db")
    try:
        endpoint = dataclasses.replace(
            resolve_endpoint(server.query_url),
            credentials=Credentials(origin(server.url), USER, PASSWORD),
        )
        push_dataset(seed_store_session, endpoint, iris=IRIS, replace=True)
        yield endpoint
    finally:
        server.stop()


@pytest.fixture(scope="module")
def oxigraph_server_module(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[[], OxigraphServer]]:
    """The same factory, its servers shared by a test module (load once, query many times)."""
    with _servers(tmp_path_factory) as factory:
        yield factory


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite tests/golden/ from the current output instead of comparing (review the diff).",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """Whether this run regenerates golden files (pytest --update-golden)."""
    return bool(request.config.getoption("--update-golden"))
