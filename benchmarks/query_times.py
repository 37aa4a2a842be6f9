"""Print the p50 (and p90) wall time of each catalogue query on the seed graph or a store.

Not a test: a figure for the issue's closing note. Usage::

    python benchmarks/query_times.py [--repeat 21] [--endpoint URL]
    python benchmarks/query_times.py --store /tmp/store-100k [--queries DIR] [--only a,b]
    python benchmarks/query_times.py --store /tmp/store-1m --only evidence_by_subject \\
        --param subject=person/p000438 --repeat 11

The seed store is built in memory from data/ as `civicgraph build` builds it; ``--store``
times a store `civicgraph build` wrote instead (a corpus of gen_corpus.py, say), each query
as its listing and, when it takes an entity id, bound to one entity of that corpus as
run.py binds it. ``--queries`` reads the catalogue from another folder (an older version
of a query, to compare). ``--param NAME=VALUE`` binds the ``--only`` queries (each must
declare it) instead of the sample ids. A run slower than 2 s is repeated at most twice more.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

from civicgraph.build import build_dataset
from civicgraph.iris import Iris
from civicgraph.linking.rdf import link_quads
from civicgraph.project import DEFAULT_BASE, Project
from civicgraph.query import run_query
from civicgraph.sparql.text import CatalogueQuery, load_catalogue
from civicgraph.triplesource import EmbeddedSource, TripleSource

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PARAMS = {"statements_search": {"term": "мәслихат"}}
SLOW_SECONDS = 2.0

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import SAMPLE_IDS  # noqa: E402 - run.py is a script beside this one


def _calls(query: CatalogueQuery, bind: bool) -> Iterator[tuple[str, Mapping[str, str]]]:
    sample = SAMPLE_PARAMS.get(query.name, {})
    if not any(p.required and p.name not in sample for p in query.parameters):
        yield query.name, sample
    bound = next(
        (p.name for p in query.parameters if p.type == "id" and p.name in SAMPLE_IDS), None
    )
    if bind and bound is not None:
        yield f"{query.name}?{bound}", {**sample, bound: SAMPLE_IDS[bound]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("--endpoint", default=None)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--queries", type=Path, default=ROOT / "queries")
    parser.add_argument("--only", default="", help="comma-separated query names")
    parser.add_argument(
        "--param", action="append", default=[], help="NAME=VALUE for the --only queries"
    )
    args = parser.parse_args()
    given = dict(p.split("=", 1) for p in args.param)
    source: TripleSource
    if args.store is not None or args.endpoint is not None:
        # the store's base, else the default: what the command line would use
        source = Project(store=args.store or Path("-")).source(args.endpoint)
        described = str(args.store or args.endpoint)
    else:
        dataset = build_dataset(
            ROOT / "data",
            ROOT / "ontology" / "civic.ttl",
            extra_quads=link_quads,
            iris=Iris(DEFAULT_BASE),
        )
        source = EmbeddedSource.from_snapshot(dataset.snapshot, iris=dataset.iris)
        described = f"{dataset.snapshot.quad_count} quads"
    only = {name for name in args.only.split(",") if name}
    print(f"{described}; {args.repeat} runs each; backend: {args.endpoint or 'embedded'}")
    print(f"{'query':<36} {'rows':>6} {'p50 ms':>9} {'p90 ms':>9}")
    if given:
        print(f"parameters: {given}")
    for query in load_catalogue(args.queries):
        if only and query.name not in only:
            continue
        calls = [(query.name, given)] if given and only else _calls(query, args.store is not None)
        for label, params in calls:
            times: list[float] = []
            rows = 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                result = run_query(query, source, params=params)
                times.append((time.perf_counter() - started) * 1000)
                rows = len(result.rows) or len(result.triples)
                if len(times) >= 3 and times[0] > SLOW_SECONDS * 1000:
                    break
            times.sort()
            p90 = times[int(0.9 * (len(times) - 1))]
            print(f"{label:<36} {rows:>6} {statistics.median(times):>9.2f} {p90:>9.2f}")


if __name__ == "__main__":
    main()
