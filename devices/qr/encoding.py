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


def plausibility(text: str, kana: float = -1.0) -> float:
    """Mean score per character of `text` being real Chinese/ASCII rather than mojibake.

    Mojibake is full of Latin-1 accents, half-width katakana, Private Use and control characters, and
    traditional or rare hanzi; a citizen's QR code (simplified Chinese, ASCII, full-width punctuation)
    is not. A mean, not a sum, so a repair that shortens the string is not penalised.

    `kana` scores full-width hiragana and katakana: mojibake when undoing zbar's guesses (the
    default), but real text when choosing how to read raw bytes, where Japanese written in
    Shift_JIS is the reading whose GBK decoding is a string of rare hanzi.
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
            score += kana
        elif _gb2312(ch):
            score += 3 if unicodedata.category(ch).startswith("L") else 2
        elif 0x4E00 <= o <= 0x9FFF:
            score += 0.5
        else:  # other scripts and symbols: possible, but far likelier to be a wrong guess
            score -= 1
    return score / len(text)


# ECI designators (ISO/IEC 18004 via AIM ECI) -> Python codec. GB 18030 is a superset of GB 2312 (29).
ECI_CODECS = {0: "cp437", 1: "latin-1", 2: "cp437", 3: "latin-1", 4: "iso8859-2", 5: "iso8859-3",
              6: "iso8859-4", 7: "iso8859-5", 8: "iso8859-6", 9: "iso8859-7", 10: "iso8859-8",
              11: "iso8859-9", 12: "iso8859-10", 13: "iso8859-11", 15: "iso8859-13", 16: "iso8859-14",
              17: "iso8859-15", 18: "iso8859-16", 20: "shift_jis", 21: "cp1250", 22: "cp1251",
              23: "cp1252", 24: "cp1256", 25: "utf-16-be", 26: "utf-8", 27: "ascii", 28: "big5",
              29: "gb18030", 30: "euc-kr", 32: "gb18030", 170: "ascii"}
# Without ECI: in this order, and a later reading must read better to win (see decode_raw).
GUESS_ORDER = (("utf-8", "utf-8"), ("gbk", "gbk"), ("gb18030", "gb18030"), ("shift_jis", "shift_jis"),
               ("cp932", "cp932"))
KANA_AS_TEXT = 2.5


def decode_raw(raw: bytes, eci: int | None = None) -> tuple[str, str]:
    """Text and encoding name of payload bytes as printed in the code (no zbar conversion involved).

    An ECI in the code names the character set and is honoured. Without one (most codes): UTF-8
    first, since it is what modern generators (WeChat, Alipay, government systems) write and random
    GBK bytes are almost never valid UTF-8; then GBK/GB18030, which older Chinese systems still
    emit; then Shift_JIS (Japanese documents), each chosen by validity and then by which reading
    looks like real text in one script. Latin-1 last, because it decodes anything.
    """
    if eci is not None and eci in ECI_CODECS:
        codec = ECI_CODECS[eci]
        try:
            return raw.decode(codec), codec
        except UnicodeDecodeError:
            pass  # a code that lies about its charset: read it as if it had no ECI
    if raw.isascii():
        return raw.decode("ascii"), "ascii"
    candidates = []
    for codec, name in GUESS_ORDER:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(c[1] == text for c in candidates):
            continue  # cp932 reading the same as shift_jis adds nothing
        candidates.append((plausibility(text, KANA_AS_TEXT) + (UTF8_BONUS if name == "utf-8" else 0), text, name))
    if not candidates:
        return raw.decode("latin-1"), "latin-1"
    best = max(candidates, key=lambda c: c[0])  # max keeps the first of equals: the earlier codec wins ties
    return best[1], best[2]


def parse_eci_protocol(data: bytes) -> list[tuple[int | None, bytes]]:
    """Segments (ECI or None, bytes) of a payload transmitted in the AIM ECI protocol.

    zxing-cpp's HexECI text mode gives the symbology identifier (]Q1: no ECI; ]Q2: ECI protocol)
    then the data, where a backslash and six digits switch the character set and a doubled
    backslash is a literal one.
    """
    if data[:3] != b"]Q2":
        return [(None, data[3:] if data[:2] == b"]Q" else data)]
    out: list[tuple[int | None, bytes]] = []
    eci: int | None = None
    buf = bytearray()
    i, body = 0, data[3:]
    while i < len(body):
        if body[i:i + 1] == b"\\":
            nxt = body[i + 1:i + 7]
            if body[i + 1:i + 2] == b"\\":
                buf += b"\\"
                i += 2
                continue
            if len(nxt) == 6 and nxt.isdigit():
                if buf:
                    out.append((eci, bytes(buf)))
                    buf = bytearray()
                eci = int(nxt)
                i += 7
                continue
        buf += body[i:i + 1]
        i += 1
    if buf or not out:
        out.append((eci, bytes(buf)))
    return out


def decode_segments(segments: list[tuple[int | None, bytes]]) -> tuple[str, bytes, str, int | None]:
    """Text, payload bytes, encoding and the (first) ECI of a code read through the ECI protocol."""
    texts, encs = [], []
    for eci, raw in segments:
        text, enc = decode_raw(raw, eci)
        texts.append(text)
        encs.append(enc)
    raw = b"".join(r for _, r in segments)
    eci = next((e for e, _ in segments if e is not None), None)
    return "".join(texts), raw, "+".join(dict.fromkeys(encs)), eci


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
