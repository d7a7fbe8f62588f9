"""The word list behind the keyboard: pinyin2hanzi's frequencies plus the kiosk's own domain words.

pinyin2hanzi ships hanzi and phrase frequencies from a general corpus (its DAG data); measured against
pypinyin's phrase list (which has readings but no frequencies) it ranks common words far better, see
bench/ime.py. A general corpus does not know 程江 or 雁洋, ranks 张 below 章 and has no names, so the
domain words, the catalogue's department/matter/material words and the surnames are boosted on top.
"""
from __future__ import annotations

import json
import math
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from pypinyin import Style, lazy_pinyin

from .syllables import ALIASES, SYLLABLES, Token

DATA = Path(__file__).resolve().parent / "data"
CHARS_PER_SYLLABLE = 80     # rarer characters are never worth a page to an elderly user
DOMAIN_SCORE = math.log(0.08)       # as frequent as the commonest general words
CATALOGUE_SCORE = math.log(0.02)
SURNAME_BOOST = 0.02                # added to the top surname's character frequency, less further down
_HAN = re.compile(r"[\u4e00-\u9fff]+")


class ModelMissing(RuntimeError):
    """pinyin2hanzi (the base frequencies) is not installed."""


@dataclass(frozen=True, slots=True)
class Entry:
    text: str
    syllables: tuple[str, ...]
    score: float            # natural log of a frequency-like weight; higher is likelier
    kind: str = "word"      # word, domain, surname, name, sentence, learned


def reading_of(text: str) -> tuple[str, ...]:
    """Pinyin of hanzi text, ü as v, in our syllable spelling (pypinyin knows polyphones in phrases)."""
    out = []
    for s in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore"):
        s = s.replace("ü", "v")
        out.append(ALIASES.get(s, s))
    return tuple(out)


def read_table(name: str) -> Iterator[tuple[str, tuple[str, ...] | None]]:
    """(word, reading or None) from one of our data files: word[TAB pinyin], # comments."""
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _tab, py = line.partition("\t")
        syl = tuple(ALIASES.get(s, s) for s in py.split()) if py.strip() else None
        yield word.strip(), syl


def _fix(syllable: str) -> str:
    return ALIASES.get(syllable, syllable)


class Lexicon:
    """Indexes every word by its exact syllables and by its syllables' first letters (for "zs" or "zhangs")."""

    def __init__(self, catalogue_words: Iterable[str] = ()):
        self.exact: dict[tuple[str, ...], dict[str, Entry]] = {}
        self.by_initials: dict[str, list[Entry]] = {}
        self.text_reading: dict[str, tuple[str, ...]] = {}
        self.surnames: list[tuple[str, tuple[str, ...], float]] = []   # (surname, reading, log share)
        self.given: list[tuple[str, str, float]] = []                  # (char, syllable, log share)
        self._load_base()
        self._load_surnames()
        self._load_domain()
        self._load_catalogue(catalogue_words)
        self._index()

    def _put(self, entry: Entry) -> None:
        if not entry.syllables or not all(s in SYLLABLES for s in entry.syllables):
            return
        bucket = self.exact.setdefault(entry.syllables, {})
        old = bucket.get(entry.text)
        if old is None or old.score < entry.score:
            bucket[entry.text] = entry if old is None or old.kind == "word" or entry.kind != "word" else \
                Entry(entry.text, entry.syllables, entry.score, old.kind)
        self.text_reading.setdefault(entry.text, entry.syllables)

    def _load_base(self) -> None:
        try:
            import Pinyin2Hanzi
        except ImportError as exc:
            raise ModelMissing("the pinyin keyboard needs pinyin2hanzi: pip install pinyin2hanzi") from exc
        base = Path(Pinyin2Hanzi.__file__).resolve().parent / "data"
        with open(base / "dag_char.json", encoding="utf-8") as f:
            chars = json.load(f)
        for py, items in chars.items():
            syl = _fix(py)
            for text, score in items[:CHARS_PER_SYLLABLE]:
                self._put(Entry(text, (syl,), math.log(max(score - 0.1, 1e-7))))
        with open(base / "dag_phrase.json", encoding="utf-8") as f:
            phrases = json.load(f)
        for py, items in phrases.items():
            syl = tuple(_fix(s) for s in py.split(","))
            for text, score in items:
                self._put(Entry(text, syl, math.log(max(score - 0.2, 1e-5))))

    def _boost(self, text: str, reading: tuple[str, ...] | None, score: float, kind: str) -> None:
        reading = reading or self.text_reading.get(text) or reading_of(text)
        if len(reading) != len(text):
            return
        old = self.exact.get(reading, {}).get(text)
        self._put(Entry(text, reading, max(score, old.score if old else score), kind))

    def _load_surnames(self) -> None:
        compound = -1
        for rank, (name, reading) in enumerate(read_table("surnames.txt")):
            share = 0.07 / (1 + rank / 3)
            reading = reading or reading_of(name)
            self.surnames.append((name, reading, math.log(share)))
            if len(name) == 1:
                old = self.exact.get(reading, {}).get(name)
                base = math.exp(old.score) if old else 0.0
                self._boost(name, reading, math.log(base + SURNAME_BOOST / (1 + rank / 5)), "surname")
            else:   # compound surnames: 欧阳 first, 长孙 must not crowd out 掌声 for "zhangs"
                compound += 1
                self._boost(name, reading, CATALOGUE_SCORE - compound / 8, "surname")
        for rank, (char, reading) in enumerate(read_table("given_names.txt")):
            syl = (reading or reading_of(char))[0]
            self.given.append((char, syl, math.log(0.02 / (1 + rank / 30))))

    def _load_domain(self) -> None:
        for i, (word, reading) in enumerate(read_table("domain_words.txt")):
            # earlier lines win ties, so 梅县 stays ahead of 梅西 for "mx"
            self._boost(word, reading, DOMAIN_SCORE - i * 1e-4, "domain")

    def _load_catalogue(self, names: Iterable[str]) -> None:
        """Boost the catalogue's words: whole short names, and the dictionary words inside long ones."""
        seen: set[str] = set()
        for name in names:
            for run in _HAN.findall(name):
                if len(run) <= 6:
                    seen.add(run)
                for n in (2, 3, 4):
                    seen.update(run[i:i + n] for i in range(len(run) - n + 1) if run[i:i + n] in self.text_reading)
        for word in sorted(seen):
            if len(word) >= 2:
                self._boost(word, None, CATALOGUE_SCORE, "domain")

    def _index(self) -> None:
        for syl, bucket in self.exact.items():
            key = "".join(s[0] for s in syl)
            self.by_initials.setdefault(key, []).extend(bucket.values())
        for bucket in self.by_initials.values():
            bucket.sort(key=lambda e: -e.score)
        self.exact_sorted = {k: sorted(v.values(), key=lambda e: -e.score) for k, v in self.exact.items()}

    def lookup(self, tokens: tuple[Token, ...], limit: int = 60) -> list[Entry]:
        """Words whose syllables match the tokens one to one, likeliest first."""
        if all(t.kind == "full" for t in tokens):
            return self.exact_sorted.get(tuple(t.text for t in tokens), [])[:limit]
        out = []
        for e in self.by_initials.get("".join(t.text[0] for t in tokens), ()):
            if all(t.matches(s) for t, s in zip(tokens, e.syllables)):
                out.append(e)
                if len(out) >= limit:
                    break
        return out


def catalogue_names() -> list[str]:
    """Names in the packaged catalogue (themes, matters, departments, materials, fields); [] if it is broken."""
    try:
        from content import load_catalogue
        cat = load_catalogue()
    except Exception:   # a broken catalogue must not take the keyboard down with it
        return []
    names = [t.name for t in cat.themes.values()] + [m.name for m in cat.matters.values()]
    names += [d.name for d in cat.departments.values()] + [m.name for m in cat.materials.values()]
    names += [f.label for f in cat.fields.values()]
    return names


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _shared() -> Lexicon:
    return Lexicon(catalogue_names())


def shared() -> Lexicon:
    """The process-wide lexicon, built once (about 2 s): every session reads it, none writes to it."""
    with _LOCK:
        return _shared()
