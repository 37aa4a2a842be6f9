"""What reading a query's form costs: rdflib's SPARQL grammar against Oxigraph's parser.

Not a test: a figure for the choice made in ``civicgraph.sparql.text`` (the form, updates
and SERVICE clauses are read with rdflib's grammar, once per text, on first use). Usage::

    python benchmarks/sparql_parse.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib.plugins.sparql.parser import parseQuery

from civicgraph.sparql.text import load_catalogue

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = [query.text for query in load_catalogue(ROOT / "queries")]
    for name, parse in (("rdflib grammar", parseQuery), ("oxigraph parser", ox.Store().query)):
        runs = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            for text in texts:
                parse(text)
            runs.append(time.perf_counter() - started)
        total = statistics.median(runs)
        print(
            f"{name:<16} {len(texts)} queries: {total * 1000:8.1f} ms in all, "
            f"{total / len(texts) * 1000:6.2f} ms each (median of {args.repeat})"
        )


if __name__ == "__main__":
    main()
