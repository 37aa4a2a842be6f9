"""Locate evidence quotes in source texts (W3C Web Annotation text selectors).

Offsets are Unicode code points of the decoded text, start inclusive and end exclusive,
as ``oa:TextPositionSelector`` defines them (Web Annotation Data Model §4.2.5); the quote
is the ``oa:exact`` of an ``oa:TextQuoteSelector`` (§4.2.4). The curator types the quote,
never the numbers.
"""

from __future__ import annotations

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
    starts = find_occurrences(source.text, evidence.quote)
    if not starts:
        raise fail(
            f"quote not found in source {source.id!r}: {_shorten(evidence.quote)}",
            "copy the words exactly as the source writes them (letters, quotes, dashes, spaces)",
        )
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


def _shorten(text: str) -> str:
    return repr(text if len(text) <= _CONTEXT * 2 else text[:_CONTEXT] + "…" + text[-_CONTEXT:])
