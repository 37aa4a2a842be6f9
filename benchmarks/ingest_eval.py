"""Score ``civicgraph draft`` against the annotated texts of benchmarks/ingest_eval/.

Prints precision and recall per category and language, the count of proposals of the
kinds that must never be made, and each target of the ingest issue as met or missed.
Run: make ingest-eval (or .venv/bin/python benchmarks/ingest_eval.py [--show NAME]).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

from civicgraph.ingest.extract import draft_text
from civicgraph.ingest.matching import EntityIndex
from civicgraph.ingest.proposals import Proposal
from civicgraph.records import load_entities

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "benchmarks" / "ingest_eval"
LANGS = ("kk", "ru", "en")
SCORED_KINDS = ("person", "org", "place", "post", "programme")
"""Mentions of these kinds are annotated; concepts, topics and groups are not scored."""

CATEGORIES = (
    "mentions", "new persons", "new other entities", "post holdings", "events",
    "participations", "quotes", "dates",
)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", help="print the proposals and misses of one text")
    parser.add_argument(
        "--texts", default="*", help="a glob of the texts to score, e.g. '*-heldout-*'"
    )
    args = parser.parse_args()
    entities = load_entities(ROOT / "data")
    indexes = {lang: EntityIndex(entities.values(), lang) for lang in LANGS}
    counts: dict[tuple[str, str], Counter[str]] = {}
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
        predicted = _predicted(proposals, entities)
        expected = _expected(gold)
        for category in CATEGORIES:
            c = counts.setdefault((category, lang), Counter())
            p, g = predicted[category], expected[category]
            c["tp"] += sum((p & g).values())
            c["pred"] += sum(p.values())
            c["gold"] += sum(g.values())
            if args.show == name:
                for item in sorted(map(str, (p - g).elements())):
                    print(f"  extra   {category}: {item}")
                for item in sorted(map(str, (g - p).elements())):
                    print(f"  missing {category}: {item}")
        hits = _never(gold.get("never") or [], proposals, text, entities)
        never_hits.extend(f"{name}: {h}" for h in hits)
        if args.show == name:
            for n, proposal in enumerate(proposals, 1):
                print(n, proposal.as_dict(n))
    _print_table(counts)
    print(f"\n'never' proposals: {len(never_hits)}")
    for hit in never_hits:
        print(f"  {hit}")
    return _print_targets(counts, len(never_hits))


def _ref(entity_id: object, proposals: list[Proposal], entities: dict[str, object]) -> str:
    if entity_id in entities:
        return str(entity_id)
    label = next(
        (p.label for p in proposals if p.kind == "entity" and p.entity == entity_id), entity_id
    )
    return str(label).casefold()


def _gold_ref(value: object) -> str:
    text = str(value)
    return text if "/" in text else text.casefold()


def _predicted(
    proposals: list[Proposal], entities: dict[str, object]
) -> dict[str, Counter[object]]:
    out: dict[str, Counter[object]] = {c: Counter() for c in CATEGORIES}
    for p in proposals:
        x = p.extra
        if p.kind == "mention" and p.entity in entities and p.entity.split("/")[0] in SCORED_KINDS:
            out["mentions"][(p.entity, p.quote)] += 1
        elif p.kind == "entity":
            key = "new persons" if p.type == "Person" else "new other entities"
            out[key][(p.type, p.label.casefold())] += 1
        elif p.kind == "post_holding":
            out["post holdings"][
                (_ref(x["person"], proposals, entities), _ref(x["post"], proposals, entities))
            ] += 1
        elif p.kind == "event":
            out["events"][(x["status"], x["date"], x["place"])] += 1
        elif p.kind == "participation":
            out["participations"][(_ref(x["person"], proposals, entities), x["role"])] += 1
        elif p.kind == "quote":
            out["quotes"][(_ref(x["speaker"], proposals, entities), p.quote)] += 1
        elif p.kind == "date":
            out["dates"][(p.quote, x["date"])] += 1
    return out


def _expected(gold: dict[str, object]) -> dict[str, Counter[object]]:
    out: dict[str, Counter[object]] = {c: Counter() for c in CATEGORIES}
    for entity_id, quote in gold.get("mentions") or []:
        out["mentions"][(entity_id, quote)] += 1
    for e in gold.get("new_entities") or []:
        key = "new persons" if e["type"] == "Person" else "new other entities"
        out[key][(e["type"], e["label"].casefold())] += 1
    for h in gold.get("holdings") or []:
        out["post holdings"][(_gold_ref(h["person"]), _gold_ref(h["post"]))] += 1
    for e in gold.get("events") or []:
        date = str(e["date"]) if e["date"] else None
        out["events"][(e["status"], date, e["place"])] += 1
    for p in gold.get("participations") or []:
        out["participations"][(_gold_ref(p["person"]), p["role"])] += 1
    for q in gold.get("quotes") or []:
        out["quotes"][(_gold_ref(q["speaker"]), q["text"])] += 1
    for d in gold.get("dates") or []:
        out["dates"][(d["quote"], str(d["date"]))] += 1
    return out


def _never(
    rules: list[dict[str, str]], proposals: list[Proposal], text: str, entities: dict[str, object]
) -> list[str]:
    hits = []
    for rule in rules:
        for p in proposals:
            if p.kind != rule["kind"]:
                continue
            x = p.extra
            if "type" in rule and p.type != rule["type"]:
                continue
            if "label" in rule and p.label.casefold() != rule["label"].casefold():
                continue
            if "status" in rule and x.get("status") != rule["status"]:
                continue
            if "post" in rule and x.get("post") != rule["post"]:
                continue
            if (
                "post_label" in rule
                and _ref(x.get("post"), proposals, entities) != rule["post_label"].casefold()
            ):
                continue
            if "person" in rule and _ref(x.get("person"), proposals, entities) != _gold_ref(
                rule["person"]
            ):
                continue
            if "within" in rule:
                at = text.find(rule["within"])
                if not (p.start < at + len(rule["within"]) and at < p.end):
                    continue
            hits.append(f"{rule} <- {p.kind} {p.label!r} {p.quote[:50]!r}")
    return hits


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def _print_table(counts: dict[tuple[str, str], Counter[str]]) -> None:
    print(f"{'category':<20}" + "".join(f"| {lang}: P     R     (tp/pred/gold) " for lang in LANGS))
    for category in CATEGORIES:
        row = f"{category:<20}"
        for lang in LANGS:
            c = counts[(category, lang)]
            p, r = _ratio(c["tp"], c["pred"]), _ratio(c["tp"], c["gold"])
            row += f"| {_fmt(p)} {_fmt(r)} ({c['tp']:>2}/{c['pred']:>2}/{c['gold']:>2})       "
        print(row)


def _total(counts: dict[tuple[str, str], Counter[str]], category: str) -> Counter[str]:
    total: Counter[str] = Counter()
    for lang in LANGS:
        total.update(counts[(category, lang)])
    return total


def _print_targets(counts: dict[tuple[str, str], Counter[str]], never: int) -> int:
    print("\ntargets")
    rows: list[tuple[str, float | None, float]] = []
    for lang in LANGS:
        c = counts[("mentions", lang)]
        rows.append((f"known-entity mentions P ({lang}) >= 0.95", _ratio(c["tp"], c["pred"]), 0.95))
        rows.append((f"known-entity mentions R ({lang}) >= 0.95", _ratio(c["tp"], c["gold"]), 0.95))
    persons = _total(counts, "new persons")
    rows.append(("new persons R >= 0.90", _ratio(persons["tp"], persons["gold"]), 0.90))
    holdings = _total(counts, "post holdings")
    rows.append(("post holdings P >= 0.90", _ratio(holdings["tp"], holdings["pred"]), 0.90))
    rows.append(("post holdings R >= 0.80", _ratio(holdings["tp"], holdings["gold"]), 0.80))
    dates = _total(counts, "dates")
    rows.append(("dates exact >= 0.95", _ratio(dates["tp"], dates["gold"]), 0.95))
    missed = 0
    for name, value, target in rows:
        met = value is not None and value >= target
        missed += not met
        print(f"  {'met   ' if met else 'MISSED'} {name:<40} {_fmt(value)}")
    print(f"  {'met   ' if never == 0 else 'MISSED'} {'zero never proposals':<40} {never:5d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
