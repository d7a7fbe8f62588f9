"""Screen text to speech: a sensible reading order with pauses, numbers said naturally, IDs masked.

Everything spoken passes through `speakable`, so an ID or phone number on screen is never read out in
full, whichever screen forgot to mask it: only "尾号" and the last four digits are said.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

DIGITS = "零一二三四五六七八九"
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
PHRASES = {
    "zh": {"id": "证件号码尾号", "long": "号码尾号", "choose": "您可以选择："},
    "en": {"id": "ID number ending", "long": "number ending", "choose": "You can choose:"},
}
#: Pause after each part, by role, in milliseconds: long enough to tell parts apart, short enough
#: that an elderly listener does not think the kiosk has stopped.
PAUSES = {"title": 800, "alert": 700, "body": 500, "button": 400}
ROLE_ORDER = {"title": 0, "alert": 1, "body": 2, "button": 3}

MARKUP = re.compile(r"\[/?(?:b|i|u|s|color|size|font|font_context|sub|sup|ref|anchor)(?:=[^\]]*)?\]")
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
LONG_DIGITS = re.compile(r"(?<![0-9A-Za-z])\d{11,}(?![0-9A-Za-z])")
MASKED = re.compile(r"(?<![0-9A-Za-z])[0-9Xx]{0,6}[*＊]{3,}([0-9Xx]{1,4})(?![0-9A-Za-z])")
CODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,3})[-]?(\d{2,})(?![0-9])")
DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})(?:\s*日)?")
TIME = re.compile(r"(?<!\d)(\d{1,2})[:：](\d{2})(?!\d)")
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
DECIMAL = re.compile(r"(\d+)\.(\d+)")
NUMBER = re.compile(r"\d+")
MEASURE = set("元人天个项号次岁年月日页份件张分秒位层楼")


def _short(lang: str) -> str:
    return "en" if lang.startswith("en") else "zh"


def digits_zh(s: str) -> str:
    """Codes and numbers meant to be read one digit at a time: "012" -> "零 一 二"."""
    return " ".join(DIGITS[int(c)] if c.isdigit() else c.upper() for c in s)


def cardinal_zh(n: int) -> str:
    """A count as said in Mandarin: 12 -> 十二, 105 -> 一百零五, 20300 -> 二万零三百."""
    if n < 0:
        return "负" + cardinal_zh(-n)
    if n == 0:
        return "零"
    if n >= 100_000_000:
        return digits_zh(str(n))
    if n >= 10_000:
        high, rest = divmod(n, 10_000)
        tail = _below_10000(rest)
        return cardinal_zh(high) + "万" + ("零" if 0 < rest < 1000 else "") + tail
    text = _below_10000(n)
    return text[1:] if text.startswith("一十") else text


def _below_10000(n: int) -> str:
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[d] + unit
    return out


def _mask(match: re.Match, lang: str, kind: str) -> str:
    tail = match.group(0)[-4:]
    said = digits_zh(tail) if lang == "zh" else " ".join(tail.upper())
    return f" {PHRASES[lang][kind]} {said} "


def speakable(text: str, lang: str = "zh_CN") -> str:
    """Rewrite one on-screen text for the voice: no markup, masked IDs, numbers read naturally."""
    lang = _short(lang)
    text = MARKUP.sub("", text).replace(" · ", "，" if lang == "zh" else ", ")
    text = MASKED.sub(lambda m: f" {PHRASES[lang]['long']} "
                      + (digits_zh(m.group(1)) if lang == "zh" else " ".join(m.group(1))) + " ", text)
    text = ID_NUMBER.sub(lambda m: _mask(m, lang, "id"), text)
    text = LONG_DIGITS.sub(lambda m: _mask(m, lang, "long"), text)
    if lang == "en":
        text = CODE.sub(lambda m: " " + " ".join(m.group(1).upper()) + ", " + " ".join(m.group(2)) + " ", text)
        text = DATE.sub(lambda m: _date_en(m), text)
        return re.sub(r"\s+", " ", text).strip()
    text = CODE.sub(lambda m: " " + " ".join(m.group(1).upper()) + " " + digits_zh(m.group(2)) + " ", text)
    text = DATE.sub(lambda m: f"{digits_zh(m.group(1)).replace(' ', '')}年"
                    f"{cardinal_zh(int(m.group(2)))}月{cardinal_zh(int(m.group(3)))}日", text)
    text = TIME.sub(lambda m: f"{cardinal_zh(int(m.group(1)))}点"
                    + (f"{cardinal_zh(int(m.group(2)))}分" if int(m.group(2)) else "整"), text)
    text = PERCENT.sub(lambda m: "百分之" + _number_zh(m.group(1)), text)
    text = DECIMAL.sub(lambda m: f"{cardinal_zh(int(m.group(1)))}点{digits_zh(m.group(2)).replace(' ', '')}",
                       text)
    text = NUMBER.sub(lambda m: _integer_zh(m, text), text)
    return re.sub(r"\s+", " ", text).strip()


def _number_zh(s: str) -> str:
    whole, _, frac = s.partition(".")
    return cardinal_zh(int(whole)) + (("点" + digits_zh(frac).replace(" ", "")) if frac else "")


def _integer_zh(m: re.Match, text: str) -> str:
    """Counts before a measure word are cardinals (12个 -> 十二个); codes are read digit by digit."""
    s = m.group(0)
    following = text[m.end():m.end() + 1]
    if following in MEASURE and len(s) <= 8 and not (s.startswith("0") and len(s) > 1):
        return cardinal_zh(int(s))
    if s.startswith("0") or len(s) > 4:
        return " " + digits_zh(s) + " "
    return cardinal_zh(int(s))


def _date_en(m: re.Match) -> str:
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 1 <= month <= 12:
        return m.group(0)
    return f"{day} {MONTHS_EN[month - 1]} {year}"


@dataclass(frozen=True)
class Utterance:
    """What to say: parts already made speakable, each followed by a pause (ms).

    `lang` is the language of the text (zh_CN or en). `voices`, when given, names the voice of each part
    (cmn, hak, en: keys of engine.VOICES); empty, every part is said in `lang`. The text stays as it is on
    screen (hanzi even for a Hakka part): the narrator turns a `hak` part into what the voice reads.
    """

    parts: tuple[tuple[str, int], ...]
    lang: str = "zh_CN"
    voices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.voices and len(self.voices) != len(self.parts):
            raise ValueError(f"{len(self.voices)} voices for {len(self.parts)} parts")

    @classmethod
    def plain(cls, text: str, lang: str = "zh_CN") -> Utterance:
        return cls(((speakable(text, lang), 0),), lang)

    def voice_of(self, i: int) -> str:
        return self.voices[i] if self.voices else self.lang

    @property
    def text(self) -> str:
        """For tests and the CLI only: never log this, it may hold a citizen's details."""
        return " / ".join(t for t, _ in self.parts)


def read_screen(items: Iterable[tuple[str, str]], lang: str = "zh_CN") -> Utterance:
    """`items` as (role, text), role title|alert|body|button, in screen order.

    Said as a sighted user reads: the title, then any error or warning, then the body in order, then
    "you can choose:" and the buttons, each separated by a pause so one can be told from the next.
    """
    ranked = sorted(((ROLE_ORDER.get(role, 2), i, role, text) for i, (role, text) in enumerate(items)))
    parts: list[tuple[str, int]] = []
    said_choose = False
    for _, _, role, text in ranked:
        spoken = speakable(text or "", lang)
        if not spoken or (parts and parts[-1][0] == spoken):
            continue
        if role == "button" and not said_choose:
            parts.append((PHRASES[_short(lang)]["choose"], 300))
            said_choose = True
        parts.append((spoken, PAUSES.get(role, PAUSES["body"])))
    if not parts:
        raise ValueError("nothing on this screen to read")
    last_text, _ = parts[-1]
    parts[-1] = (last_text, 0)
    return Utterance(tuple(parts), lang)


def screen_items(title: str = "", body: Sequence[str] = (), buttons: Sequence[str] = (),
                 alerts: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Convenience for screens that keep their texts in separate fields."""
    return ([("title", title)] + [("alert", a) for a in alerts] + [("body", b) for b in body]
            + [("button", b) for b in buttons])
