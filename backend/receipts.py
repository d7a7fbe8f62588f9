"""Receipt numbers a citizen can read out over the phone, with a check character that catches typos.

Format MX-YYMMDD-NNNN-C: hall code, acceptance date, the day's sequence, and an ISO 7064 MOD 11-2 check
character (the same scheme as the ID card number, so staff already know the trailing X). The sequence has
four digits while it can and grows to five or six after the 9,999th of a day, so a busy day never runs
out (MX-250101-10000-X).
"""
from __future__ import annotations

import datetime as dt
import re

_WEIGHTS_CACHE: dict[int, list[int]] = {}
_PATTERN = re.compile(r"^([A-Z]{2})-([0-9]{6})-([0-9]{4,6})-([0-9X])$")


def mod11_2(digits: str) -> str:
    """ISO 7064 MOD 11-2 check character of a digit string."""
    n = len(digits)
    weights = _WEIGHTS_CACHE.setdefault(n, [pow(2, n - i, 11) for i in range(n)])
    total = sum(int(c) * w for c, w in zip(digits, weights))
    return "10X98765432"[total % 11]


def make_receipt(day: dt.date, sequence: int, hall: str = "MX") -> str:
    if not 0 < sequence < 1_000_000:
        raise ValueError("daily sequence out of range")
    body = f"{day:%y%m%d}{sequence:04d}"
    return f"{hall}-{day:%y%m%d}-{sequence:04d}-{mod11_2(body)}"


def is_valid_receipt(text: str) -> bool:
    m = _PATTERN.match(text.strip().upper())
    return bool(m) and mod11_2(m.group(2) + m.group(3)) == m.group(4)
