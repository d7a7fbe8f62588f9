"""Ranking candidates for typed pinyin: dictionary words, names, a whole-sentence guess, session picks.

The list answers "what does the user most likely mean by what is typed so far": words covering all of the
input first (including surname + given-name guesses, since names are most of what a kiosk form asks for),
then words for a leading part of it, so the user can commit 张 out of "zhangsanfeng" and keep going.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from .lexicon import Entry, Lexicon, shared
from .syllables import BadInput, Token, display, readings

ALT_READING_PENALTY = 3.0   # "xi'an" ranks below "xian" words unless far likelier
NAME_BONUS = 2.0            # names are common on kiosk forms, rare in corpora
WORD_PENALTY = 2.5          # per extra word in a sentence guess: prefer fewer, longer words
SENTENCE_PENALTY = 3.0      # a guess stitched from words ranks below a real word or name for the same input
LEARNED_BONUS = 12.0        # a pick in this session beats everything typed the same way
MAX_NAME_PARTS = 12         # surnames and given characters tried per position for abbreviations
MAX_CANDIDATES = 120


@dataclass(frozen=True)
class Candidate:
    text: str
    syllables: int          # how many syllables (tokens) of the input it consumes
    letters: int            # how many typed letters it consumes (separators not counted)
    score: float
    kind: str
    pinyin: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"text": self.text, "syllables": self.syllables, "pinyin": " ".join(self.pinyin),
                "kind": self.kind}


@dataclass
class Result:
    segments: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    error: str | None = None


class Engine:
    """Stateless ranking over a shared lexicon; sessions pass in what they learned."""

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or shared()

    def candidates(self, text: str, learned: Mapping[tuple[str, tuple[str, ...]], int] | None = None,
                   extra: Iterable[Entry] = ()) -> Result:
        """All candidates for `text`, best first; a Result with `error` set (never an exception) for bad input."""
        try:
            reads = readings(text)
        except BadInput as exc:
            return Result(error=str(exc))
        if not reads:
            return Result(error=f"cannot split {text!r} into pinyin syllables" if text.strip(" '") else None)
        learned = learned or {}
        extra = list(extra)
        best: dict[str, Candidate] = {}
        total = sum(len(t.text) for t in reads[0])
        for ri, reading in enumerate(reads):
            penalty = ri and ALT_READING_PENALTY * (len(reading) - len(reads[0]) or 1)
            for k in range(len(reading), 0, -1):
                part = reading[:k]
                letters = sum(len(t.text) for t in part)
                for e in self._words(part, extra):
                    bonus = LEARNED_BONUS + learned[(e.text, e.syllables)] \
                        if (e.text, e.syllables) in learned else 0.0
                    self._keep(best, Candidate(e.text, k, letters, e.score - penalty + bonus,
                                               "learned" if bonus else e.kind, e.syllables))
            if ri == 0 and len(reading) >= 2:
                sentence = self._sentence(reading, extra)
                if sentence:
                    self._keep(best, Candidate(sentence.text, len(reading), total, sentence.score - penalty - SENTENCE_PENALTY,
                                               "sentence", sentence.syllables))
        ranked = sorted(best.values(), key=lambda c: (total - c.letters, -c.score))
        return Result(segments=[t.text for t in reads[0]], candidates=ranked[:MAX_CANDIDATES])

    @staticmethod
    def _keep(best: dict[str, Candidate], c: Candidate) -> None:
        old = best.get(c.text)
        if old is None or (c.letters, c.score) > (old.letters, old.score):
            best[c.text] = c

    def _words(self, tokens: tuple[Token, ...], extra: list[Entry]) -> list[Entry]:
        words = list(self.lex.lookup(tokens))
        words += [e for e in extra if len(e.syllables) == len(tokens)
                  and all(t.matches(s) for t, s in zip(tokens, e.syllables))]
        if 2 <= len(tokens) <= 4:
            words += self._names(tokens)
        return words

    def _names(self, tokens: tuple[Token, ...]) -> list[Entry]:
        """Surname + one or two given-name characters, e.g. 王芳 for "wangfang" or "wf"."""
        out = []
        for surname, reading, s_score in self.lex.surnames:
            n = len(reading)
            rest = tokens[n:]
            if not 1 <= len(rest) <= 2 or not all(t.matches(s) for t, s in zip(tokens, reading)):
                continue
            options = [[g for g in self.lex.given if t.matches(g[1])][:MAX_NAME_PARTS] for t in rest]
            combos: list[tuple[str, tuple[str, ...], float]] = [("", (), 0.0)]
            for opts in options:
                combos = [(c + g, p + (syl,), sc + gs) for c, p, sc in combos for g, syl, gs in opts]
            for given, syl, g_score in combos:
                out.append(Entry(surname + given, reading + syl, s_score + g_score + NAME_BONUS, "name"))
        return out

    def _sentence(self, reading: tuple[Token, ...], extra: list[Entry]) -> Entry | None:
        """Best split of the whole input into words (Viterbi over the word lattice), if it takes 2+ words."""
        n = len(reading)
        best: list[tuple[float, list[Entry]] | None] = [None] * (n + 1)
        best[0] = (0.0, [])
        for end in range(1, n + 1):
            for start in range(max(0, end - 5), end):
                if best[start] is None:
                    continue
                words = self._words(reading[start:end], extra) if start else self._words(reading[:end], extra)
                if not words:
                    continue
                w = max(words, key=lambda e: e.score)
                score = best[start][0] + w.score - WORD_PENALTY
                if best[end] is None or score > best[end][0]:
                    best[end] = (score, best[start][1] + [w])
        if best[n] is None or len(best[n][1]) < 2:
            return None
        words = best[n][1]
        return Entry("".join(w.text for w in words), tuple(s for w in words for s in w.syllables),
                     best[n][0] + WORD_PENALTY, "sentence")


def composition(text: str) -> str:
    """The input as the user should see it, split into syllables ("mei'xian"); the raw text if unreadable."""
    try:
        reads = readings(text)
    except BadInput:
        return text
    return display(reads[0]) if reads else text

