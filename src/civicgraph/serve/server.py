"""Run the application under uvicorn, in one process or several.

Python runs one thread of page-building at a time, so on a machine with several cores
``workers`` processes (each opening the store read-only) answer more pages at once. The
workers rebuild the application from the settings handed over in an environment
variable, as uvicorn starts them from an import string.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from civicgraph.serve.app import ServeSettings, create_app

SETTINGS_ENV = "CIVICGRAPH_SERVE_SETTINGS"


def run_server(settings: ServeSettings, *, host: str, port: int, workers: int = 1) -> None:
    """Serve until interrupted."""
    options = {"host": host, "port": port, "log_level": "warning", "server_header": False}
    if workers == 1:
        uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
        return
    os.environ[SETTINGS_ENV] = json.dumps(asdict(settings), default=str)
    uvicorn.run(
        "civicgraph.serve.server:app_from_environment",
        factory=True,
        workers=workers,
        **options,  # type: ignore[arg-type]
    )


def app_from_environment() -> ASGIApp:
    """The application of one worker process, from the settings its parent handed over."""
    fields = json.loads(os.environ[SETTINGS_ENV])
    fields["store_path"] = Path(fields["store_path"])
    fields["catalogue"] = Path(fields["catalogue"])
    return create_app(ServeSettings(**fields))
