"""An entry of the authority file changed in place: the rest of its file as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from civicgraph.ingest.yamltext import add_alt_labels

ENTITIES = sorted((Path(__file__).resolve().parent.parent / "data" / "entities").glob("*.yaml"))


@pytest.mark.parametrize("path", ENTITIES, ids=lambda p: p.name)
def test_nothing_to_add_leaves_each_entities_file_byte_for_byte(path: Path) -> None:
    """Comments, quotes, flow mappings and indentation of the shipped files survive."""
    text = path.read_text(encoding="utf-8")
    assert add_alt_labels(text, {}) == text


def test_a_label_joins_the_entry_in_its_own_style() -> None:
    """An entry with a flow altLabel gains a language in it; an entry without one gains a
    flow altLabel after its label; only those lines change."""
    text = (
        "# people\n"
        "entities:\n"
        "  - id: person/a\n"
        "    type: Person\n"
        '    label: {kk: "А", en: "A"}\n'
        '    altLabel: {kk: ["Ә"]}\n'
        "\n"
        "  - id: person/b  # the second\n"
        "    type: Person\n"
        "    label:\n"
        "      en: B\n"
        "    note: kept\n"
    )
    changed = add_alt_labels(text, {"person/a": {"en": ["Ay"]}, "person/b": {"ru": ["Б"]}})
    assert changed.splitlines() == [
        "# people",
        "entities:",
        "  - id: person/a",
        "    type: Person",
        '    label: {kk: "А", en: "A"}',
        '    altLabel: {kk: ["Ә"], en: ["Ay"]}',
        "",
        "  - id: person/b  # the second",
        "    type: Person",
        "    label:",
        "      en: B",
        '    altLabel: {ru: ["Б"]}',
        "    note: kept",
    ]
    assert yaml.safe_load(changed)["entities"][1]["altLabel"] == {"ru": ["Б"]}
