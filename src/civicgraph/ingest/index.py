"""A text read once for drafting: its words, quotes and sentences, looked up by position.

Every drafting rule asks where things are — the words before a name, the quote a word is
in, the persons of a sentence. Scanning the text or a list of all names for each question
made drafting quadratic (100 KB took 9 s, 1 MB did not finish); here each question is a
binary search over lists sorted once, so a draft's time grows with its text
(benchmarks/draft_scaling.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from civicgraph.ingest.spans import Spans
from civicgraph.ingest.text import quote_spans, sentence_spans
from civicgraph.ingest.tokens import Token, tokenize

_NEWLINE = re.compile(r"\n")


class TextIndex:
    """The words, quoted passages and sentences of one text, made once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.quotes = quote_spans(text)
        self.quoted = Spans(self.quotes)
        self.sentences = sentence_spans(text, self.quotes)
        self._token_starts = [t.start for t in self.tokens]
        self._token_ends = [t.end for t in self.tokens]
        self._line_starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def tokens_within(self, start: int, end: int) -> list[Token]:
        """The words wholly inside ``[start, end)``."""
        first = bisect_left(self._token_starts, start)
        last = bisect_right(self._token_ends, end)
        return self.tokens[first:last] if last > first else []

    def tokens_before(self, position: int, limit: int) -> list[Token]:
        """The last ``limit`` words ending at or before ``position``."""
        last = bisect_right(self._token_ends, position)
        return self.tokens[max(0, last - limit) : last]

    def line(self, position: int) -> tuple[int, int]:
        """The span of the line holding ``position``, its line break left out."""
        n = bisect_right(self._line_starts, position)
        start = self._line_starts[n - 1]
        end = self._line_starts[n] - 1 if n < len(self._line_starts) else len(self.text)
        return start, end

    def in_quote(self, position: int) -> bool:
        return self.quoted.holds(position)

    def outside_quotes(self, start: int, end: int) -> str:
        """``text[start:end]`` with quoted passages blanked, padded with a space each side."""
        return " " + self.quoted.blank(self.text, start, end) + " "
