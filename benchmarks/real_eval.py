"""Score ``civicgraph draft`` on real news pages: the development set of benchmarks/real_eval/.

Each page's gold file (``real_eval/gold/NAME.yaml``) names its URL, the search query and rank
that find its text, and what it states; the texts are not in the repository but saved by
whoever runs this into ``real_eval/texts/NAME.txt`` (README.md says how). Every page whose text
is present and unchanged is drafted the way a user drafts it — ``source add`` with the page's
language, URL, outlet and publication date into a scratch project holding the shipped
authority file, then ``draft --all`` — and scored by ``draft_scoring``. Prints which texts are
missing or changed, precision and recall per category and language, the ``never`` proposals,
the duplicates of known entities, and the targets of the real-text issue.

Run: make real-eval (or .venv/bin/python benchmarks/real_eval.py [--show NAME] [--pages GLOB]);
``--record-hashes`` writes the SHA-256 and the cut of the saved texts into their gold files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from draft_scoring import (
    LANGS,
    GoldError,
    Table,
    Target,
    add_score,
    fmt,
    print_details,
    print_table,
    print_targets,
    ratio,
    score_text,
    total,
)

from civicgraph.ingest.draft import draft_all
from civicgraph.ingest.proposals import Proposal
from civicgraph.ingest.sources import NewSource, add_source
from civicgraph.records import load_entities

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "benchmarks" / "real_eval"
CORPUS_HEADER = re.compile(r"\A date (\d{4}-\d{2}-\d{2}) ")
"""The pages corpus puts a page's date before its text; it is metadata, not the article's words."""
CORPUS_CAP = 2000
"""The pages corpus returns at most this many bytes of a page, from its start."""


@dataclass(frozen=True)
class Page:
    name: str
    gold: dict[str, object]
    path: Path

    @property
    def language(self) -> str:
        return str(self.gold["language"])

    @property
    def published(self) -> str | None:
        value = self.gold.get("published")
        return str(value) if value else None

    def fetch_hint(self) -> str:
        return (
            f"search(query={self.gold['query']!r}, corpus='pages'), result rank "
            f"{self.gold['rank']} ({self.gold['url']}): save its excerpt, as returned, as UTF-8 to "
            f"benchmarks/real_eval/texts/{self.name}.txt"
        )


def load_pages(folder: Path = EVAL, pattern: str = "*") -> list[Page]:
    return [
        Page(path.stem, yaml.safe_load(path.read_text(encoding="utf-8")), path)
        for path in sorted((folder / "gold").glob(f"{pattern}.yaml"))
    ]


def normalise_space(text: str) -> str:
    """The text with every run of white space (no-break spaces too) as one space."""
    return " ".join(text.split())


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_text(page: Page, folder: Path = EVAL) -> tuple[str, str | None]:
    """``("ok", text)``, ``("whitespace", text)`` (the same words, other white space, as a
    copy holding no-break spaces), ``("changed", None)`` or ``("missing", None)``."""
    path = folder / "texts" / f"{page.name}.txt"
    if not path.is_file():
        return "missing", None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() == page.gold["sha256"]:
        return "ok", data.decode("utf-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "changed", None
    if sha256_text(normalise_space(text)) == page.gold["sha256_normalised"]:
        return "whitespace", text
    return "changed", None


def document_of(text: str) -> tuple[str, str | None]:
    """The article a user would add (the corpus's date header left out) and that header's date."""
    header = CORPUS_HEADER.match(text)
    if header is None:
        return text, None
    return text[header.end() :], header.group(1)


def draft_pages(pages: list[tuple[Page, str]]) -> dict[str, tuple[Proposal, ...]]:
    """Every page drafted as ``civicgraph source add`` + ``civicgraph draft --all`` would,
    in a scratch project holding the shipped authority file."""
    with tempfile.TemporaryDirectory(prefix="real-eval-") as scratch:
        data = Path(scratch) / "data"
        shutil.copytree(ROOT / "data" / "entities", data / "entities")
        for page, document in pages:
            path = Path(scratch) / f"{page.name}.txt"
            path.write_text(document, encoding="utf-8")
            add_source(
                data,
                path,
                NewSource(
                    id=page.name,
                    language=page.language,
                    url=str(page.gold["url"]),
                    publisher=str(page.gold["outlet"]),
                    published=page.published,
                ),
            )
        return {draft.source_id: draft.proposals for draft in draft_all(data)}


def record_hashes(pages: list[Page], folder: Path = EVAL) -> list[str]:
    """Write the SHA-256 (exact and white-space-normalised) and the cut of each saved text
    into its gold file, keeping the rest of the file as it is; the names of those written."""
    written = []
    for page in pages:
        path = folder / "texts" / f"{page.name}.txt"
        if not path.is_file():
            continue
        data = path.read_bytes()
        text = data.decode("utf-8")
        cut = describe_cut(text, len(data))
        source = page.path.read_text(encoding="utf-8")
        for key, value in (
            ("cut", cut),
            ("sha256", hashlib.sha256(data).hexdigest()),
            ("sha256_normalised", sha256_text(normalise_space(text))),
        ):
            # A JSON string is a YAML double-quoted scalar: the line stays one line.
            line = f"{key}: {json.dumps(value, ensure_ascii=False)}"
            source, found = re.subn(
                rf"^{key}: .*$", lambda _, line=line: line, source, count=1, flags=re.MULTILINE
            )
            if not found:
                raise ValueError(f"{page.path}: no '{key}:' line to write")
        page.path.write_text(source, encoding="utf-8")
        written.append(page.name)
    return written


def describe_cut(text: str, size: int) -> str:
    cut = (
        f"the excerpt the pages corpus returns for this query at this rank, whole and from its "
        f"start: {len(text)} characters, {size} bytes"
    )
    if size > CORPUS_CAP - 8:
        cut += f" (the corpus stops an excerpt at {CORPUS_CAP:,} bytes)"
    if CORPUS_HEADER.match(text):
        cut += "; its leading ' date YYYY-MM-DD ' is the corpus's date of the page, left out of the document drafted"
    return cut


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show", help="print the proposals, extras and misses of one page")
    parser.add_argument("--pages", default="*", help="a glob of the pages to score, e.g. 'kk-*'")
    parser.add_argument(
        "--record-hashes",
        action="store_true",
        help="write the SHA-256 and the cut of the saved texts into their gold files, then stop",
    )
    args = parser.parse_args()
    pages = load_pages(pattern=args.pages)
    if args.record_hashes:
        for name in record_hashes(pages):
            print(f"recorded {name}")
        return 0
    present: list[tuple[Page, str]] = []
    for page in pages:
        state, text = check_text(page)
        if text is None:
            print(f"{state:<8} {page.name}: fetch it with {page.fetch_hint()}")
            continue
        if state == "whitespace":
            print(f"note     {page.name}: same words as the saved copy, other white space")
        present.append((page, text))
    print(f"scored {len(present)} of {len(pages)} pages\n")
    if not present:
        print("no page to score: save the texts first (benchmarks/real_eval/README.md)")
        return 1
    documents = [(page, document_of(text)[0]) for page, text in present]
    drafts = draft_pages(documents)
    entities = load_entities(ROOT / "data")
    table: Table = {}
    never_hits: list[str] = []
    duplicates: list[str] = []
    by_status: Counter[str] = Counter()
    for page, document in documents:
        proposals = drafts[page.name]
        try:
            score = score_text(page.gold, proposals, document, entities)
        except GoldError as error:
            print(f"not scored {page.name}: its gold does not fit its text: {error}")
            continue
        add_score(table, page.language, score)
        by_status.update(score.event_status)
        never_hits.extend(f"{page.name}: {h}" for h in score.never)
        duplicates.extend(f"{page.name}: {d}" for d in score.duplicates)
        if args.show == page.name:
            print_details(score, proposals)
    print_table(table, with_total=True)
    status_p, status_r = (
        ratio(by_status["tp"], by_status["pred"]),
        ratio(by_status["tp"], by_status["gold"]),
    )
    print(
        f"{'events by status':<20}| all: {fmt(status_p)} {fmt(status_r)} "
        f"({by_status['tp']}/{by_status['pred']}/{by_status['gold']}): status alone, date and place aside"
    )
    print(f"\n'never' proposals: {len(never_hits)}")
    for hit in never_hits:
        print(f"  {hit}")
    print(f"\nduplicates of known entities: {len(duplicates)}")
    for duplicate in duplicates:
        print(f"  {duplicate}")
    print_targets(_targets(table, by_status, len(never_hits), len(duplicates)))
    return 0


def _targets(table: Table, by_status: Counter[str], never: int, duplicates: int) -> list[Target]:
    """The targets of the real-text issue, on all pages together."""

    def p(category: str) -> float | None:
        c = total(table, category, LANGS)
        return ratio(c["tp"], c["pred"])

    def r(category: str) -> float | None:
        c = total(table, category, LANGS)
        return ratio(c["tp"], c["gold"])

    dates = total(table, "dates", LANGS)
    return [
        Target("known-entity mentions P >= 0.95", p("mentions"), 0.95),
        Target("known-entity mentions R >= 0.90", r("mentions"), 0.90),
        Target("new persons P >= 0.90", p("new persons"), 0.90),
        Target("new persons R >= 0.90", r("new persons"), 0.90),
        Target("post holdings P >= 0.90", p("post holdings"), 0.90),
        Target("post holdings R >= 0.70", r("post holdings"), 0.70),
        Target(
            "events with the right status R >= 0.90",
            ratio(by_status["tp"], by_status["gold"]),
            0.90,
        ),
        Target("participations P >= 0.90", p("participations"), 0.90),
        Target("participations R >= 0.60", r("participations"), 0.60),
        Target("dates the text states R >= 0.90", r("dates"), 0.90),
        Target("dates invented (none)", dates["pred"] - dates["tp"], 0, at_most=True),
        Target("duplicates of known entities (none)", duplicates, 0, at_most=True),
        Target("never proposals (none)", never, 0, at_most=True),
    ]


if __name__ == "__main__":
    sys.exit(main())
