"""Turning QR payload bytes into text: raw-byte decoding, and undoing zbar's encoding guesses (mojibake)."""
from __future__ import annotations

import unicodedata

# zbar converts byte-mode payloads to UTF-8 by guessing the source encoding with iconv. Chinese payloads
# then arrive as mojibake: GBK bytes read as BIG5 (user-defined rows land in the Private Use Area) or as
# Shift-JIS, and on older zbar even UTF-8 bytes read as Shift-JIS or Latin-1 (pyzbar #14/#55/#95/#155).
# Every guess is a round trip we can invert, so we invert each and keep the most plausible text.
GUESSES = ("big5", "shift_jis", "cp932", "latin-1")
# Multi-byte text that is valid UTF-8 by accident is rare, so valid UTF-8 counts for a lot.
UTF8_BONUS = 2.0
# Against zbar's own answer (always valid UTF-8) a repair has only its readability to show.
REPAIR_BONUS = 0.5

# Microsoft/glibc map the BIG5 user-defined rows to the Private Use Area; Python's big5 codec refuses them,
# so we invert those ranges ourselves: (first PUA code point, first lead byte, last lead byte).
_BIG5_EUDC = ((0xE000, 0xFA, 0xFE), (0xE311, 0x8E, 0xA0), (0xEEB8, 0x81, 0x8D), (0xF6B1, 0xC6, 0xC8))
_TRAILS = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]  # 157 trail bytes per lead byte


def _eudc_table() -> dict[int, bytes]:
    table: dict[int, bytes] = {}
    for start, first, last in _BIG5_EUDC:
        cp = start
        for lead in range(first, last + 1):
            for trail in _TRAILS:
                if lead == 0xC6 and trail < 0xA1:  # C6 row is shared: user area starts at C6A1
                    continue
                table.setdefault(cp, bytes((lead, trail)))
                cp += 1
    return table


_EUDC = _eudc_table()


def _encode_big5(text: str) -> bytes:
    out = bytearray()
    for ch in text:
        eudc = _EUDC.get(ord(ch))
        if eudc is not None:
            out += eudc
            continue
        for codec in ("big5", "cp950", "big5hkscs"):
            try:
                out += ch.encode(codec)
                break
            except UnicodeEncodeError:
                continue
        else:
            raise UnicodeEncodeError("big5", text, 0, 1, f"{ch!r} has no BIG5 code")
    return bytes(out)


def _invert(text: str, guess: str) -> bytes:
    """The bytes zbar saw, if it had decoded them as `guess`; raises UnicodeEncodeError otherwise."""
    return _encode_big5(text) if guess == "big5" else text.encode(guess)


def _gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def plausibility(text: str) -> float:
    """Mean score per character of `text` being real Chinese/ASCII rather than mojibake.

    Mojibake is full of Latin-1 accents, half-width katakana, Private Use and control characters, and
    traditional or rare hanzi; a citizen's QR code (simplified Chinese, ASCII, full-width punctuation)
    is not. A mean, not a sum, so a repair that shortens the string is not penalised.
    """
    if not text:
        return 0.0
    score = 0.0
    for ch in text:
        o = ord(ch)
        if ch in "\t\r\n" or 0x20 <= o < 0x7F:
            score += 1
        elif o < 0x20 or 0x7F <= o < 0xA0 or o == 0xFFFD or 0xE000 <= o <= 0xF8FF:
            score -= 5
        elif o < 0x100:
            score -= 2
        elif 0xFF61 <= o <= 0xFF9F:
            score -= 3
        elif 0x3040 <= o <= 0x30FF:
            score -= 1
        elif _gb2312(ch):
            score += 3 if unicodedata.category(ch).startswith("L") else 2
        elif 0x4E00 <= o <= 0x9FFF:
            score += 0.5
        else:  # other scripts and symbols: possible, but far likelier to be a wrong guess
            score -= 1
    return score / len(text)


def decode_raw(raw: bytes) -> tuple[str, str]:
    """Text and encoding name of payload bytes as printed in the code (no zbar conversion involved).

    UTF-8 first: it is what modern generators (WeChat, Alipay, government systems) write, and random
    GBK bytes are almost never valid UTF-8. Then GBK/GB18030, which older Chinese systems still emit.
    Latin-1 last, because it decodes anything and so never fails.
    """
    if raw.isascii():
        return raw.decode("ascii"), "ascii"
    candidates = []
    for codec, name in (("utf-8", "utf-8"), ("gbk", "gbk"), ("gb18030", "gb18030"), ("shift_jis", "shift_jis")):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        candidates.append((plausibility(text) + (UTF8_BONUS if name == "utf-8" else 0), text, name))
    if not candidates:
        return raw.decode("latin-1"), "latin-1"
    best = max(candidates, key=lambda c: c[0])  # max keeps the first of equals: UTF-8 wins ties
    return best[1], best[2]


def repair_zbar_text(data: bytes) -> tuple[str, bytes, str]:
    """Text, the payload bytes as printed, and their encoding, from zbar's converted (UTF-8) output.

    Inverts each of zbar's guesses; a guess whose inversion gives valid UTF-8 or GBK text that reads
    better than zbar's own answer wins. zbar's answer is kept on a tie, so correct text is never "repaired".
    """
    try:
        shown = data.decode("utf-8")
    except UnicodeDecodeError:  # not converted at all: these are raw bytes
        text, enc = decode_raw(data)
        return text, data, enc
    if shown.isascii():
        return shown, data, "ascii"
    best = (plausibility(shown), shown, data, "utf-8")
    for guess in GUESSES:
        try:
            raw = _invert(shown, guess)
        except UnicodeEncodeError:
            continue
        if raw == data or raw.isascii():
            continue
        text, enc = decode_raw(raw)
        if enc in ("latin-1", "shift_jis"):
            continue
        score = plausibility(text) + (REPAIR_BONUS if enc == "utf-8" else 0)
        if score > best[0]:
            best = (score, text, raw, enc)
    return best[1], best[2], best[3]
