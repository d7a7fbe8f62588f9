"""Which voice says each part of an utterance: the citizen's spoken language over the screen's Chinese text.

The screen stays Chinese; the voice may be Mandarin (cmn) or Hakka (hak). espeak-ng's `hak` voice reads only
romanised Hakka, made from kiosk/speech/hakka.toml (calls.to_hakka), and the catalogue's text is read as it is,
character by character. A part (a title, one body text, a button) with a hanzi the table lacks is split at
its sentence ends, and each sentence the table cannot say whole is said in Mandarin: never a sentence in two
voices, never a part dropped.
"""
from __future__ import annotations

import re

from .calls import hakka_missing, to_hakka
from .reading import Utterance

#: Where a part may be split when only some of it can be said in Hakka: a sentence or a clause of a list.
SENTENCE_END = re.compile(r"(?<=[。！？；!?;\n])")
#: Silence between the sentences of one part said in two voices (the voices' own trailing silence adds to it).
SENTENCE_PAUSE_MS = 250


def can_say(text: str, voice: str) -> bool:
    """True when `voice` can say all of `text` (only Hakka lacks readings)."""
    return voice != "hak" or not hakka_missing(text)


def said_text(text: str, voice: str) -> str:
    """What the engine is given for one part: romanised Hakka for `hak`, the text itself otherwise."""
    return to_hakka(text) if voice == "hak" else text


def sentences(text: str) -> list[str]:
    return [s for s in (p.strip() for p in SENTENCE_END.split(text)) if s]


def in_voice(utterance: Utterance, voice: str) -> tuple[Utterance, int]:
    """`utterance` (Chinese text made speakable) to be said in `voice`, and how many of its parts (or sentences
    of parts) had to be said in Mandarin instead. English text is always said in English."""
    if utterance.lang.startswith("en"):
        return Utterance(utterance.parts, utterance.lang, ("en",) * len(utterance.parts)), 0
    if voice != "hak":
        return Utterance(utterance.parts, utterance.lang, ("cmn",) * len(utterance.parts)), 0
    parts: list[tuple[str, int]] = []
    voices: list[str] = []
    fell = 0
    for text, pause in utterance.parts:
        if can_say(text, "hak"):
            parts.append((text, pause))
            voices.append("hak")
            continue
        pieces: list[tuple[str, str]] = []          # (voice, text), neighbours in one voice joined again
        for sentence in sentences(text) or [text]:
            v = "hak" if can_say(sentence, "hak") else "cmn"
            fell += v == "cmn"
            if pieces and pieces[-1][0] == v:
                pieces[-1] = (v, pieces[-1][1] + sentence)
            else:
                pieces.append((v, sentence))
        for i, (v, sentence) in enumerate(pieces):
            parts.append((sentence, pause if i == len(pieces) - 1 else SENTENCE_PAUSE_MS))
            voices.append(v)
    return Utterance(tuple(parts), utterance.lang, tuple(voices)), fell
