"""Shared fixtures: one opened zinnia model per test session, and the real stroke medians."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.handwriting import Recognizer
from kiosk.handwriting.synth import load_medians

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def recognizer():
    """The real Debian model: a missing package fails here with the package's name, never skips."""
    rec = Recognizer()
    yield rec
    rec.close()


@pytest.fixture(scope="session")
def medians():
    """char -> strokes (Make Me a Hanzi medians, 1024 box, y down)."""
    return load_medians(FIXTURES / "medians.json")
