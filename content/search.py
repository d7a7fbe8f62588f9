"""Finding themes by hanzi, full pinyin or pinyin initials ("csyjs" finds 出生一件事).

Elderly users often know a word, not the official theme name, and many type pinyin initials faster than
hanzi. Pinyin comes from pypinyin (its phrase dictionary handles polyphones like 行/长/重 far better
than a character table); a theme may override its name's reading in the catalogue.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .model import Catalogue, Theme

_HAN = re.compile(r"[\u4e00-\u9fff]+")


@lru_cache(maxsize=4096)
def pinyin_of(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of the hanzi in `text`, lower case, syllables separated by spaces."""
    from pypinyin import Style, lazy_pinyin   # its phrase dictionary takes 0.5 s to load: only when needed

    han = "".join(_HAN.findall(text))
    syllables = lazy_pinyin(han, style=Style.NORMAL, errors="ignore")
    syllables = [s.replace("ü", "v") for s in syllables]
    return " ".join(syllables), "".join(s[0] for s in syllables if s)


@dataclass(frozen=True)
class Entry:
    theme_id: str
    texts: tuple[str, ...]      # hanzi: name, short name, keywords
    full: tuple[str, ...]       # full pinyin without spaces, per text
    initials: tuple[str, ...]   # initials, per text


def theme_pinyin(theme: Theme) -> tuple[str, str]:
    if theme.pinyin:
        return theme.pinyin, "".join(s[0] for s in theme.pinyin.split())
    return pinyin_of(theme.name)


class ThemeIndex:
    """A small in-memory index; 40 themes need no more than a scan. Built on the first search, so a kiosk
    draws its first screen without waiting for pypinyin."""

    def __init__(self, cat: Catalogue):
        self.cat = cat

    @cached_property
    def entries(self) -> list[Entry]:
        out = []
        for t in self.cat.enabled_themes():
            texts = (t.name, *((t.short_name,) if t.short_name else ()), *t.keywords)
            pys = [theme_pinyin(t)] + [pinyin_of(x) for x in texts[1:]]
            out.append(Entry(t.id, texts, tuple(p[0].replace(" ", "") for p in pys), tuple(p[1] for p in pys)))
        return out

    def search(self, query: str, limit: int = 40) -> list[Theme]:
        """Themes matching the query, best first: name hits before keyword hits, prefixes before infixes."""
        q = query.strip().lower().replace(" ", "")
        if not q:
            return []
        scored = []
        for e in self.entries:
            best = None
            for i, (text, full, ini) in enumerate(zip(e.texts, e.full, e.initials)):
                weight = 0 if i == 0 else 1
                if q in text:
                    score = (weight, 0 if text.startswith(q) else 1)
                elif q.isascii() and (ini.startswith(q) or full.startswith(q)):
                    score = (weight, 2)
                elif q.isascii() and len(q) >= 2 and (q in ini or q in full):
                    score = (weight, 3)
                else:
                    continue
                best = score if best is None else min(best, score)
            if best is not None:
                scored.append((best, self.cat.themes[e.theme_id].no, e.theme_id))
        scored.sort()
        return [self.cat.themes[tid] for _s, _n, tid in scored[:limit]]
