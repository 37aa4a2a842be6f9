"""How fast ``civicgraph draft`` is: one 5,000-character article warm, and ``draft --all`` over many.

Targets (issue 11): a 5,000-character article in <= 1 s in a warm process; ``draft --all``
over 1,000 articles in <= 5 min on a 2-core machine. Articles are made by joining the
annotated texts of benchmarks/ingest_eval/ (one language an article), so every rule fires.
Run: .venv/bin/python benchmarks/ingest_bench.py [--articles 1000] [--repeats 10]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from civicgraph.ingest.draft import draft_source
from civicgraph.ingest.sources import NewSource, add_source
from civicgraph.records import load_entities

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "benchmarks" / "ingest_eval" / "texts"
LANGS = ("kk", "ru", "en")


def article(language: str, min_chars: int, offset: int = 0) -> str:
    """Paragraphs of the eval texts of one language, rotated by ``offset``, until ``min_chars``."""
    pieces = sorted(TEXTS.glob(f"{language}-*.txt"))
    out: list[str] = []
    i = offset
    while sum(len(p) for p in out) < min_chars:
        out.append(pieces[i % len(pieces)].read_text(encoding="utf-8"))
        i += 1
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--chars", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data" / "entities", data / "entities")
        (data / "sources").mkdir()
        entities = load_entities(data)
        print(
            f"draft of one {args.chars}-character article, warm process (median of {args.repeats}):"
        )
        for language in LANGS:
            path = Path(tmp) / f"long-{language}.txt"
            path.write_text(article(language, args.chars), encoding="utf-8")
            add_source(
                data,
                path,
                NewSource(id=f"long-{language}", language=language, published="2025-04-03"),
            )
            draft_source(data, f"long-{language}", entities=entities)  # warm: dictionaries, caches
            times = []
            for _ in range(args.repeats):
                started = time.perf_counter()
                draft = draft_source(data, f"long-{language}", entities=entities)
                times.append(time.perf_counter() - started)
            median = statistics.median(times)
            verdict = "met" if median <= 1.0 else "MISSED"
            print(f"  {language}: {len(path.read_text(encoding='utf-8'))} chars, {len(draft.proposals)} proposals, "
                  f"{median * 1000:.0f} ms  [{verdict}: <= 1 s]")  # fmt: skip
        for n in range(args.articles):
            language = LANGS[n % 3]
            path = Path(tmp) / "a.txt"
            path.write_text(article(language, 1500, offset=n), encoding="utf-8")
            add_source(
                data,
                path,
                NewSource(id=f"article-{n:04d}", language=language, published="2025-04-03"),
            )
        command = [
            str(Path(sys.executable).parent / "civicgraph"),
            "draft",
            "--all",
            "--data",
            str(data),
        ]
        started = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        elapsed = time.perf_counter() - started
        verdict = "met" if elapsed <= 300 else "MISSED"
        drafts = len(list((data / "drafts").glob("*.yaml")))
        print(
            f"civicgraph draft --all over {args.articles} articles of ~1,500 characters (+3 long), one process:"
        )
        print(
            f"  {elapsed:.1f} s, {drafts} drafts written ({done.stdout.strip()})  [{verdict}: <= 300 s]"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
