"""Print the p50 (and p90) wall time of each catalogue query on the seed graph or a store.

Not a test: a figure for the issue's closing note. Usage::

    python benchmarks/query_times.py [--repeat 21] [--endpoint URL]
    python benchmarks/query_times.py --store /tmp/store-1m --only evidence_by_subject \\
        --param subject=person/p000438 --repeat 11

Without ``--store`` the seed store is built in memory from data/ as `civicgraph build`
builds it; with it, the store's on-disk database is queried as `civicgraph query` does.
``--param`` applies to the ``--only`` queries (each must declare it); ``--queries`` times
another catalogue folder (an earlier version of a query, say). A run slower than 2 s is
repeated at most twice more.
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
from civicgraph.store import memory_store_from_snapshot, open_store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PARAMS = {"statements_search": {"term": "мәслихат"}}
SLOW_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--endpoint", default=None)
    parser.add_argument("--store", type=Path, default=None, help="a store built by civicgraph")
    parser.add_argument(
        "--queries", type=Path, default=ROOT / "queries", help="the catalogue folder to time"
    )
    parser.add_argument("--only", action="append", default=[], help="a query name (repeatable)")
    parser.add_argument(
        "--param", action="append", default=[], help="NAME=VALUE for the --only queries"
    )
    args = parser.parse_args()
    params = dict(p.split("=", 1) for p in args.param)
    if args.store is not None:
        store = open_store(args.store)
        size = f"{len(store)} quads in {args.store}"
    else:
        dataset = build_dataset(
            ROOT / "data", ROOT / "ontology" / "civic.ttl", extra_quads=link_quads
        )
        store = memory_store_from_snapshot(dataset.snapshot)
        size = f"{dataset.snapshot.quad_count} quads (seed)"
    target = {"endpoint": args.endpoint} if args.endpoint else {"store": store}
    print(f"{size}; {args.repeat} runs each; backend: {args.endpoint or 'embedded'}")
    if params:
        print(f"parameters: {params}")
    print(f"{'query':<30} {'rows':>6} {'p50 ms':>10} {'p90 ms':>10}")
    for query in load_catalogue(args.queries):
        if args.only and query.name not in args.only:
            continue
        given = params if args.only else SAMPLE_PARAMS.get(query.name, {})
        times: list[float] = []
        rows = 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = run_query(query, params=given, **target)
            times.append((time.perf_counter() - started) * 1000)
            rows = len(result.rows) or len(result.triples)
            if len(times) >= 3 and times[0] > SLOW_SECONDS * 1000:
                break
        times.sort()
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"{query.name:<30} {rows:>6} {statistics.median(times):>10.2f} {p90:>10.2f}")


if __name__ == "__main__":
    main()
