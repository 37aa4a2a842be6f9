"""Where sentences and quoted speech begin and end in a text, in code points."""

from __future__ import annotations

import re

from civicgraph.ingest.spans import Spans

_OPEN_CLOSE = {"«": "»", "“": "”", "„": "“"}
_BOUNDARY = re.compile(r"[.!?]+[»”\"]?(?=\s)|\n+")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Outermost quoted passages, as (start, end) of the words inside the marks.

    «» nest («Күшті Президент» inside a quoted speech), so they are balanced; straight
    double quotes pair up within a paragraph.
    """
    spans: list[tuple[int, int]] = []
    depth = 0
    opened = 0
    closer = ""
    for i, char in enumerate(text):
        if depth and char == closer:
            depth -= 1
            if depth == 0:
                spans.append((opened, i))
        elif char in _OPEN_CLOSE and (depth == 0 or _OPEN_CLOSE[char] == closer):
            if depth == 0:
                opened, closer = i + 1, _OPEN_CLOSE[char]
            depth += 1
        elif char == "\n" and closer != "»":
            depth = 0
    for paragraph in re.finditer(r"[^\n]+", text):
        marks = [m.start() for m in re.finditer('"', paragraph.group())]
        for a, b in zip(marks[::2], marks[1::2], strict=False):
            spans.append((paragraph.start() + a + 1, paragraph.start() + b))
    return sorted(spans)


def sentence_spans(text: str, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences as (start, end), never broken inside a quoted passage; whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    quoted = Spans(quotes)
    for match in _BOUNDARY.finditer(text):
        cut = match.end() if match.group().strip() else match.start()
        if quoted.strictly_holds(match.start()):
            continue
        spans.append((start, cut))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        chunk = text[s:e]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            trimmed.append((s + left, s + right))
    return trimmed
