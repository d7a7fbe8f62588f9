"""Keyboard-wedge scanners: turning the key events a USB HID scanner types into the scanned text."""
from __future__ import annotations

# Linux input event codes (linux/input-event-codes.h), the same numbers evdev.ecodes holds; kept here so
# the parser and its tests run without python-evdev or /dev/input.
EV_KEY = 1
KEY_DOWN, KEY_UP, KEY_HOLD = 1, 0, 2
KEY_ENTER, KEY_KPENTER, KEY_TAB = 28, 96, 15
KEY_LEFTSHIFT, KEY_RIGHTSHIFT, KEY_CAPSLOCK = 42, 54, 58

# US layout, as scanners ship: code -> (plain, shifted).
_ROWS = {
    2: "1!", 3: "2@", 4: "3#", 5: "4$", 6: "5%", 7: "6^", 8: "7&", 9: "8*", 10: "9(", 11: "0)", 12: "-_", 13: "=+",
    16: "qQ", 17: "wW", 18: "eE", 19: "rR", 20: "tT", 21: "yY", 22: "uU", 23: "iI", 24: "oO", 25: "pP",
    26: "[{", 27: "]}", 30: "aA", 31: "sS", 32: "dD", 33: "fF", 34: "gG", 35: "hH", 36: "jJ", 37: "kK",
    38: "lL", 39: ";:", 40: "'\"", 41: "`~", 43: "\\|", 44: "zZ", 45: "xX", 46: "cC", 47: "vV", 48: "bB",
    49: "nN", 50: "mM", 51: ",<", 52: ".>", 53: "/?", 57: "  ",
    71: "77", 72: "88", 73: "99", 74: "--", 75: "44", 76: "55", 77: "66", 78: "++", 79: "11", 80: "22",
    81: "33", 82: "00", 83: "..", 98: "//", 55: "**",
}
KEYMAP: dict[int, tuple[str, str]] = {code: (pair[0], pair[1]) for code, pair in _ROWS.items()}
CHAR_TO_KEY: dict[str, tuple[int, bool]] = {}
for _code in sorted(KEYMAP, key=lambda c: (c >= 71, c)):  # main block before the keypad
    for _shift, _ch in enumerate(KEYMAP[_code]):
        CHAR_TO_KEY.setdefault(_ch, (_code, bool(_shift)))


class KeyWedgeParser:
    """Accumulate key-down events into text; Enter ends a scan.

    Shift is tracked from its own down/up events (scanners press it per character); Caps Lock flips
    letters only, as on a real keyboard. Auto-repeat (value 2) is ignored: scanners never hold keys,
    so a repeat is a stuck key, not data. Keys we cannot map are counted in `unknown`, not guessed.
    """

    def __init__(self, end_keys: tuple[int, ...] = (KEY_ENTER, KEY_KPENTER)) -> None:
        self.end_keys = end_keys
        self._buf: list[str] = []
        self._shift: set[int] = set()
        self._caps = False
        self.unknown = 0

    def feed(self, etype: int, code: int, value: int) -> str | None:
        """One input event; returns the scanned text when this event completes a scan."""
        if etype != EV_KEY:
            return None
        if code in (KEY_LEFTSHIFT, KEY_RIGHTSHIFT):
            (self._shift.add if value != KEY_UP else self._shift.discard)(code)
            return None
        if value != KEY_DOWN:
            return None
        if code == KEY_CAPSLOCK:
            self._caps = not self._caps
            return None
        if code in self.end_keys:
            text, self._buf = "".join(self._buf), []
            return text
        pair = KEYMAP.get(code)
        if pair is None:
            self.unknown += 1
            return None
        shifted = bool(self._shift)
        if self._caps and pair[0].isalpha():
            shifted = not shifted
        self._buf.append(pair[1] if shifted else pair[0])
        return None

    def feed_all(self, events) -> list[str]:
        """Every scan completed by a sequence of (type, code, value) events."""
        return [t for t in (self.feed(*e) for e in events) if t is not None]


def key_events(text: str, end: int = KEY_ENTER) -> list[tuple[int, int, int]]:
    """The events a US-layout wedge scanner sends for `text`, shift pressed around each capital.

    Used by the simulator; raises ValueError for characters a wedge cannot type (hanzi among them:
    that is why Chinese payloads need a scanner in serial mode).
    """
    events: list[tuple[int, int, int]] = []
    for ch in text:
        if ch not in CHAR_TO_KEY:
            raise ValueError(f"a keyboard wedge cannot type {ch!r}; use the scanner's serial (USB-COM) mode")
        code, shift = CHAR_TO_KEY[ch]
        if shift:
            events.append((EV_KEY, KEY_LEFTSHIFT, KEY_DOWN))
        events += [(EV_KEY, code, KEY_DOWN), (EV_KEY, code, KEY_UP)]
        if shift:
            events.append((EV_KEY, KEY_LEFTSHIFT, KEY_UP))
    events += [(EV_KEY, end, KEY_DOWN), (EV_KEY, end, KEY_UP)]
    return events
