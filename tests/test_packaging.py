"""The wheel works anywhere: built from the checkout, installed in a fresh virtual environment
outside it, it creates, builds, validates and queries a project with nothing but itself.

Also: the optional parts (``[draw]``, ``[rudof]``) say how to install them when missing.
These tests build a wheel and install it with pip (from the package index pip is
configured with), about a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from civicgraph.cli import main
from civicgraph.resources import EXAMPLE_EXCLUDED
from tests.seed import DATA, ROOT, SHAPES, build_seed

pytestmark = pytest.mark.packaging


LEFTOVERS = (
    ".lock",
    ".journal/plan.json",
    ".journal/0.new/source.yaml",
    "drafts/seed.yaml",
    "records/.seed.yaml.k2j4.tmp",
    "sources/.forum.x8a1/forum.ru.txt",
    "sources/.forum.removed.q7/forum/source.yaml",
    "entities/__pycache__/x.pyc",
)
"""What a project's data/ may hold besides its data: the lock and journal of data/, a
draft, the temporaries of killed writes (civicgraph.journal, io.write_bytes_atomic, and
the staging folders of earlier releases of source add and remove)."""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of a copy of the checkout whose data/ holds ``LEFTOVERS``, built by pip with
    the build backend pyproject.toml names."""
    checkout = tmp_path_factory.mktemp("checkout")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, checkout / name)
    for folder in ("src", "ontology", "queries", "data"):
        ignore = shutil.ignore_patterns("__pycache__", ".*")
        shutil.copytree(ROOT / folder, checkout / folder, ignore=ignore)
    for leftover in LEFTOVERS:
        (checkout / "data" / leftover).parent.mkdir(parents=True, exist_ok=True)
        (checkout / "data" / leftover).write_bytes(b"left over\n")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(checkout),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (built,) = out.glob("civicgraph-*.whl")
    return built


def _clean_env() -> dict[str, str]:
    """The environment without this interpreter's virtual environment or path settings."""
    return {
        k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"}
    }


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the checkout with the wheel (core, no extras) installed; its bin/."""
    env_dir = tmp_path_factory.mktemp("venv") / "venv"
    assert ROOT not in env_dir.parents
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
        env=_clean_env(),
        timeout=900,
    )
    return bin_dir


def _civicgraph(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bin_dir / "civicgraph"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=_clean_env(),
        timeout=600,
        check=False,
    )


def test_wheel_carries_ontology_queries_example_and_types(wheel: Path) -> None:
    """Every shipped file is in the wheel under civicgraph/_data/, and py.typed."""
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "civicgraph/py.typed",
        "civicgraph/_data/ontology/civic.ttl",
        "civicgraph/_data/ontology/shapes.ttl",
        "civicgraph/_data/ontology/labels-external.ttl",
        *(f"civicgraph/_data/queries/{p.name}" for p in (ROOT / "queries").glob("*.rq")),
        *(f"civicgraph/_data/example/{name}" for name in _example_files(DATA)),
    }
    assert expected - names == set()


def test_wheel_carries_no_lock_journal_draft_or_leftover(wheel: Path) -> None:
    """Built from a data/ holding its lock, a journal, a draft and temporaries, the wheel's
    example holds the data only, as ``init --example`` in a checkout copies it."""
    example = "civicgraph/_data/example/"
    names = [n for n in zipfile.ZipFile(wheel).namelist() if n.startswith(example)]
    assert not [n for n in names if n.removeprefix(example) in LEFTOVERS]
    assert not [n for n in names if "/." in n or "drafts" in n or "__pycache__" in n]
    assert sorted(n.removeprefix(example) for n in names) == _example_files(DATA)


def _example_files(data: Path) -> list[str]:
    """The files of ``data`` that are the example's, as init --example copies them."""
    with tempfile.TemporaryDirectory() as folder:
        copied = Path(folder) / "data"
        shutil.copytree(data, copied, ignore=shutil.ignore_patterns(*EXAMPLE_EXCLUDED))
        return sorted(p.relative_to(copied).as_posix() for p in copied.rglob("*") if p.is_file())


def test_installed_wheel_runs_a_project_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    """init --example, build, validate and a catalogue query, from the project folder only."""
    project = tmp_path / "x"
    created = _civicgraph(installed, "init", str(project), "--example", cwd=tmp_path)
    assert created.returncode == 0, created.stderr
    assert sorted(p.name for p in project.iterdir()) == [".gitignore", "README.md", "data"]
    for step in (["build"], ["validate"]):
        done = _civicgraph(installed, *step, cwd=project)
        assert done.returncode == 0, f"{step}: {done.stdout}{done.stderr}"
    assert _civicgraph(installed, "validate", cwd=project).stdout.startswith("conforms:")
    answer = _civicgraph(installed, "query", "who_opened_event", "--format", "csv", cwd=project)
    assert answer.returncode == 0, answer.stderr
    assert "person/maulen-ashimbayev" in answer.stdout


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_seed(tmp_path_factory.mktemp("seed") / "store")


def test_core_install_draws_nothing_and_says_how(
    installed: Path, store: Path, tmp_path: Path
) -> None:
    """Without the [draw] extra, graph draw is one line naming the extra to install."""
    probe = subprocess.run(
        [str(installed / "python"), "-c", "import matplotlib"], capture_output=True, check=False
    )
    assert probe.returncode != 0, "the core install must not pull matplotlib"
    drawn = _civicgraph(installed, "graph", "draw", "--store", str(store), cwd=tmp_path)
    assert drawn.returncode == 2
    assert drawn.stderr.strip().splitlines() == [
        "error: drawing needs matplotlib (hint: pip install 'civicgraph[draw]' (or pip install matplotlib))"
    ]
    assert not (tmp_path / "dist").exists()


def test_missing_rudof_engine_says_how_to_install(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """validate --engine pyrudof without the [rudof] extra is one line naming the extra."""
    monkeypatch.setitem(sys.modules, "pyrudof", None)  # what an install without the extra sees
    result = CliRunner().invoke(
        main, ["validate", "--store", str(store), "--shapes", str(SHAPES), "--engine", "pyrudof"]
    )
    assert result.exit_code == 2
    assert result.output == (
        "error: the pyrudof engine is not installed "
        "(hint: pip install 'civicgraph[rudof]', or use --engine pyshacl)\n"
    )
