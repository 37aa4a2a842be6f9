"""Hand the memory a phase has freed back to the system before the next phase starts.

CPython and the native libraries under it (Oxigraph, RocksDB, the SHACL engine) free into
the C allocator, which keeps what was freed for later allocations instead of returning
it: a build's resident memory then carries every earlier phase's high-water mark into
the next one (measured on the 1M corpus: 66 MB kept after the bulk loader had finished,
and what each validated part freed piled up over the parts). glibc's ``malloc_trim``
returns the free pages of every arena; elsewhere this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from collections.abc import Callable

_M_ARENA_MAX = -8
"""glibc's ``mallopt`` parameter for the number of allocation arenas."""


@functools.cache
def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def _trim() -> Callable[[int], int] | None:
    trim: Callable[[int], int] | None = getattr(_libc(), "malloc_trim", None)  # not in musl
    return trim


def limit_arenas(count: int) -> bool:
    """Let the C allocator keep at most ``count`` arenas. Each reserves 64 MB of address
    space: under an address-space limit (a query worker's), a dozen threads' arenas left
    no room for the next thread's stack, and the worker died starting."""
    mallopt: Callable[[int, int], int] | None = getattr(_libc(), "mallopt", None)
    return mallopt is not None and mallopt(_M_ARENA_MAX, count) == 1


def release_free_memory() -> bool:
    """Return the allocator's free pages to the system; ``False`` where it cannot."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True


__all__ = ["limit_arenas", "release_free_memory"]
