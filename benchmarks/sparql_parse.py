"""What reading a query costs: its header (title, parameters and columns in kk, ru and
en), and its form with rdflib's SPARQL grammar against Oxigraph's parser.

Not a test: figures for the choices made in ``civicgraph.sparql.text`` (the header is read
each time a catalogue is loaded; the form, updates and SERVICE clauses are read with
rdflib's grammar, once per text, on first use). Usage::

    python benchmarks/sparql_parse.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib.plugins.sparql.parser import parseQuery

from civicgraph.sparql.text import load_catalogue, parse_query

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    catalogue = load_catalogue(ROOT / "queries")
    texts = [query.text for query in catalogue]
    runs = []
    for _ in range(args.repeat):
        started = time.process_time()
        for query in catalogue:
            parse_query(query.text, name=query.name)
        runs.append(time.process_time() - started)
    total = statistics.median(runs)
    lines = sum(len(_header(text)) for text in texts)
    print(
        f"{'headers':<16} {len(texts)} queries, {lines} header lines: {total * 1000:8.2f} ms "
        f"CPU in all, {total / len(texts) * 1e6:6.1f} µs each (median of {args.repeat})"
    )
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


def _header(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            break
        lines.append(line)
    return lines


if __name__ == "__main__":
    main()
