"""Random YAML written as entity, record and source.yaml files: the loaders and the build
either succeed or raise a CivicGraphError of one short line. Never a traceback."""

from __future__ import annotations

import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicgraph.build import build_from_corpus
from civicgraph.errors import CivicGraphError
from civicgraph.ontology import Ontology, load_ontology
from civicgraph.records import load_corpus
from tests.seed import IRIS

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "civic.ttl"

TEXT = "Сенат отырысы өтті. The Senate met.\n"
SOURCE = {
    "id": "doc",
    "title": {"kk": "Отырыс"},
    "file": "doc.txt",
    "language": "kk",
    "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
    "date": "2025-04-03",
}
ENTITIES = {
    "entities": [
        {"id": "org/senate", "type": "Organisation", "label": {"kk": "Сенат", "en": "Senate"}},
        {"id": "event/meeting", "type": "Event", "label": {"en": "Meeting"}},
    ]
}
RECORDS = {
    "source": "doc",
    "facts": [
        {
            "subject": "event/meeting",
            "heldBy": "org/senate",
            "date": "2025-04-03",
            "evidence": [{"quote": "Сенат отырысы өтті.", "occurrence": 1}],
        }
    ],
}
FILES = {
    "sources/doc/source.yaml": SOURCE,
    "entities/e.yaml": ENTITIES,
    "records/doc.yaml": RECORDS,
}

KEYS = st.one_of(
    st.sampled_from(
        [
            "id",
            "type",
            "label",
            "subject",
            "evidence",
            "quote",
            "occurrence",
            "source",
            "file",
            "sha256",
            "title",
            "language",
            "facts",
            "entities",
            "date",
            "heldBy",
            "status",
            "kk",
            "en",
            "altLabel",
            "rdfs:label",
            "note",
        ]
    ),
    st.text(max_size=8),
    st.integers(-2, 2),
    st.booleans(),
    st.none(),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "proposed",
            "org/senate",
            "event/meeting",
            "doc",
            "2025-02-30",
            "../x",
            "/etc/hostname",
            "kk",
            "EN",
            "",
            "  ",
            "Сенат отырысы өтті.",
            "civ:RoleOpener",
            "unknown",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(KEYS, inner, max_size=4),
    ),
    max_leaves=12,
)


def _replace(tree: Any, path: list[int], value: Any) -> Any:
    """``tree`` with the node reached by ``path`` (indices modulo each size) replaced."""
    if not path or not isinstance(tree, dict | list) or not tree:
        return value
    index, rest = path[0], path[1:]
    if isinstance(tree, list):
        copy = list(tree)
        copy[index % len(copy)] = _replace(copy[index % len(copy)], rest, value)
        return copy
    keys = list(tree)
    key = keys[index % len(keys)]
    return {**tree, key: _replace(tree[key], rest, value)}


@cache
def _ontology() -> Ontology:
    return load_ontology(ONTOLOGY)


def _check(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        for name, text in files.items():
            (data / name).parent.mkdir(parents=True, exist_ok=True)
            (data / name).write_text(text, encoding="utf-8")
        (data / "sources" / "doc" / "doc.txt").write_text(TEXT, encoding="utf-8")
        try:
            build_from_corpus(load_corpus(data), _ontology(), iris=IRIS)
        except CivicGraphError as error:
            message = str(error)
            assert "\n" not in message, message
            assert len(message) < 500, message


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


def test_the_untouched_corpus_builds() -> None:
    """The fuzzed corpus starts valid, so each mutation is what a failure is about."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        for name, tree in FILES.items():
            (data / name).parent.mkdir(parents=True, exist_ok=True)
            (data / name).write_text(_dump(tree), encoding="utf-8")
        (data / "sources" / "doc" / "doc.txt").write_text(TEXT, encoding="utf-8")
        dataset = build_from_corpus(load_corpus(data), _ontology(), iris=IRIS)
        assert dataset.fact_count == 1


# Modest by default to keep the suite fast; CIVICGRAPH_FUZZ_EXAMPLES=2000 for a deep run.
FUZZ = settings(
    max_examples=int(os.environ.get("CIVICGRAPH_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FUZZ
@given(
    target=st.sampled_from(sorted(FILES)),
    path=st.lists(st.integers(0, 5), max_size=5),
    value=VALUES,
)
def test_a_replaced_value(target: str, path: list[int], value: Any) -> None:
    """One value anywhere in one valid file replaced by a random structure."""
    files = {name: _dump(tree) for name, tree in FILES.items()}
    files[target] = _dump(_replace(FILES[target], path, value))
    _check(files)


@FUZZ
@given(
    target=st.sampled_from(sorted(FILES)),
    value=VALUES,
    shared=st.booleans(),
)
def test_a_random_document_with_aliases(target: str, value: Any, shared: bool) -> None:
    """A whole file replaced by a random structure; a value used twice becomes an alias."""
    document: Any = [value, value] if shared else value
    files = {name: _dump(tree) for name, tree in FILES.items()}
    files[target] = yaml.dump(document, allow_unicode=True, Dumper=yaml.SafeDumper)
    _check(files)


@FUZZ
@given(
    target=st.sampled_from(sorted(FILES)),
    position=st.integers(0, 400),
    insert=st.text(
        alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`,? \n\t\x00\x07\x1b\x85\u2028é"))
        | st.characters(exclude_categories=["Cs"]),
        max_size=6,
    ),
)
def test_random_characters_in_a_file(target: str, position: int, insert: str) -> None:
    """A few random characters (YAML indicators, control characters) inserted anywhere."""
    files = {name: _dump(tree) for name, tree in FILES.items()}
    text = files[target]
    cut = position % (len(text) + 1)
    files[target] = text[:cut] + insert + text[cut:]
    _check(files)
