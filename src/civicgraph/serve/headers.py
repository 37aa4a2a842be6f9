"""The one reader of HTTP's quality-weighted lists (Accept, Accept-Language)."""

from __future__ import annotations

from collections.abc import Iterator


def weighted(header: str | None) -> Iterator[tuple[str, float, int]]:
    """Each listed value (lower case), its ``q`` weight and its position; ``q=0`` left out.

    RFC 9110 §12.4.2: a missing weight is 1, an unreadable one counts as 0.
    """
    for position, part in enumerate((header or "").split(",")):
        value, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if value and quality > 0:
            yield value.lower(), quality, position
