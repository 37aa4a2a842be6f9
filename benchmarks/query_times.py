"""Print the p50 (and p90) wall time of each catalogue query on the seed graph.

Not a test: a figure for the issue's closing note. Usage::

    python benchmarks/query_times.py [--repeat 21] [--endpoint URL]

The seed store is built in memory from data/ as `civicgraph build` builds it.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from civicgraph.build import build_dataset
from civicgraph.linking.rdf import link_quads
from civicgraph.query import run_query
from civicgraph.sparql.text import load_catalogue
from civicgraph.store import memory_store_from_snapshot

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PARAMS = {"statements_search": {"term": "мәслихат"}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--endpoint", default=None)
    args = parser.parse_args()
    dataset = build_dataset(ROOT / "data", ROOT / "ontology" / "civic.ttl", extra_quads=link_quads)
    store = memory_store_from_snapshot(dataset.snapshot)
    target = {"endpoint": args.endpoint} if args.endpoint else {"store": store}
    print(
        f"{dataset.snapshot.quad_count} quads; {args.repeat} runs each; backend: {args.endpoint or 'embedded'}"
    )
    print(f"{'query':<30} {'rows':>5} {'p50 ms':>8} {'p90 ms':>8}")
    for query in load_catalogue(ROOT / "queries"):
        times = []
        rows = 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = run_query(query, params=SAMPLE_PARAMS.get(query.name, {}), **target)
            times.append((time.perf_counter() - started) * 1000)
            rows = len(result.rows) or len(result.triples)
        times.sort()
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"{query.name:<30} {rows:>5} {statistics.median(times):>8.2f} {p90:>8.2f}")


if __name__ == "__main__":
    main()
