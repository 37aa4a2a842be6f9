"""Generate a synthetic civic corpus in civicgraph's own record format (docs/records.md).

Seeded and deterministic: the same ``--size`` and ``--seed`` give byte-identical files.
The corpus has many documents (Kazakh news items, each with its text and SHA-256), and
an authority file of people, bodies, posts, places, programmes, topics and priorities.
Every document states facts with verbatim evidence quotes — an event with its kind,
host, place and date, participations in a capacity, post holdings, quotes, reported
statements, mentions, programme regions and the structure of bodies — so that
``civicgraph build`` runs on it unchanged and the result conforms to the shapes.

Sizes are targets in triples of the built dataset (ontology included): 10k, 100k, 1M, 10M,
30M. Documents are decided and written one at a time (``write_corpus_stream``), so memory
holds the authority file, not the corpus.

    python benchmarks/gen_corpus.py --size 100k --out /tmp/corpus-100k
    civicgraph build --data /tmp/corpus-100k --store /tmp/store-100k

``generate_corpus`` returns the same corpus in memory as a ``civicgraph.model.Corpus``
(without writing or re-reading YAML), for timing the build at 1M and beyond.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from civicgraph.model import Corpus, Entity, Evidence, Fact, Source, Value

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
TRIPLES_PER_DOCUMENT = 226
"""Measured triples per generated document, entities and structure included."""
ONTOLOGY_TRIPLES = 1_000
"""Roughly what ``ontology/civic.ttl`` adds to every build."""

_FIRST = [
    "Асқар",
    "Дәурен",
    "Гүлнар",
    "Айгерім",
    "Ерлан",
    "Сәуле",
    "Нұрлан",
    "Жанар",
    "Бауыржан",
    "Динара",
    "Қайрат",
    "Әсем",
    "Мұрат",
    "Ләззат",
    "Серік",
    "Мейрамгүл",
    "Талғат",
    "Жұлдыз",
    "Бекзат",
    "Ақмарал",
]
_FIRST_EN = [
    "Askar",
    "Dauren",
    "Gulnar",
    "Aigerim",
    "Yerlan",
    "Saule",
    "Nurlan",
    "Zhanar",
    "Baurzhan",
    "Dinara",
    "Kairat",
    "Assem",
    "Murat",
    "Lazzat",
    "Serik",
    "Meiramgul",
    "Talgat",
    "Zhuldyz",
    "Bekzat",
    "Akmaral",
]
_LAST = [
    "Сейітов",
    "Омарова",
    "Жақыпов",
    "Нұрланова",
    "Әбенов",
    "Қасымова",
    "Тоқтаров",
    "Ермекова",
    "Байжанов",
    "Смағұлова",
    "Құдайбергенов",
    "Исаева",
    "Мұхамедов",
    "Сарсенова",
    "Оспанов",
    "Әлиева",
]
_LAST_EN = [
    "Seitov",
    "Omarova",
    "Zhakypov",
    "Nurlanova",
    "Abenov",
    "Kassymova",
    "Toktarov",
    "Yermekova",
    "Baizhanov",
    "Smagulova",
    "Kudaibergenov",
    "Issayeva",
    "Mukhamedov",
    "Sarsenova",
    "Ospanov",
    "Aliyeva",
]
_REGIONS = [
    ("abai", "Абай", "Abai"),
    ("akmola", "Ақмола", "Akmola"),
    ("aktobe", "Ақтөбе", "Aktobe"),
    ("almaty", "Алматы", "Almaty"),
    ("atyrau", "Атырау", "Atyrau"),
    ("east-kazakhstan", "Шығыс Қазақстан", "East Kazakhstan"),
    ("zhambyl", "Жамбыл", "Zhambyl"),
    ("zhetysu", "Жетісу", "Zhetysu"),
    ("west-kazakhstan", "Батыс Қазақстан", "West Kazakhstan"),
    ("karaganda", "Қарағанды", "Karaganda"),
    ("kostanay", "Қостанай", "Kostanay"),
    ("kyzylorda", "Қызылорда", "Kyzylorda"),
    ("mangystau", "Маңғыстау", "Mangystau"),
    ("pavlodar", "Павлодар", "Pavlodar"),
    ("north-kazakhstan", "Солтүстік Қазақстан", "North Kazakhstan"),
    ("turkistan", "Түркістан", "Turkistan"),
    ("ulytau", "Ұлытау", "Ulytau"),
]
_BODY_TYPES = [
    "LocalRepresentativeBody",
    "Council",
    "Government",
    "InternationalOrganisation",
    "LegislativeChamber",
]
_KINDS = ["civ:KindMeeting", "civ:KindSession", "civ:KindExtendedMeeting"]


@dataclass
class _Plan:
    """The corpus as plain data: what both the YAML writer and the in-memory path consume."""

    entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sources: list[dict[str, Any]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def parse_size(text: str) -> int:
    """``10k``, ``100k``, ``1M``, ``30M`` (a number of thousands or millions) or a plain
    number of triples."""
    key = text.strip().lower().replace("_", "")
    if key in SIZES:
        return SIZES[key]
    for suffix, factor in (("k", 1_000), ("m", 1_000_000)):
        if key.endswith(suffix):
            return int(float(key[:-1]) * factor)
    return int(key)


def documents_for(target_triples: int) -> int:
    return max(3, round((target_triples - ONTOLOGY_TRIPLES) / TRIPLES_PER_DOCUMENT))


def _labels(kk: str, en: str, ru: str) -> dict[str, str]:
    return {"kk": kk, "en": en, "ru": ru}


@dataclass
class _Document:
    """One document: its ``source.yaml`` fields, its text and its facts."""

    meta: dict[str, Any]
    text: str
    facts: list[dict[str, Any]]


def plan_corpus(target_triples: int, *, seed: int = 42) -> _Plan:
    """Decide every entity, document, sentence and fact; no I/O."""
    plan = _Plan()
    documents = iter_corpus(target_triples, seed=seed)
    plan.entities = next(documents)  # type: ignore[assignment]
    for document in documents:
        assert isinstance(document, _Document)
        source_id = document.meta["id"]
        plan.texts[source_id] = document.text
        plan.sources.append(document.meta)
        plan.records[source_id] = document.facts
    return plan


def iter_corpus(  # noqa: PLR0912 - one flat recipe reads best
    target_triples: int, *, seed: int = 42
) -> Iterator[dict[str, list[dict[str, Any]]] | _Document]:
    """The authority file (file name → entities) first, then each document in turn: a
    corpus of any size is decided one document at a time."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not security
    docs = documents_for(target_triples)
    n_people = max(12, docs * 2)
    n_orgs = max(6, docs // 15)
    n_posts = max(8, docs // 3)
    n_programmes = max(2, docs // 40)
    n_topics = max(10, docs // 20)
    n_priorities = max(5, docs // 50)

    people = []
    for i in range(n_people):
        f, last = rng.randrange(len(_FIRST)), rng.randrange(len(_LAST))
        people.append(
            {
                "id": f"person/p{i}",
                "type": "Person",
                "label": _labels(
                    f"{_FIRST[f]} {_LAST[last]}",
                    f"{_FIRST_EN[f]} {_LAST_EN[last]}",
                    f"{_FIRST_EN[f]} {_LAST_EN[last]} (ru)",
                ),
            }
        )
    regions = [
        {
            "id": f"place/{slug}-region",
            "type": "Region",
            "label": _labels(f"{kk} облысы", f"{en} Region", f"{en} область"),
        }
        for slug, kk, en in _REGIONS
    ]
    places = [
        {
            "id": "place/kazakhstan",
            "type": "Country",
            "label": _labels("Қазақстан", "Kazakhstan", "Казахстан"),
        },
        *regions,
    ]
    orgs = []
    for i in range(n_orgs):
        kind = _BODY_TYPES[i % len(_BODY_TYPES)]
        orgs.append(
            {
                "id": f"org/o{i}",
                "type": kind,
                "label": _labels(f"{i}-ші орган", f"Body {i}", f"Орган {i}"),
            }
        )
    posts = [
        {
            "id": f"post/s{i}",
            "type": "Post",
            "label": _labels(f"{i}-ші лауазым", f"Post {i}", f"Должность {i}"),
        }
        for i in range(n_posts)
    ]
    programmes = [
        {
            "id": f"programme/g{i}",
            "type": "Programme",
            "label": _labels(f"{i}-ші бағдарлама", f"Programme {i}", f"Программа {i}"),
        }
        for i in range(n_programmes)
    ]
    topics = [
        {
            "id": f"topic/t{i}",
            "type": "Topic",
            "label": _labels(f"{i}-ші тақырып", f"Topic {i}", f"Тема {i}"),
        }
        for i in range(n_topics)
    ]
    priorities = [
        {
            "id": f"priority/r{i}",
            "type": "Priority",
            "label": _labels(f"{i}-ші басымдық", f"Priority {i}", f"Приоритет {i}"),
        }
        for i in range(n_priorities)
    ]
    groups = [
        {
            "id": f"group/members-o{i}",
            "type": "Group",
            "label": _labels(f"{i}-ші орган мүшелері", f"Members of body {i}", f"Члены органа {i}"),
        }
        for i in range(n_orgs)
    ]
    events = [
        {
            "id": f"event/e{d}",
            "type": "Meeting",
            "label": _labels(f"{d}-ші отырыс", f"Meeting {d}", f"Заседание {d}"),
        }
        for d in range(docs)
    ]
    yield {
        "people": people,
        "places": places,
        "bodies": orgs,
        "posts": posts,
        "programmes": programmes,
        "concepts": topics + priorities,
        "groups": groups,
        "events": events,
    }

    # Structural facts, each stated once by a document chosen by the entity's index.
    structure: dict[int, list[tuple[str, str, str]]] = {}

    def state(index: int, subject: str, key: str, value: str) -> None:
        structure.setdefault(index % docs, []).append((subject, key, value))

    for i in range(n_orgs):
        state(i, f"org/o{i}", "jurisdiction", regions[i % len(regions)]["id"])
        if i > 0:
            state(i + 1, f"org/o{i}", "partOf", f"org/o{rng.randrange(i)}")
    for i in range(n_posts):
        state(i + 2, f"post/s{i}", "postIn", f"org/o{i % n_orgs}")
    for i, region in enumerate(regions):
        state(i + 3, region["id"], "locatedIn", "place/kazakhstan")
    for i in range(n_orgs):
        state(i + 4, f"group/members-o{i}", "drawnFrom", f"org/o{i}")
    for i in range(n_programmes):
        state(i + 5, f"programme/g{i}", "partner", f"org/o{i % n_orgs}")
        state(i + 6, f"programme/g{i}", "focusArea", f"topic/t{i % n_topics}")

    for d in range(docs):
        source_id = f"doc-{d:07d}"
        sentences: list[str] = []
        facts: list[dict[str, Any]] = []

        def say(text: str, *, _d: int = d, _sentences: list[str] = sentences) -> str:
            sentence = f"{text} [{_d}.{len(_sentences)}]."
            _sentences.append(sentence)
            return sentence

        event = f"event/e{d}"
        host = f"org/o{rng.randrange(n_orgs)}"
        region = regions[rng.randrange(len(regions))]
        day = f"20{20 + d % 6:02d}-{1 + d % 12:02d}-{1 + d % 28:02d}"
        quote = say(f"{region['label']['kk']} қаласында {d}-ші отырыс өтті, оны {host} өткізді")
        facts.append(
            {
                "subject": event,
                "eventKind": _KINDS[d % 3],
                "heldBy": host,
                "location": region["id"],
                "date": day,
                "discussed": f"topic/t{rng.randrange(n_topics)}",
                "evidence": [{"quote": quote}],
            }
        )
        speakers = []
        for k in range(4):
            person = people[rng.randrange(n_people)]
            post = f"post/s{rng.randrange(n_posts)}"
            speakers.append((person["id"], post))
            quote = say(f"{person['label']['kk']} ({post}) отырысқа қатысып, сөз сөйледі")
            facts.append(
                {
                    "id": f"participation/e{d}-{k}",
                    "type": "Participation",
                    "participant": person["id"],
                    "event": event,
                    "capacity": post,
                    "participationRole": ["civ:RoleSpeaker", "civ:RoleOpener"]
                    if k == 0
                    else "civ:RoleSpeaker",
                    "evidence": [{"quote": quote}],
                }
            )
        for k, (person_id, post) in enumerate(speakers[:2]):
            quote = say(f"{person_id} {post} лауазымын атқарады")
            holding: dict[str, Any] = {
                "id": f"holding/e{d}-{k}",
                "type": "PostHolding",
                "holder": person_id,
                "post": post,
                "attestedAt": event,
                "evidence": [{"quote": quote}],
            }
            if k == 0:
                holding["holdingStatus"] = "civ:StatusCurrent"
            else:
                holding.update(
                    {
                        "holdingStatus": "civ:StatusEnded",
                        "startDate": f"20{10 + d % 8}-01-15",
                        "endDate": f"20{18 + d % 2}-06-30",
                    }
                )
            facts.append(holding)
        speaker = speakers[0][0]
        quote = say(f"«Мәслихаттардың рөлін күшейту — біздің {d}-ші міндетіміз», — деді ол")
        facts.append(
            {
                "id": f"quote/e{d}",
                "type": "Quote",
                "speaker": speaker,
                "event": event,
                "about": f"topic/t{rng.randrange(n_topics)}",
                "text": "$evidence",
                "evidence": [{"quote": quote}],
            }
        )
        quote = say(f"{speakers[1][0]} басым бағыттарды атап өтті")
        facts.append(
            {
                "id": f"statement/e{d}",
                "type": "ReportedStatement",
                "speaker": speakers[1][0],
                "event": event,
                "setsPriority": f"priority/r{rng.randrange(n_priorities)}",
                "text": "$evidence",
                "evidence": [{"quote": quote}],
            }
        )
        quote = say(f"Сөзінде {speakers[2][0]} есімі аталды")
        facts.append(
            {
                "id": f"mention/e{d}",
                "type": "Mention",
                "mentionedEntity": speakers[2][0],
                "mentionContext": f"quote/e{d}",
                "event": event,
                "evidence": [{"quote": quote}],
            }
        )
        if d % 4 == 0:
            group = f"group/members-o{rng.randrange(n_orgs)}"
            quote = say(f"Жиынға {group} қатысты")
            facts.append(
                {
                    "id": f"participation/e{d}-g",
                    "type": "Participation",
                    "participant": group,
                    "event": event,
                    "participationRole": "civ:RoleAttendee",
                    "evidence": [{"quote": quote}],
                }
            )
        if d % 3 == 0:
            programme = f"programme/g{d % n_programmes}"
            quote = say(f"{programme} бағдарламасының пилоттық өңірі — {region['label']['kk']}")
            facts.append(
                {
                    "id": f"programme-region/e{d}",
                    "type": "ProgrammeRegion",
                    "programme": programme,
                    "region": region["id"],
                    "regionRole": "civ:RegionPilot" if d % 2 else "civ:RegionPlanned",
                    "evidence": [{"quote": quote}],
                }
            )
        for subject, key, value in structure.get(d, []):
            quote = say(f"{subject} туралы: {key} {value}")
            facts.append({"subject": subject, key: value, "evidence": [{"quote": quote}]})
        text = "\n".join(sentences) + "\n"
        publisher = host if d % 2 else "unknown"
        yield _Document(
            {
                "id": source_id,
                "title": {"kk": f"{d}-ші отырыс туралы хабар"},
                "language": "kk",
                "file": f"{source_id}.kk.txt",
                "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                "publisher": publisher,
                "url": f"https://example.org/news/{d}",
                "date": day,
            },
            text,
            facts,
        )


def _yaml(value: object) -> str:
    """A YAML flow value: JSON is YAML, and keeps the writer fast and exact."""
    return json.dumps(value, ensure_ascii=False)


def _mapping_lines(item: dict[str, Any]) -> list[str]:
    lines = []
    for n, (key, value) in enumerate(item.items()):
        lines.append(f"{'  - ' if n == 0 else '    '}{key}: {_yaml(value)}")
    return lines


MARKER = ".gen_corpus"
"""File in every folder this script writes: only such a folder is replaced by the next run."""


class OutFolderError(Exception):
    """The output folder holds files this script did not write."""


def _clear(out: Path) -> None:
    if not out.exists():
        return
    if out.is_dir() and ((out / MARKER).is_file() or not any(out.iterdir())):
        shutil.rmtree(out)
        return
    raise OutFolderError(
        f"{out}: exists and was not written by gen_corpus.py, so it is not replaced"
        " (hint: give a new or empty folder)"
    )


ENTITIES_PER_FILE = 10_000
"""Entities of one kind per YAML file: a larger corpus splits its authority file, so no
file is parsed whole into a large structure (``people-0001.yaml``, …)."""


def write_corpus(plan: _Plan, out: Path) -> None:
    """Write the plan as ``data/``: sources/<id>/, entities/*.yaml, records/<id>.yaml.

    ``out`` is replaced if an earlier run wrote it; any other non-empty folder is refused.
    """
    _start_folder(out, plan.entities)
    for meta in plan.sources:
        source_id = meta["id"]
        _write_document(_Document(meta, plan.texts[source_id], plan.records[source_id]), out)


def write_corpus_stream(target_triples: int, out: Path, *, seed: int = 42) -> tuple[int, int]:
    """Write the corpus for ``target_triples`` as ``write_corpus`` does, deciding and
    writing one document at a time (memory holds the authority file, not the corpus);
    return the numbers of documents and facts."""
    documents = iter_corpus(target_triples, seed=seed)
    entities = next(documents)
    assert isinstance(entities, dict)
    _start_folder(out, entities)
    written = facts = 0
    for document in documents:
        assert isinstance(document, _Document)
        _write_document(document, out)
        written += 1
        facts += len(document.facts)
    return written, facts


def _start_folder(out: Path, entities: dict[str, list[dict[str, Any]]]) -> None:
    _clear(out)
    (out / "entities").mkdir(parents=True)
    (out / MARKER).write_text(
        "written by benchmarks/gen_corpus.py, which replaces this folder on its next run\n",
        encoding="utf-8",
    )
    (out / "records").mkdir()
    for name, items in entities.items():
        parts = [items[i : i + ENTITIES_PER_FILE] for i in range(0, len(items), ENTITIES_PER_FILE)]
        for number, part in enumerate(parts, start=1):
            lines = ["# generated by benchmarks/gen_corpus.py; do not edit", "entities:"]
            for item in part:
                lines.extend(_mapping_lines(item))
            stem = name if len(parts) == 1 else f"{name}-{number:04d}"
            (out / "entities" / f"{stem}.yaml").write_text(
                "\n".join(lines) + "\n", encoding="utf-8"
            )


def _write_document(document: _Document, out: Path) -> None:
    meta = document.meta
    folder = out / "sources" / meta["id"]
    folder.mkdir(parents=True)
    (folder / meta["file"]).write_bytes(document.text.encode("utf-8"))
    (folder / "source.yaml").write_text(
        "".join(f"{k}: {_yaml(v)}\n" for k, v in meta.items()), encoding="utf-8"
    )
    lines = [f"source: {meta['id']}", "facts:"]
    for fact in document.facts:
        lines.extend(_mapping_lines(fact))
    (out / "records" / f"{meta['id']}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def corpus_from_plan(plan: _Plan, data_dir: Path) -> Corpus:
    """The plan as the model ``civicgraph.records.load_corpus`` would return, without YAML."""
    sources = {}
    for meta in plan.sources:
        text = plan.texts[meta["id"]]
        publisher = meta["publisher"]
        sources[meta["id"]] = Source(
            id=meta["id"],
            title=meta["title"],
            language=meta["language"],
            path=data_dir / "sources" / meta["id"] / meta["file"],
            sha256=meta["sha256"],
            text=text,
            publisher=None if publisher == "unknown" else publisher,
            url=meta["url"],
            date=meta["date"],
        )
    entities = {}
    for items in plan.entities.values():
        for item in items:
            entities[item["id"]] = Entity(id=item["id"], type=item["type"], labels=item["label"])
    facts = []
    reserved = {"id", "type", "subject", "evidence"}
    for source_id, items in plan.records.items():
        for item in items:
            properties = {
                key: tuple(Value(raw=v) for v in (value if isinstance(value, list) else [value]))
                for key, value in item.items()
                if key not in reserved
            }
            evidence = tuple(
                Evidence(source_id=source_id, quote=e["quote"]) for e in item["evidence"]
            )
            facts.append(
                Fact(
                    source_id=source_id,
                    properties=properties,
                    evidence=evidence,
                    id=item.get("id"),
                    type=item.get("type"),
                    subject=item.get("subject"),
                )
            )
    return Corpus(sources=sources, entities=entities, facts=tuple(facts), data_dir=data_dir)


def generate_corpus(
    target_triples: int, *, seed: int = 42, data_dir: Path = Path("data")
) -> Corpus:
    """The corpus for ``target_triples`` in memory (no files)."""
    return corpus_from_plan(plan_corpus(target_triples, seed=seed), data_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--size", default="10k", help="target triples: 10k, 100k, 1M, 10M or a number"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help="folder to write (a folder an earlier run wrote is replaced)",
    )
    args = parser.parse_args(argv)
    try:
        documents, facts = write_corpus_stream(parse_size(args.size), args.out, seed=args.seed)
    except OutFolderError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"wrote {documents} documents, {facts} facts to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
