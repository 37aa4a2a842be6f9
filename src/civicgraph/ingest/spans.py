"""Spans and positioned things of a text, looked up by position with binary searches."""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import Generic, Protocol, TypeVar


class Spans:
    """Spans (start, end), overlapping or not: whether a position or span meets one, in log time."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self._starts = [s for s, _ in self.spans]
        # The furthest end of the spans up to each one: a position is inside some span
        # that starts at or before it exactly when this reaches past it.
        self._reach = list(itertools.accumulate((e for _, e in self.spans), max))
        merged: list[list[int]] = []
        for start, end in self.spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._merged = [(s, e) for s, e in merged]
        self._merged_starts = [s for s, _ in self._merged]

    def _reach_before(self, count: int) -> int:
        return self._reach[count - 1] if count else -1

    def holds(self, position: int) -> bool:
        """Whether some span has ``start <= position < end``."""
        return self._reach_before(bisect_right(self._starts, position)) > position

    def strictly_holds(self, position: int) -> bool:
        """Whether some span has ``start < position < end``."""
        return self._reach_before(bisect_left(self._starts, position)) > position

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span shares a position with ``[start, end)``."""
        return self._reach_before(bisect_left(self._starts, end)) > start

    def contains(self, start: int, end: int) -> bool:
        """Whether some span holds all of ``[start, end)``."""
        count = bisect_right(self._starts, start)
        return count > 0 and self._reach[count - 1] >= end

    def blank(self, text: str, start: int, end: int) -> str:
        """``text[start:end]`` with every character inside a span made a space."""
        out: list[str] = []
        at = start
        first = max(bisect_right(self._merged_starts, start) - 1, 0)
        for s, e in itertools.islice(self._merged, first, None):
            if s >= end:
                break
            if e <= at:
                continue
            if s > at:
                out.append(text[at:s])
            cut = min(e, end)
            out.append(" " * (cut - max(s, at)))
            at = cut
        out.append(text[at:end])
        return "".join(out)


class _Positioned(Protocol):
    @property
    def start(self) -> int: ...


T = TypeVar("T", bound=_Positioned)


class ByStart(Generic[T]):
    """Things with a ``start``, in text order: those starting in a range, in log time."""

    def __init__(self, items: Iterable[T]) -> None:
        self.items = sorted(items, key=lambda item: item.start)
        self._starts = [item.start for item in self.items]

    def between(self, start: int, end: int) -> Sequence[T]:
        """The things with ``start <= thing.start < end``, in text order."""
        return self.items[bisect_left(self._starts, start) : bisect_left(self._starts, end)]

    def before(self, position: int) -> Sequence[T]:
        """The things starting before ``position``, in text order."""
        return self.items[: bisect_left(self._starts, position)]
