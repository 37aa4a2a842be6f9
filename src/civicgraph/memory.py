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


@functools.cache
def _trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    trim: Callable[[int], int] | None = getattr(libc, "malloc_trim", None)  # not in musl
    return trim


def release_free_memory() -> bool:
    """Return the allocator's free pages to the system; ``False`` where it cannot."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True


__all__ = ["release_free_memory"]
