"""Freed heap goes back to the system between citizens (kiosk/memory.py): measured on this process's own RSS."""
from __future__ import annotations

import gc

from kiosk.memory import release_free_memory


def rss_kib() -> int:
    for line in open("/proc/self/status", encoding="ascii"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_releasing_free_memory_gives_freed_heap_back_to_the_system():
    release_free_memory()
    # 1 KiB blocks come from malloc's main heap in small chunks (not mmap): freed, they stay with the process.
    blocks = [bytearray(1024) for _ in range(150_000)]
    keep = blocks[-1:]                  # the last block pins the top of the heap: only a trim can give pages back
    del blocks
    gc.collect()
    before = rss_kib()
    assert release_free_memory() is True
    after = rss_kib()
    assert before - after > 80 * 1024, (before, after)     # most of the ~150 MiB freed is returned
    assert keep[0] == bytearray(1024)
