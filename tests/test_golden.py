"""The seed's Turtle export is pinned byte for byte; a change to it is reviewed as a diff.

Regenerate with ``pytest tests/test_golden.py --update-golden`` after a deliberate change
to data/, the ontology or the build, and read the diff before committing it.
"""

from __future__ import annotations

from pathlib import Path

from civicgraph.build import build_dataset
from civicgraph.export import ExportFormat, serialize_snapshot
from civicgraph.linking.rdf import link_quads
from civicgraph.snapshot import Snapshot
from tests.seed import DATA, IRIS, ONTOLOGY

GOLDEN = Path(__file__).parent / "golden" / "seed.ttl"


def test_seed_turtle_matches_golden(update_golden: bool) -> None:
    """The Turtle export of the seed (with its reviewed links) equals tests/golden/seed.ttl."""
    dataset = build_dataset(DATA, ONTOLOGY, iris=IRIS, extra_quads=link_quads)
    produced = serialize_snapshot(Snapshot.from_quads(dataset.quads), ExportFormat.TURTLE)
    if update_golden:
        GOLDEN.write_bytes(produced)
    assert GOLDEN.read_bytes() == produced, (
        "the seed export changed; if intended, run pytest tests/test_golden.py --update-golden and review the diff"
    )
