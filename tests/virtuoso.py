"""A throwaway Virtuoso Open Source server for integration tests and the bulk-load benchmark.

Debian's ``virtuoso-opensource`` package installs ``virtuoso-t`` and ``isql-vt`` with a
system ``virtuoso.ini``. ``start_virtuoso`` copies that ini with every database, log and
lock path moved into a folder of its own and both ports (SQL and HTTP) set to free ports
on 127.0.0.1, starts the server in the foreground and waits until ``/sparql`` answers.
No role is granted: the administrator may update through ``/sparql-auth`` as it is.

A fresh database's administrator is ``dba`` with password ``dba`` (Virtuoso's default;
the Debian ini does not change it).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

SERVER = "virtuoso-t"
ISQL = "isql-vt"
SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
USER = "dba"
PASSWORD = "dba"  # noqa: S105 - the documented default of a fresh database, never a real secret
START_TIMEOUT = 90.0
"""Seconds a fresh database may take to create its files and answer /sparql."""


@dataclass
class VirtuosoServer:
    """A running ``virtuoso-t``: its URLs, its SQL port and its folder."""

    http_port: int
    sql_port: int
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/sparql"

    def isql(self, *statements: str, timeout: float = 600) -> str:
        """Run SQL statements through ``isql-vt`` as the administrator; their output."""
        script = "".join(f"{s.rstrip(';')};\n" for s in statements)
        done = subprocess.run(
            [ISQL, f"127.0.0.1:{self.sql_port}", USER, PASSWORD, "VERBOSE=OFF", "PROMPT=OFF"],
            input=script,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
        return done.stdout

    def bulk_load(self, folder: Path, pattern: str, graph: str) -> str:
        """Virtuoso's bulk loader on the files of ``folder`` matching ``pattern``.

        Triples outside a named graph go to ``graph``. ``folder`` must be one of the
        ``dirs`` the server was started with. Returns isql's output of the load.
        """
        output = self.isql(
            f"ld_dir('{folder}', '{pattern}', '{graph}')",
            "rdf_loader_run()",
            "checkpoint",
            "SELECT 'failed=' || CAST(COUNT(*) AS VARCHAR) FROM DB.DBA.load_list"
            " WHERE ll_error IS NOT NULL",
        )
        if "failed=0" not in output:
            raise RuntimeError(f"the bulk loader reported errors: {output}")
        return output

    def log(self) -> str:
        path = self.folder / "virtuoso.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Terminate (Virtuoso checkpoints and exits on SIGTERM), kill if it does not go."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def installed() -> bool:
    """Whether Debian's Virtuoso server, its isql and its ini are present."""
    return bool(shutil.which(SERVER) and shutil.which(ISQL) and SYSTEM_INI.is_file())


def require_virtuoso() -> None:
    """Skip when Virtuoso is not installed, except in CI, where its absence is a failure."""
    if installed():
        return
    message = "Virtuoso is not installed (apt-get install virtuoso-opensource)"
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message}; CI must install it (.ci/run)")
    pytest.skip(message)


def _settings(
    db: Path, http_port: int, sql_port: int, dirs: list[Path], buffers: int
) -> dict[str, dict[str, str]]:
    return {
        "Database": {
            "DatabaseFile": str(db / "virtuoso.db"),
            "ErrorLogFile": str(db / "virtuoso.log"),
            "LockFile": str(db / "virtuoso.lck"),
            "TransactionFile": str(db / "virtuoso.trx"),
            "xa_persistent_file": str(db / "virtuoso.pxa"),
        },
        "TempDatabase": {
            "DatabaseFile": str(db / "virtuoso-temp.db"),
            "TransactionFile": str(db / "virtuoso-temp.trx"),
        },
        "Parameters": {
            "ServerPort": f"127.0.0.1:{sql_port}",
            "DirsAllowed": ", ".join(
                [".", "/usr/share/virtuoso-opensource-7/vad", *map(str, dirs)]
            ),
            # 8 KB pages; Virtuoso's guide: about 2/3 of the memory it may use, 3/4 may be dirty.
            "NumberOfBuffers": str(buffers),
            "MaxDirtyBuffers": str(buffers * 3 // 4),
        },
        "HTTPServer": {"ServerPort": f"127.0.0.1:{http_port}"},
        "URIQA": {"DefaultHost": f"127.0.0.1:{http_port}"},
        # Debian's 10 000 cuts longer answers short without saying so.
        "SPARQL": {"ResultSetMaxRows": "10000000"},
    }


def write_ini(folder: Path, http_port: int, sql_port: int, dirs: list[Path], buffers: int) -> Path:
    """The system ini with this server's paths and ports (line by line: the ini repeats keys)."""
    settings = _settings(folder, http_port, sql_port, dirs, buffers)
    section = ""
    lines = []
    for line in SYSTEM_INI.read_text().splitlines():
        header = re.match(r"\s*\[(.+)\]\s*$", line)
        if header:
            section = header.group(1)
        else:
            key = re.match(r"\s*([A-Za-z_0-9]+)\s*=", line)
            if key and key.group(1) in settings.get(section, {}):
                lines.append(f"{key.group(1)} = {settings[section][key.group(1)]}")
                continue
        lines.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n")
    return ini


def _answers(url: str) -> bool:
    probe = f"{url}?query={urllib.parse.quote('ASK {}')}"
    try:
        with urllib.request.urlopen(probe, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def start_virtuoso(
    folder: Path, *, dirs: list[Path] | None = None, buffers: int = 10_000
) -> VirtuosoServer:
    """Start Virtuoso with its database in ``folder``; return once /sparql answers.

    ``dirs`` are extra folders the server may read files from (the bulk loader's input);
    ``buffers`` is its page cache in 8 KB pages (the Debian ini's 10 000 suit the tests).
    """
    from tests.conftest import free_port  # noqa: PLC0415 - conftest imports this module

    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    while sql_port == http_port:
        sql_port = free_port()
    ini = write_ini(folder, http_port, sql_port, dirs or [], buffers)
    with (folder / "stdout.log").open("wb") as out:
        process = subprocess.Popen(
            [SERVER, "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = VirtuosoServer(http_port=http_port, sql_port=sql_port, folder=folder, process=process)
    deadline = time.monotonic() + START_TIMEOUT
    while not _answers(server.query_url):
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited early: {server.log()[-2000:]}")
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError(
                f"Virtuoso did not answer within {START_TIMEOUT} s: {server.log()[-2000:]}"
            )
        time.sleep(0.2)
    return server
