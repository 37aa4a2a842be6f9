"""Missing label languages are listed, and a transliteration is only ever a marked suggestion."""

from __future__ import annotations

from civicgraph.ingest.labels import find_label_gaps
from civicgraph.model import Entity
from civicgraph.records import load_entities
from tests.seed import DATA


def test_seed_entities_lack_no_language() -> None:
    """The curated authority file has every label language."""
    assert find_label_gaps(load_entities(DATA).values()) == []


def test_a_russian_only_entity_lists_kk_and_en_and_suggests_a_marked_transliteration() -> None:
    """Мадина Ерланова (ru only) lacks kk and en; the en suggestion is machine-made, kk none."""
    entity = Entity("person/madina-yerlanova", "Person", {"ru": "Мадина Ерланова"})
    [gap] = find_label_gaps([entity])
    assert gap.missing == ("kk", "en")
    assert gap.suggestions == {"en": "Madina Yerlanova"}
    assert gap.machine_made
    assert entity.labels == {"ru": "Мадина Ерланова"}


def test_an_english_only_entity_gets_no_cyrillic_guess() -> None:
    """Latin to Cyrillic is not guessed: only the missing languages are listed."""
    [gap] = find_label_gaps([Entity("org/mazhilis", "LegislativeChamber", {"en": "Mazhilis"})])
    assert (gap.missing, gap.suggestions) == (("kk", "ru"), {})
