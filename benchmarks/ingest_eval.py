"""Score ``civicgraph draft`` against the annotated texts of benchmarks/ingest_eval/.

Prints precision and recall per category and language, the count of proposals of the
kinds that must never be made, and each target of the ingest issue as met or missed.
Run: make ingest-eval (or .venv/bin/python benchmarks/ingest_eval.py [--show NAME]).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml
from draft_scoring import (
    LANGS,
    Table,
    Target,
    add_score,
    print_details,
    print_table,
    print_targets,
    ratio,
    score_text,
    total,
)

from civicgraph.ingest.extract import draft_text
from civicgraph.ingest.matching import EntityIndex
from civicgraph.records import load_entities

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "benchmarks" / "ingest_eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", help="print the proposals and misses of one text")
    parser.add_argument(
        "--texts", default="*", help="a glob of the texts to score, e.g. '*-heldout-*'"
    )
    args = parser.parse_args()
    entities = load_entities(ROOT / "data")
    indexes = {lang: EntityIndex(entities.values(), lang) for lang in LANGS}
    table: Table = {}
    never_hits: list[str] = []
    for gold_path in sorted((EVAL / "gold").glob(f"{args.texts}.yaml")):
        name = gold_path.stem
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        text = (EVAL / "texts" / f"{name}.txt").read_text(encoding="utf-8")
        lang = gold["language"]
        published = str(gold["published"]) if gold["published"] else None
        proposals = draft_text(
            text, language=lang, source_id=name, entities=entities.values(),
            published=published, index=indexes[lang],
        )  # fmt: skip
        score = score_text(gold, proposals, text, entities)
        add_score(table, lang, score)
        never_hits.extend(f"{name}: {h}" for h in score.never)
        if args.show == name:
            print_details(score, proposals)
    print_table(table)
    print(f"\n'never' proposals: {len(never_hits)}")
    for hit in never_hits:
        print(f"  {hit}")
    return _print_targets(table, len(never_hits))


def _print_targets(counts: Table, never: int) -> int:
    targets = []
    for lang in LANGS:
        c = counts[("mentions", lang)]
        targets.append(
            Target(f"known-entity mentions P ({lang}) >= 0.95", ratio(c["tp"], c["pred"]), 0.95)
        )
        targets.append(
            Target(f"known-entity mentions R ({lang}) >= 0.95", ratio(c["tp"], c["gold"]), 0.95)
        )
    persons = total(counts, "new persons")
    targets.append(Target("new persons R >= 0.90", ratio(persons["tp"], persons["gold"]), 0.90))
    holdings = total(counts, "post holdings")
    targets.append(Target("post holdings P >= 0.90", ratio(holdings["tp"], holdings["pred"]), 0.90))
    targets.append(Target("post holdings R >= 0.80", ratio(holdings["tp"], holdings["gold"]), 0.80))
    dates = total(counts, "dates")
    targets.append(Target("dates exact >= 0.95", ratio(dates["tp"], dates["gold"]), 0.95))
    targets.append(Target("zero never proposals", never, 0, at_most=True))
    print_targets(targets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
