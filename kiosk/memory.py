"""Give the heap a citizen's session freed back to the system before the next citizen.

A kiosk runs for months. Each journey allocates and frees a lot natively (label textures in software GL,
camera frames, decoded images); glibc keeps freed memory in its arenas, so the resident size settles about
10% above where it was after the first journey and never comes down. `malloc_trim(0)` hands free pages back
at once. Called when the app is back on the attract screen; elsewhere (not glibc) it does nothing.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging

log = logging.getLogger(__name__)
_trim = None


def release_free_memory() -> bool:
    """Return free heap pages to the system; True when something was released (glibc only)."""
    global _trim
    if _trim is None:
        try:
            _trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
            _trim.argtypes, _trim.restype = [ctypes.c_size_t], ctypes.c_int
        except (OSError, AttributeError):
            log.info("malloc_trim is not available (not glibc): freed memory stays with the process")
            _trim = False
    return bool(_trim and _trim(0))
