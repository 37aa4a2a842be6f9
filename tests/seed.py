"""Paths of the project's real data, for tests that run on the seed graph."""

from __future__ import annotations

from pathlib import Path

from civicgraph.iris import Iris

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ONTOLOGY = ROOT / "ontology" / "civic.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
ARTICLE_ID = "maslikhat-council-extended-meeting"
ARTICLE = DATA / "sources" / ARTICLE_ID / f"{ARTICLE_ID}.kk.txt"
BASE = "https://w3id.org/civicgraph"
IRIS = Iris(BASE)
"""The seed's IRIs: its records are built under the default base."""
CIV = "https://w3id.org/civicgraph/ontology#"


def iri(entity_id: str) -> str:
    return f"{BASE}/id/{entity_id}"


def build_seed(store: Path) -> Path:
    """``civicgraph build`` of the seed data into ``store``, with every path given."""
    from click.testing import CliRunner  # noqa: PLC0415 - only tests that build need click

    from civicgraph.cli import main  # noqa: PLC0415

    args = ["--data", str(DATA), "--ontology", str(ONTOLOGY), "--shapes", str(SHAPES)]
    result = CliRunner().invoke(main, ["build", *args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store
