"""Pinyin input engine for the on-screen keyboard (no Kivy here): candidates, sessions, place type-ahead."""
from __future__ import annotations

from .engine import Candidate, Engine, Result, composition
from .lexicon import ModelMissing
from .places import Place
from .places import search as search_places
from .session import PinyinSession
from .syllables import BadInput, readings

__all__ = ["BadInput", "Candidate", "Engine", "ModelMissing", "PinyinSession", "Place", "Result",
           "composition", "readings", "search_places"]
