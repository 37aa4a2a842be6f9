"""Locate evidence quotes in source texts (W3C Web Annotation text selectors).

Offsets are Unicode code points of the decoded text, start inclusive and end exclusive,
as ``oa:TextPositionSelector`` defines them (Web Annotation Data Model §4.2.5); the quote
is the ``oa:exact`` of an ``oa:TextQuoteSelector`` (§4.2.4). The curator types the quote;
numbers, when given (a draft gives them), are checked against it, never trusted alone.

A quote is compared code point for code point, never after Unicode normalisation: the
offsets count code points of the text as held, and "й" composed (NFC, one code point)
or decomposed (NFD, two) would shift every offset after it. A quote that matches only
once both are normalised is refused with a hint saying so.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from civicgraph.errors import EvidenceError
from civicgraph.model import Evidence, Excerpt, Fact, Source

_CONTEXT = 24


def find_occurrences(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text``, overlapping matches included."""
    starts: list[int] = []
    position = text.find(quote)
    while position != -1:
        starts.append(position)
        position = text.find(quote, position + 1)
    return starts


def locate_evidence(evidence: Evidence, source: Source, *, fact: Fact) -> Excerpt | None:
    """The excerpt an evidence item points at; ``None`` when it cites an external source whole."""

    def fail(message: str, hint: str) -> EvidenceError:
        return EvidenceError(
            message, path=fact.path, line=evidence.line or fact.line, subject=fact.label, hint=hint
        )

    if source.text is None:
        if evidence.quote is not None:
            raise fail(
                f"source {source.id!r} is cited but not held, so a quote cannot be checked",
                f"cite it as '- source: {source.id}' without a quote",
            )
        return None
    if evidence.quote is None or not evidence.quote.strip():
        raise fail(
            f"evidence from {source.id!r} has no quote",
            'add - quote: "the exact words of the source"',
        )
    if evidence.start is not None and evidence.end is not None:
        return _at_offsets(evidence.quote, (evidence.start, evidence.end), source, fail)
    starts = find_occurrences(source.text, evidence.quote)
    if not starts:
        raise _not_found(evidence.quote, source.text, source.id, fail)
    if evidence.occurrence is None:
        if len(starts) > 1:
            raise fail(
                f"quote appears {len(starts)} times in {source.id!r}: {_shorten(evidence.quote)}",
                f"add occurrence: 1..{len(starts)}, or quote more words",
            )
        start = starts[0]
    else:
        if evidence.occurrence > len(starts):
            raise fail(
                f"occurrence {evidence.occurrence} asked, but the quote appears {len(starts)} time(s)",
                f"use occurrence 1..{len(starts)}",
            )
        start = starts[evidence.occurrence - 1]
    end = start + len(evidence.quote)
    return Excerpt(source_id=source.id, start=start, end=end, exact=evidence.quote)


def _at_offsets(
    quote: str,
    span: tuple[int, int],
    source: Source,
    fail: Callable[[str, str], EvidenceError],
) -> Excerpt:
    """The excerpt at the offsets the evidence gives, when the text there is its quote."""
    text = source.text or ""
    start, end = span
    if text[start:end] != quote:
        starts = find_occurrences(text, quote)
        if not starts:
            raise _not_found(quote, text, source.id, fail)
        elsewhere = ", ".join(f"{s}-{s + len(quote)}" for s in starts[:3])
        raise fail(
            f"the quote is not at {start}-{end} of {source.id!r} "
            f"(the text there is {_shorten(text[start:end])}): {_shorten(quote)}",
            f"the quote is at {elsewhere}: correct start and end, or drop them and let the build find it",
        )
    return Excerpt(source.id, start, end, quote)


def _not_found(
    quote: str, text: str, source_id: str, fail: Callable[[str, str], EvidenceError]
) -> EvidenceError:
    hint = "copy the words exactly as the source writes them (letters, quotes, dashes, spaces)"
    if unicodedata.normalize("NFC", quote) in unicodedata.normalize("NFC", text):
        form = "composed (NFC)" if unicodedata.is_normalized("NFC", quote) else "decomposed"
        hint = (
            f"the words are in the source, but the quote's letters are {form} and the "
            "source's are not: copy the quote from the source file itself, since offsets "
            "count its code points"
        )
    return fail(f"quote not found in source {source_id!r}: {_shorten(quote)}", hint)


def _shorten(text: str) -> str:
    return repr(text if len(text) <= _CONTEXT * 2 else text[:_CONTEXT] + "…" + text[-_CONTEXT:])
