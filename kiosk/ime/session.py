"""One citizen's typing: the key-by-key state the on-screen keyboard drives, and what it learned.

The keyboard widget calls `type`, `backspace`, `candidates`, `choose`; it shows `composition` above the
candidates. Picks are boosted for the rest of the session only and `reset()` (called when the citizen's
session is wiped) forgets them: nothing typed at a public kiosk may outlive the person who typed it, so
nothing here is ever written to disk.
"""
from __future__ import annotations

from collections import OrderedDict

from .engine import Candidate, Engine, Result, composition
from .lexicon import Entry
from .syllables import MAX_LEN

_KEYS = set("abcdefghijklmnopqrstuvwxyz'")
LEARNED_PHRASE_SCORE = -3.0


class PinyinSession:
    """Typed pinyin and the session's picks; cheap to create, one per citizen session."""

    def __init__(self, engine: Engine | None = None, page_size: int = 8):
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.engine = engine or Engine()
        self.page_size = page_size
        self.reset()

    def reset(self) -> None:
        """Forget the input and everything learned: the next citizen starts from the shared model."""
        self.raw = ""
        self._learned: dict[tuple[str, tuple[str, ...]], int] = {}
        self._phrases: list[Entry] = []
        self._picks: list[Candidate] = []
        self._cache: OrderedDict[str, Result] = OrderedDict()

    # --- keys -------------------------------------------------------------------------------------
    def type(self, key: str) -> bool:
        """Add one key (a-z, v or ü for ü, ' to split syllables); False if refused, so the widget can beep."""
        key = key.lower().replace("ü", "v")
        if len(key) != 1 or key not in _KEYS:
            return False
        if key == "'" and (not self.raw or self.raw.endswith("'")):
            return False
        if key != "'" and sum(c != "'" for c in self.raw) >= MAX_LEN:
            return False
        self.raw += key
        return True

    def backspace(self) -> bool:
        """Delete the last typed key; False when there is nothing left to delete."""
        if not self.raw:
            return False
        self.raw = self.raw[:-1]
        if not self.raw:
            self._picks.clear()
        return True

    @property
    def composition(self) -> str:
        """The pinyin being typed, split into syllables for display ("mei'xian")."""
        return composition(self.raw) if self.raw else ""

    # --- candidates -------------------------------------------------------------------------------
    def result(self) -> Result:
        """Candidates for the current input, computed once per input and kept while it is unchanged."""
        hit = self._cache.get(self.raw)
        if hit is None:
            hit = self.engine.candidates(self.raw, self._learned, self._phrases)
            self._cache[self.raw] = hit
            if len(self._cache) > 64:
                self._cache.popitem(last=False)
        return hit

    def candidates(self, page: int = 0) -> list[Candidate]:
        """One page of candidates, most likely first; [] past the last page or for unreadable input."""
        if page < 0:
            return []
        start = page * self.page_size
        return self.result().candidates[start:start + self.page_size]

    @property
    def page_count(self) -> int:
        n = len(self.result().candidates)
        return (n + self.page_size - 1) // self.page_size

    def choose(self, index: int, page: int = 0) -> str:
        """Commit candidate `index` of `page` and return its text for the text field.

        A word covering part of the input leaves the rest to keep typing (张 out of "zhangsanfeng").
        """
        options = self.candidates(page)
        if not 0 <= index < len(options):
            raise IndexError(f"no candidate {index} on page {page}")
        chosen = options[index]
        self._learn(chosen.text, chosen.pinyin)
        self._picks.append(chosen)
        self.raw = _drop_letters(self.raw, chosen.letters)
        if not self.raw:
            if len(self._picks) > 1:   # 张 + 三丰 picked in turn: offer 张三丰 whole next time
                self._learn("".join(p.text for p in self._picks),
                            tuple(s for p in self._picks for s in p.pinyin), phrase=True)
            self._picks.clear()
        return chosen.text

    def _learn(self, text: str, pinyin: tuple[str, ...], phrase: bool = False) -> None:
        key = (text, pinyin)
        self._learned[key] = self._learned.get(key, 0) + 1
        if phrase and all(e.text != text for e in self._phrases):
            self._phrases.append(Entry(text, pinyin, LEARNED_PHRASE_SCORE, "learned"))
        self._cache.clear()

    @property
    def learned(self) -> list[str]:
        """What this session has learned (for tests and for checking that reset() forgot it)."""
        return [t for t, _p in self._learned]


def _drop_letters(raw: str, letters: int) -> str:
    """`raw` without its first `letters` letters and the separators after them."""
    i = 0
    while i < len(raw) and letters > 0:
        if raw[i] not in "' ":
            letters -= 1
        i += 1
    return raw[i:].lstrip("' ")
