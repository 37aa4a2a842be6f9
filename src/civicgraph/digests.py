"""A table from byte strings to numbers that holds no Python object per entry.

What a build keeps of millions of nodes (their types; the file and line that defines an
id) as a dict costs ~150 bytes an entry, each entry Python objects of its own; spread
among the objects a phase frees, they also keep the allocator from returning that
phase's memory. Here a key is a 128-bit BLAKE2b digest (a collision among 10^8 keys has
odds of ~10^-23) in sorted arrays beside its value: 16 bytes and the value's.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Sequence

import numpy as np


def digest(key: bytes) -> tuple[int, int]:
    """The 128-bit digest of ``key`` as its high and low 64 bits."""
    value = int.from_bytes(hashlib.blake2b(key, digest_size=16).digest(), "little")
    return value >> 64, value & 0xFFFF_FFFF_FFFF_FFFF


class DigestTable:
    """Keys added with ``add``, then ``freeze``: looked up by bisection of their digests."""

    def __init__(self, value_type: str = "Q") -> None:
        """``value_type``: the values' ``array`` type code (``"I"``: 32 bits, ``"Q"``: 64)."""
        self._added: tuple[array[int], array[int], array[int]] | None = (
            array("Q"),
            array("Q"),
            array(value_type),
        )
        self._high = self._low = self._values = np.zeros(0, dtype=np.uint64)

    def add(self, key: bytes, value: int) -> None:
        assert self._added is not None, "the table is frozen"
        high, low = digest(key)
        self._added[0].append(high)
        self._added[1].append(low)
        self._added[2].append(value)

    def freeze(self) -> DigestTable:
        """Sort what was added; the table takes no more keys."""
        if self._added is not None:
            high, low, values = (np.frombuffer(a, dtype=a.typecode) for a in self._added)
            order = np.lexsort((low.astype(np.uint64), high.astype(np.uint64)))
            self._high = high.astype(np.uint64)[order]
            self._low = low.astype(np.uint64)[order]
            self._values = values[order]
            self._added = None
        return self

    def __len__(self) -> int:
        return len(self._high)

    def get_many(self, keys: Sequence[bytes]) -> list[int | None]:
        """The value of each of ``keys`` (``None`` for a key not in the table)."""
        assert self._added is None, "freeze the table first"
        if not keys or not len(self._high):
            return [None] * len(keys)
        digests = [digest(key) for key in keys]
        high = np.fromiter((d[0] for d in digests), dtype=np.uint64, count=len(keys))
        start = np.searchsorted(self._high, high, side="left")
        end = np.searchsorted(self._high, high, side="right")
        found: list[int | None] = []
        for (_, low), first, last in zip(digests, start, end, strict=True):
            value = None
            for position in range(first, last):  # several only when 64 bits collide
                if self._low[position] == low:
                    value = int(self._values[position])
                    break
            found.append(value)
        return found

    def get(self, key: bytes) -> int | None:
        return self.get_many([key])[0]


__all__ = ["DigestTable", "digest"]
