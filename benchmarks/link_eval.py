"""Precision and recall of the Wikidata linker on the test fixture.

Starts ``oxigraph serve`` on 127.0.0.1 with shared/wikidata/snapshot.ttl plus the
synthetic distractors, links every seed entity and compares with
tests/fixtures/wikidata/expected.yaml. Prints per-entity outcomes and the figures.

    python benchmarks/link_eval.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import start_oxigraph  # noqa: E402 - the tests' server helper, reused

from civicgraph.linking.client import ClientSettings, SparqlClient  # noqa: E402
from civicgraph.linking.linker import link_entities  # noqa: E402
from civicgraph.records import load_entities  # noqa: E402

SNAPSHOT = ROOT / "tests" / "fixtures" / "wikidata" / "snapshot.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "wikidata"


def main() -> int:
    expected = yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))["links"]
    with tempfile.TemporaryDirectory() as tmp:
        server = start_oxigraph(Path(tmp) / "store")
        try:
            server.load(SNAPSHOT)
            server.load(FIXTURES / "distractors.ttl")
            client = SparqlClient(ClientSettings(endpoint=server.query_url, requests_per_second=0))
            report = link_entities(load_entities(ROOT / "data").values(), client)
        finally:
            server.stop()
    true_positive = false_positive = 0
    print(f"{'entity':<58} {'outcome':<10} {'chosen':<12} {'expected':<12} verdict")
    for entity_id in sorted(report.outcomes):
        outcome = report.outcomes[entity_id]
        chosen = outcome.chosen.qid if outcome.chosen else ""
        want = expected.get(entity_id, "")
        if chosen and chosen == want:
            verdict, true_positive = "correct", true_positive + 1
        elif chosen:
            verdict, false_positive = "WRONG", false_positive + 1
        elif want:
            verdict = "MISSED"
        else:
            verdict = "correctly unlinked"
        print(f"{entity_id:<58} {outcome.status:<10} {chosen:<12} {want:<12} {verdict}")
        if not chosen and outcome.candidates:
            top = outcome.candidates[0]
            print(f"{'':<58} why: {outcome.why}; best {top.qid} {top.label!r} {top.score:.2f}")
    linked = true_positive + false_positive
    precision = true_positive / linked if linked else 1.0
    recall = true_positive / len(expected) if expected else 1.0
    print(f"\nlinked {linked}, correct {true_positive}, expected {len(expected)}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  ({report.requests_sent} requests)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
