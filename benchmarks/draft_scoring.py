"""Score the proposals `civicgraph draft` makes for one text against its gold annotation.

One scorer for both drafting benchmarks: ``make ingest-eval`` (texts written for the project,
``ingest_eval/``) and ``make real-eval`` (real news pages, ``real_eval/``). The gold format and
the annotation rules are in ``real_eval/README.md``; what is matched with what:

- mentions, dates and quotes are matched by what they name (the authority id, the ISO date, the
  speaker) *and* by where they are: the gold gives the words (a mention's or date's words, a
  quote's text or its first words), found in the text, and a proposal counts when its span
  overlaps them. So "Сенаттың" proposed where the gold wrote "Сенат" counts, a Kazakhstan
  proposed inside "Солтүстік Қазақстан облысы" does not;
- new entities by kind (person, org, place, post) and nominative label, holdings by person,
  post and whether they are current, events by status, date and place, participations by
  person and role (a holding or participation proposed at each of its mentions counts once).
  Labels are compared case-folded, with ё as е, white space and quote marks
  evened out and a national title's "of the Republic of Kazakhstan" left off; a gold entity's
  ``also`` lists other spellings of the same entity, so either counts once;
- a gold item marked ``optional`` (a case the annotation rules leave open) is neither required
  nor held against a proposal that matches it;
- ``never`` rules name proposals that must not be made; a *duplicate* is a proposed new entity
  that sits on a known entity's mention and matches no new entity of the gold.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from civicgraph.ingest.proposals import Proposal
from civicgraph.model import Entity

LANGS = ("kk", "ru", "en")
SCORED_KINDS = ("person", "org", "place", "post", "programme")
"""Mentions of these kinds are annotated; concepts, topics and groups are not scored."""

CATEGORIES = (
    "mentions", "new persons", "new other entities", "post holdings", "events",
    "participations", "quotes", "dates",
)  # fmt: skip


_PLACE_TYPES = frozenset({"City", "Region", "District", "Country", "Place", "Village"})
_COUNTRY_TAIL = re.compile(
    r"\s+(?:of\s+the\s+Republic\s+of\s+Kazakhstan|of\s+Kazakhstan|Республики\s+Казахстан|РК)$"
    r"|^(?:Қазақстан\s+Республикасының|ҚР)\s+",
    re.IGNORECASE,
)
_QUOTE_MARKS = re.compile(r"[«»“”„\"]")


class GoldError(ValueError):
    """A gold file that does not fit its text: words not found, an occurrence past the last."""


def normalise_label(label: str) -> str:
    """A label as the scorer compares it (see the module docstring)."""
    text = unicodedata.normalize("NFC", label)
    text = _QUOTE_MARKS.sub("", text).replace("’", "'").replace("ё", "е").replace("Ё", "Е")
    text = " ".join(text.split())
    text = _COUNTRY_TAIL.sub("", text)
    text = re.sub(r"(?<=\w\.)\s+(?=\w)", "", text)
    return text.casefold()


def find_words(text: str, words: str) -> list[tuple[int, int]]:
    """Every place ``words`` stand in ``text`` as whole words, any white space between them."""
    parts = [re.escape(part) for part in words.split()]
    if not parts:
        raise GoldError("empty words")
    pattern = r"\s+".join(parts)
    if re.match(r"\w", words.strip()):
        pattern = r"(?<!\w)" + pattern
    if re.search(r"\w$", words.strip()):
        pattern += r"(?!\w)"
    return [m.span() for m in re.finditer(pattern, text)]


@dataclass(frozen=True)
class Item:
    """One thing proposed or annotated, as the scorer compares it."""

    key: tuple[object, ...]
    span: tuple[int, int] | None
    shown: str
    optional: bool = False
    proposal: int | None = None
    """The index of the proposal it comes from (predicted items only)."""


@dataclass
class TextScore:
    """How one text's draft compares with its gold."""

    counts: dict[str, Counter[str]] = field(default_factory=dict)
    extra: dict[str, list[str]] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)
    never: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    event_status: Counter[str] = field(default_factory=Counter)
    """Events matched by their status alone (tp, pred, gold): the real-text issue's measure."""


class _Gold:
    """A gold annotation read against its text: spans located, labels and aliases normalised."""

    def __init__(self, gold: Mapping[str, object], text: str) -> None:
        self.gold = gold
        self.text = text
        self.aliases: dict[str, str] = {}
        for entity in self._list("new_entities"):
            canonical = normalise_label(str(entity["label"]))
            for other in entity.get("also") or []:
                self.aliases[normalise_label(str(other))] = canonical

    def _list(self, key: str) -> list[dict[str, object]]:
        value = self.gold.get(key) or []
        assert isinstance(value, list), key
        return value

    def label(self, text: str) -> str:
        """A new entity's label, normalised, and as its gold entity spells it when it is an alias."""
        label = normalise_label(text)
        return self.aliases.get(label, label)

    def ref(self, value: object) -> str | None:
        """A person, post or place as the gold names it: an authority id or a normalised label."""
        if value is None:
            return None
        text = str(value)
        return text if re.fullmatch(r"[a-z]+/[a-z0-9-]+", text) else self.label(text)

    def locate(
        self, category: str, entries: Iterable[tuple[str, int | None]]
    ) -> list[tuple[int, int]]:
        """The span of each (words, occurrence) in turn; the n-th entry of the same words without
        an occurrence takes their n-th place."""
        seen: Counter[str] = Counter()
        spans = []
        for words, occurrence in entries:
            places = find_words(self.text, words)
            seen[words] += 1
            n = occurrence if occurrence is not None else seen[words]
            if not 1 <= n <= len(places):
                raise GoldError(
                    f"{category}: {words!r} occurrence {n} not in the text ({len(places)} found)"
                )
            spans.append(places[n - 1])
        return spans

    def mentions(self) -> list[tuple[str, str, int | None, bool]]:
        out = []
        for entry in self._list("mentions"):
            if isinstance(entry, list):
                out.append((str(entry[0]), str(entry[1]), None, False))
            else:
                occurrence = entry.get("occurrence")
                out.append((
                    str(entry["entity"]), str(entry["quote"]),
                    int(occurrence) if occurrence is not None else None,
                    bool(entry.get("optional")),
                ))  # fmt: skip
        return out


def _kind_of_type(entity_type: str) -> str:
    if entity_type == "Person":
        return "person"
    if entity_type == "Post":
        return "post"
    return "place" if entity_type in _PLACE_TYPES else "org"


def _mention_spans(
    g: _Gold, mentions: list[tuple[str, str, int | None, bool]]
) -> list[tuple[int, int]]:
    """Where each gold mention is: its ``occurrence`` when given, else the first place of its
    words not taken by another mention and not inside a longer mention of the same entity
    (the surname in "Маулен Ашимбаев" is that mention, not a second one); longer words are
    placed first."""
    spans: dict[int, tuple[int, int]] = {}
    taken: dict[str, list[tuple[int, int]]] = {}
    used: set[tuple[int, int]] = set()
    order = sorted(
        range(len(mentions)), key=lambda n: (mentions[n][2] is None, -len(mentions[n][1]))
    )
    for n in order:
        entity_id, words, occurrence, _ = mentions[n]
        places = find_words(g.text, words)
        if occurrence is not None:
            if not 1 <= occurrence <= len(places):
                raise GoldError(f"mentions: {words!r} occurrence {occurrence} not in the text")
            span = places[occurrence - 1]
        else:
            free = [
                p for p in places if p not in used
                and not any(s[0] <= p[0] and p[1] <= s[1] for s in taken.get(entity_id, []))
            ]  # fmt: skip
            # A place inside another entity's mention is taken last: a gold that lists
            # fewer mentions than places means the ones standing on their own.
            free.sort(key=lambda p: any(s[0] <= p[0] and p[1] <= s[1] for s in used))
            span = free[0] if free else None
            if span is None:
                raise GoldError(f"mentions: no free place left for {words!r} ({entity_id})")
        spans[n] = span
        used.add(span)
        taken.setdefault(entity_id, []).append(span)
    return [spans[n] for n in range(len(mentions))]


def _expected(g: _Gold) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {c: [] for c in CATEGORIES}
    mentions = g.mentions()
    spans = _mention_spans(g, mentions)
    for (entity_id, words, _, optional), span in zip(mentions, spans, strict=True):
        out["mentions"].append(Item((entity_id,), span, f"{entity_id} {words!r}", optional))
    for e in g._list("new_entities"):
        kind = str(e.get("kind") or _kind_of_type(str(e["type"])))
        label = normalise_label(str(e["label"]))
        category = "new persons" if kind == "person" else "new other entities"
        key: tuple[object, ...] = (label,) if kind == "person" else (kind, label)
        out[category].append(Item(key, None, f"{kind} {e['label']!r}", bool(e.get("optional"))))
    for h in g._list("holdings"):
        key = (g.ref(h["person"]), g.ref(h["post"]), bool(h.get("current", True)))
        out["post holdings"].append(Item(key, None, str(key), bool(h.get("optional"))))
    for e in g._list("events"):
        key = (str(e["status"]), str(e["date"]) if e.get("date") else None, g.ref(e.get("place")))
        out["events"].append(Item(key, None, str(key), bool(e.get("optional"))))
    for p in g._list("participations"):
        key = (g.ref(p["person"]), str(p["role"]))
        out["participations"].append(Item(key, None, str(key), bool(p.get("optional"))))
    quotes = g._list("quotes")
    spans = g.locate("quotes", ((str(q.get("text") or q["starts"]), None) for q in quotes))
    for q, span in zip(quotes, spans, strict=True):
        speaker = g.ref(q["speaker"])
        shown = f"{speaker}: {q.get('text') or q['starts']!r}"
        out["quotes"].append(Item((speaker,), span, shown, bool(q.get("optional"))))
    dates = g._list("dates")
    spans = g.locate(
        "dates",
        ((str(d["quote"]), int(d["occurrence"]) if d.get("occurrence") else None) for d in dates),
    )
    for d, span in zip(dates, spans, strict=True):
        shown = f"{d['quote']!r} {d['date']}"
        out["dates"].append(Item((str(d["date"]),), span, shown, bool(d.get("optional"))))
    return out


class _Refs:
    """Persons, posts and places as proposals name them: an authority id, or the normalised
    label of the new entity proposed under that id."""

    def __init__(
        self, proposals: Sequence[Proposal], entities: Mapping[str, Entity], g: _Gold
    ) -> None:
        self.entities = entities
        self.g = g
        self.labels = {
            p.entity: p.label for p in proposals if p.kind == "entity" and p.entity is not None
        }

    def __call__(self, value: object) -> str | None:
        if value is None:
            return None
        if value in self.entities:
            return str(value)
        return self.g.label(self.labels.get(str(value), str(value)))


def _predicted(
    proposals: Sequence[Proposal], entities: Mapping[str, Entity], refs: _Refs
) -> dict[str, list[Item]]:
    out: dict[str, list[Item]] = {c: [] for c in CATEGORIES}
    for n, p in enumerate(proposals):
        x, span = p.extra, (p.start, p.end)
        if p.kind == "mention":
            if p.entity in entities and p.entity.split("/")[0] in SCORED_KINDS:
                out["mentions"].append(
                    Item((p.entity,), span, f"{p.entity} {p.quote!r}", proposal=n)
                )
        elif p.kind == "entity":
            kind = p.entity.split("/")[0] if p.entity and "/" in p.entity else _kind_of_type(p.type)
            label = refs.g.label(p.label)
            category = "new persons" if kind == "person" else "new other entities"
            key: tuple[object, ...] = (label,) if kind == "person" else (kind, label)
            out[category].append(Item(key, span, f"{kind} {p.label!r}", proposal=n))
        elif p.kind == "post_holding":
            current = x.get("status", "current") == "current"
            key = (refs(x["person"]), refs(x["post"]), current)
            out["post holdings"].append(Item(key, span, str(key), proposal=n))
        elif p.kind == "event":
            key = (str(x["status"]), x.get("date"), refs(x.get("place")))
            out["events"].append(Item(key, span, str(key), proposal=n))
        elif p.kind == "participation":
            key = (refs(x["person"]), x["role"])
            out["participations"].append(Item(key, span, str(key), proposal=n))
        elif p.kind == "quote":
            speaker = refs(x.get("speaker"))
            out["quotes"].append(Item((speaker,), span, f"{speaker}: {p.quote[:50]!r}", proposal=n))
        elif p.kind == "date":
            out["dates"].append(Item((x["date"],), span, f"{p.quote!r} {x['date']}", proposal=n))
    return out


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is None or b is None or (a[0] < b[1] and b[0] < a[1])


_ONE_PER_KEY = ("post holdings", "participations")
"""Facts whose key says all there is: the same holding proposed at each of its mentions is one."""


def _once(items: list[Item]) -> list[Item]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for item in items:
        if item.key not in seen:
            seen.add(item.key)
            out.append(item)
    return out


def _match(
    expected: list[Item], predicted: list[Item]
) -> tuple[Counter[str], list[Item], list[Item]]:
    """Counts (tp, pred, gold), the predicted items matched by nothing, the gold items missed."""
    used: set[int] = set()
    counts: Counter[str] = Counter()
    missing = []
    # Required items choose first, so an optional one never takes the proposal a required needs.
    for item in sorted(expected, key=lambda i: i.optional):
        hit = next(
            (
                n
                for n, p in enumerate(predicted)
                if n not in used and p.key == item.key and _overlap(item.span, p.span)
            ),
            None,
        )
        if hit is None:
            if not item.optional:
                missing.append(item)
                counts["gold"] += 1
            continue
        used.add(hit)
        if item.optional:
            counts["optional"] += 1
        else:
            counts["tp"] += 1
            counts["gold"] += 1
    counts["pred"] = len(predicted) - counts["optional"]
    extra = [p for n, p in enumerate(predicted) if n not in used]
    return counts, extra, missing


def score_text(
    gold: Mapping[str, object],
    proposals: Sequence[Proposal],
    text: str,
    entities: Mapping[str, Entity],
) -> TextScore:
    """Compare the proposals drafted from ``text`` with its gold; ``GoldError`` if they do not fit."""
    g = _Gold(gold, text)
    refs = _Refs(proposals, entities, g)
    expected, predicted = _expected(g), _predicted(proposals, entities, refs)
    score = TextScore()
    unmatched_entities: set[int] = set()
    for category in CATEGORIES:
        proposed = _once(predicted[category]) if category in _ONE_PER_KEY else predicted[category]
        counts, extra, missing = _match(expected[category], proposed)
        score.counts[category] = counts
        score.extra[category] = [i.shown for i in extra]
        score.missing[category] = [i.shown for i in missing]
        if category in ("new persons", "new other entities"):
            unmatched_entities.update(i.proposal for i in extra if i.proposal is not None)
    by_status = [
        [Item(i.key[:1], None, i.shown, i.optional) for i in items]
        for items in (expected["events"], predicted["events"])
    ]
    score.event_status = _match(*by_status)[0]
    known_spans = [(i.key[0], i.span) for i in expected["mentions"]]
    for n in sorted(unmatched_entities):
        p = proposals[n]
        kind = p.entity.split("/")[0] if p.entity and "/" in p.entity else ""
        on = next(
            (eid for eid, span in known_spans
             if str(eid).split("/")[0] == kind and _overlap(span, (p.start, p.end))),
            None,
        )  # fmt: skip
        if on is not None:
            score.duplicates.append(f"{p.type} {p.label!r} duplicates {on} ({p.quote[:50]!r})")
    score.never = _never(g, proposals, refs)
    return score


def _never(g: _Gold, proposals: Sequence[Proposal], refs: _Refs) -> list[str]:
    hits = []
    for rule in g._list("never"):
        within = []
        if "within" in rule:
            within = find_words(g.text, str(rule["within"]))
            if not within:
                raise GoldError(f"never: {rule['within']!r} not in the text")
        for p in proposals:
            if p.kind != rule["kind"] or not _breaks(rule, p, refs):
                continue
            if within and not any(_overlap(span, (p.start, p.end)) for span in within):
                continue
            hits.append(f"{rule} <- {p.kind} {p.label!r} {p.quote[:50]!r}")
    return hits


def _breaks(rule: Mapping[str, object], p: Proposal, refs: _Refs) -> bool:
    """Whether ``p`` is of the shape ``rule`` forbids (its ``within`` aside)."""
    x = p.extra
    checks = {
        "type": lambda v: p.type == v,
        "label": lambda v: normalise_label(p.label) == normalise_label(str(v)),
        "status": lambda v: x.get("status") == v,
        "post": lambda v: x.get("post") == v,
        "post_label": lambda v: refs(x.get("post")) == refs.g.ref(v),
        "person": lambda v: refs(x.get("person")) == refs.g.ref(v),
        "entity": lambda v: p.entity == v,
        "speaker": lambda v: (
            x.get("speaker") is not None if v == "any" else refs(x.get("speaker")) == refs.g.ref(v)
        ),
    }
    return all(check(rule[key]) for key, check in checks.items() if key in rule)


# ---------------------------------------------------------------- tables


def print_details(score: TextScore, proposals: Sequence[Proposal]) -> None:
    """One text's extras and misses by category, then every proposal (the ``--show`` view)."""
    for category in score.counts:
        for item in sorted(score.extra[category]):
            print(f"  extra   {category}: {item}")
        for item in sorted(score.missing[category]):
            print(f"  missing {category}: {item}")
    for n, proposal in enumerate(proposals, 1):
        print(n, proposal.as_dict(n))


Table = dict[tuple[str, str], Counter[str]]


def add_score(table: Table, language: str, score: TextScore) -> None:
    for category, counts in score.counts.items():
        table.setdefault((category, language), Counter()).update(counts)


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def total(table: Table, category: str, languages: Sequence[str] = LANGS) -> Counter[str]:
    out: Counter[str] = Counter()
    for lang in languages:
        out.update(table.get((category, lang), Counter()))
    return out


def print_table(
    table: Table, *, languages: Sequence[str] = LANGS, with_total: bool = False
) -> None:
    """Precision and recall per category and language (tp/pred/gold), optionally a total column."""
    columns = [*languages, "all"] if with_total else list(languages)
    width = max(2, *(len(str(n)) for c in table.values() for n in c.values()))
    print(f"{'category':<20}" + "".join(f"| {col}: P     R     (tp/pred/gold) " for col in columns))
    for category in CATEGORIES:
        row = f"{category:<20}"
        for col in columns:
            c = (
                total(table, category, languages)
                if col == "all"
                else table.get((category, col), Counter())
            )
            p, r = ratio(c["tp"], c["pred"]), ratio(c["tp"], c["gold"])
            counts = "/".join(f"{c[k]:>{width}}" for k in ("tp", "pred", "gold"))
            row += f"| {fmt(p)} {fmt(r)} ({counts})       "
        print(row)


@dataclass(frozen=True)
class Target:
    """A figure and the value it must reach (at least, or with ``at_most`` at most)."""

    name: str
    value: float | None
    bound: float
    at_most: bool = False

    def met(self) -> bool:
        if self.value is None:
            return False
        return self.value <= self.bound if self.at_most else self.value >= self.bound


def print_targets(targets: Sequence[Target]) -> None:
    print("\ntargets")
    for target in targets:
        shown = f"{target.value:5d}" if isinstance(target.value, int) else fmt(target.value)
        print(f"  {'met   ' if target.met() else 'MISSED'} {target.name:<40} {shown}")


def check_gold(gold: Mapping[str, object], text: str) -> list[str]:
    """What in ``gold`` does not fit ``text``: words not found, a ``never`` anchor missing, two
    mentions of one entity on the same words or one inside the other. Empty when it fits."""
    g = _Gold(gold, text)
    try:
        expected = _expected(g)
        _never(g, [], _Refs([], {}, g))
    except GoldError as error:
        return [str(error)]
    problems = []
    mentions = expected["mentions"]
    for n, a in enumerate(mentions):
        for b in mentions[n + 1 :]:
            if (
                a.key == b.key
                and a.span
                and b.span
                and (
                    (a.span[0] <= b.span[0] and b.span[1] <= a.span[1])
                    or (b.span[0] <= a.span[0] and a.span[1] <= b.span[1])
                )
            ):
                problems.append(f"mentions: {a.shown} and {b.shown} stand on the same words")
    return problems
