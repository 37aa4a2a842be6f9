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


_OPENING_DASH = re.compile(r"(?:^\s*|(?<=[.!?…:])\s+)[–—-]\s+(?=\w)", re.MULTILINE)
_CLOSING_MARKS = '»”"'


def dash_quote_spans(
    text: str, speech: re.Pattern[str] | None, marked: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Direct speech after a dash, without quotation marks, as (start, end) of its words.

    «– Біз келісеміз, – деді ол.», «— Я хочу поздравить…, — сказал аким»: the speech
    ends where a dash brings in a speech verb (``speech`` matches it right after the
    dash) and starts after the dash opening the paragraph or following a sentence's end;
    without an opening dash, a paragraph closed so is speech from its start («Жұмыс
    кешікті. Аяқтаңыздар, - деді Үкімет басшысы»). Speech already in quotation marks
    («…», - деді) is left to ``quote_spans``.
    """
    if speech is None:
        return []
    inside = Spans(marked)
    closing = re.compile(r"[,.!?…]?\s+[–—-]\s+(?=" + speech.pattern + ")", speech.flags)
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        begin = paragraph.start()
        for close in closing.finditer(text, paragraph.start(), paragraph.end()):
            end = close.start()
            if end <= begin or text[end - 1] in _CLOSING_MARKS or inside.holds(end - 1):
                begin = close.end()
                continue
            openings = list(_OPENING_DASH.finditer(text, begin, end))
            start = openings[-1].end() if openings else begin
            while start < end and text[start].isspace():
                start += 1
            if end - start > 1 and not inside.strictly_holds(start):
                spans.append((start, end))
            begin = close.end()
    return spans


def outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside another, in order: a name in «…» within dash speech is part of it."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if out and start >= out[-1][0] and end <= out[-1][1]:
            continue
        out.append((start, end))
    return out


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
