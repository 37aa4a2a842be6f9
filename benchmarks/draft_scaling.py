"""How drafting time grows with a text: time per KB from 10 KB to 5 MB should stay flat.

Texts are made by joining the annotated texts of benchmarks/ingest_eval/ (all three
languages' texts, each drafted as its own language, so every rule fires), plus a 1 MB text
of one line (no paragraph breaks: sentence and quote rules get no help from newlines).
Each is drafted once in a warm process through ``draft_text``, as ``draft`` does after
reading the source. Run: .venv/bin/python benchmarks/draft_scaling.py [--sizes 10,100,1000,5000]
[--language kk|ru|en]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from civicgraph.ingest.extract import draft_text
from civicgraph.ingest.matching import EntityIndex
from civicgraph.records import load_entities

ROOT = Path(__file__).resolve().parent.parent
TEXTS = ROOT / "benchmarks" / "ingest_eval" / "texts"


def joined_text(language: str, size_bytes: int, *, one_line: bool = False) -> str:
    """The eval texts of ``language`` joined in turn until the text has ``size_bytes`` of UTF-8."""
    pieces = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob(f"{language}-*.txt"))]
    if one_line:
        pieces = [" ".join(p.split()) for p in pieces]
    separator = " " if one_line else "\n\n"
    out: list[str] = []
    size = 0
    i = 0
    while size < size_bytes:
        piece = pieces[i % len(pieces)]
        out.append(piece)
        size += len(piece.encode("utf-8")) + len(separator)
        i += 1
    return separator.join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000,5000", help="sizes in KB")
    parser.add_argument("--language", default="kk,ru,en")
    parser.add_argument("--one-line-kb", type=int, default=1000)
    args = parser.parse_args()
    entities = load_entities(ROOT / "data")
    languages = args.language.split(",")
    indexes = {lang: EntityIndex(entities.values(), lang) for lang in languages}
    for language in languages:  # warm: dictionaries, caches
        draft_text(
            joined_text(language, 5000), language=language, source_id="warm",
            entities=entities.values(), published="2025-04-03", index=indexes[language],
        )  # fmt: skip
    cases = [(int(kb), False) for kb in args.sizes.split(",")]
    if args.one_line_kb:
        cases.append((args.one_line_kb, True))
    print(f"{'language':8} {'text':>18} {'proposals':>10} {'seconds':>9} {'ms per KB':>10}")
    for language in languages:
        for kb, one_line in cases:
            text = joined_text(language, kb * 1000, one_line=one_line)
            started = time.perf_counter()
            proposals = draft_text(
                text, language=language, source_id="bench", entities=entities.values(),
                published="2025-04-03", index=indexes[language],
            )  # fmt: skip
            elapsed = time.perf_counter() - started
            size = len(text.encode("utf-8")) / 1000
            shape = f"{kb} KB{' one line' if one_line else ''}"
            print(
                f"{language:8} {shape:>18} {len(proposals):>10} {elapsed:>9.2f} "
                f"{elapsed * 1000 / size:>10.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
