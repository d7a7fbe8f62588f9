"""A private X server for the UI benchmarks, so `make bench` runs headless and never uses the caller's screen:
the tests' own (tests/support.py), big enough for portrait and landscape windows by default."""
from __future__ import annotations

from support import private_display as _private_display


def private_display(screen: str = "1920x1920x24"):
    return _private_display(screen)
