"""The words of a text as drafting, coverage and search read them, with their offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
"""Words with their inner hyphens and apostrophes: БҰҰДБ-ның, Касым-Жомарт, UNDP's."""


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
