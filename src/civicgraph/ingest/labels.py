"""Which label languages an entity still lacks, and a machine transliteration to suggest for them.

An entity drafted from a Russian article may carry only its Russian label (DESIGN.md,
"Language"). Listing what is missing tells a curator what to add; a suggestion made by
the linker's transliteration is returned apart, marked machine-made, and never written
into ``label``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from civicgraph.languages import LANGUAGES
from civicgraph.linking.text import is_cyrillic, transliterate
from civicgraph.model import Entity


@dataclass(frozen=True)
class LabelGap:
    """An entity, the languages its labels lack, and what a machine would suggest."""

    entity_id: str
    missing: tuple[str, ...]
    suggestions: dict[str, str]
    """Language → machine transliteration (only Latin from Cyrillic: en)."""
    machine_made: bool = True


def find_label_gaps(entities: Iterable[Entity]) -> list[LabelGap]:
    """Every entity without a label in some language of ``LANGUAGES``, by id."""
    gaps: list[LabelGap] = []
    for entity in sorted(entities, key=lambda e: e.id):
        missing = tuple(lang for lang in LANGUAGES if not entity.labels.get(lang))
        if not missing:
            continue
        suggestions: dict[str, str] = {}
        cyrillic = next(
            (
                entity.labels[lang]
                for lang in ("kk", "ru")
                if is_cyrillic(entity.labels.get(lang, ""))
            ),
            None,
        )
        if "en" in missing and cyrillic is not None:
            suggestions["en"] = transliterate(cyrillic)
        gaps.append(LabelGap(entity.id, missing, suggestions))
    return gaps
