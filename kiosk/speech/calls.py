"""What a queue call says, voice by voice: "请 A 零零五 号 到 一件事综合受理专窗 办理" in Mandarin (cmn),
Cantonese (yue) and Hakka (hak).

espeak-ng's cmn and yue voices read hanzi; its hak voice reads only romanised Hakka, so Hakka text goes
through the readings in hakka.toml, character by character (longest entry first). A hanzi without a
reading is an error naming it, never a silent skip: "where the voice can say the text" is decided here.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from .reading import DIGITS, cardinal_zh

#: Our voice names -> espeak-ng voices. Mandarin is `cmn-latn-pinyin`: Debian's espeak-ng 1.51 `cmn`
#: voice reads many hanzi as their pinyin spelled in English ("请" as "king three"), the pinyin voice
#: reads them as Mandarin, and it says a lone latin letter as Mandarin speakers do (A "ei", B "bi").
CALL_VOICES = {"cmn": "cmn-latn-pinyin", "hak": "hak", "yue": "yue"}
NUMBER_STYLES = ("digits", "number")          # A 零零五 | A 五
HAKKA_FILE = Path(__file__).with_name("hakka.toml")
HANZI = re.compile(r"[\u3400-\u9fff]")
BRACKETS = re.compile(r"[（）()【】\[\]]")


class CannotSay(ValueError):
    """The voice cannot say this text (a hanzi with no Hakka reading, a voice we do not know)."""


def spoken_number(ticket: str, style: str = "digits") -> str:
    """'A005' -> 'A 零零五' (digits) or 'A 五' (number); the letters are kept for each voice to say."""
    if style not in NUMBER_STYLES:
        raise ValueError(f"announce.numbers must be digits or number, not {style!r}")
    m = re.fullmatch(r"([A-Za-z]{0,3})(\d{1,6})", ticket.strip())
    if not m:
        raise ValueError(f"not a queue number: {ticket!r} (expected a letter and digits, e.g. A005)")
    letters, digits = m.group(1).upper(), m.group(2)
    said = "".join(DIGITS[int(c)] for c in digits) if style == "digits" else cardinal_zh(int(digits))
    return (" ".join(letters) + " " + said).strip()


def call_text(ticket: str, window: str, style: str = "digits") -> str:
    """The call in hanzi, as the Mandarin and Cantonese voices read it."""
    window = BRACKETS.sub(" ", window).strip()
    return f"请 {spoken_number(ticket, style)} 号 到 {window} 办理"


@lru_cache(maxsize=1)
def hakka_table() -> tuple[dict[str, str], dict[str, str]]:
    data = tomllib.loads(HAKKA_FILE.read_text(encoding="utf-8"))
    readings, letters = data.get("readings", {}), data.get("letters", {})
    for table in (readings, letters):
        for key, value in table.items():
            if not isinstance(value, str) or not value.strip():
                raise CannotSay(f"{HAKKA_FILE.name}: {key!r} has no reading")
    return dict(readings), dict(letters)


_INDEX: list = [None, {}]      # (the readings dict it was built from, its index): rebuilt when the table is reloaded


def _words_by_first() -> dict[str, tuple[str, ...]]:
    """The table's entries under their first character, longest first: the longest entry wins (银行 over 行)."""
    readings, _letters = hakka_table()
    if _INDEX[0] is not readings:
        index: dict[str, list[str]] = {}
        for word in sorted(readings, key=len, reverse=True):
            index.setdefault(word[0], []).append(word)
        _INDEX[:] = [readings, {first: tuple(words) for first, words in index.items()}]
    return _INDEX[1]


def _segments(text: str):
    """(table entry or None, text) from left to right, longest entry first; None for a character not in it."""
    index, i = _words_by_first(), 0
    while i < len(text):
        word = next((w for w in index.get(text[i], ()) if text.startswith(w, i)), None)
        if word:
            yield word, word
            i += len(word)
        else:
            yield None, text[i]
            i += 1


def hakka_missing(text: str) -> list[str]:
    """The hanzi in `text` the Hakka voice has no reading for (empty: it can say all of it)."""
    missing: list[str] = []
    for word, ch in _segments(text):
        if word is None and HANZI.match(ch) and ch not in missing:
            missing.append(ch)
    return missing


def to_hakka(text: str) -> str:
    """Hanzi and queue letters -> the romanised Hakka the `hak` voice reads; CannotSay names what is missing."""
    readings, letters = hakka_table()
    missing = hakka_missing(text)
    if missing:
        raise CannotSay("the Hakka voice has no reading for " + "".join(missing)
                        + f" (add it to kiosk/speech/{HAKKA_FILE.name})")
    out = []
    for word, ch in _segments(text):
        if word is not None:
            out.append(readings[word])
        elif ch.isascii() and ch.isalpha():
            if ch.upper() not in letters:
                raise CannotSay(f"the Hakka voice has no name for the letter {ch!r}")
            out.append(letters[ch.upper()])
        elif ch in "，。、；：！？,.;:!?":
            out.append(",")
        elif ch.isspace() or ch.isdigit():
            out.append(ch)
    return re.sub(r"\s+", " ", " ".join(out)).replace(" ,", ",").strip()


def voice_text(text: str, voice: str) -> str:
    """`text` (hanzi, as call_text makes it) as the given voice must receive it."""
    if voice not in CALL_VOICES:
        raise CannotSay(f"no voice {voice!r}; known: {', '.join(CALL_VOICES)}")
    return to_hakka(text) if voice == "hak" else text
