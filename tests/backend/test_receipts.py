"""Receipt numbers carry a check character that catches a mistyped digit."""
from __future__ import annotations

import datetime as dt

from backend.receipts import is_valid_receipt, make_receipt, mod11_2


def test_check_character_matches_the_id_card_standard_example():
    assert mod11_2("11010519491231002") == "X"


def test_receipt_is_readable_and_valid():
    r = make_receipt(dt.date(2026, 11, 29), 42)
    assert r.startswith("MX-261129-0042-") and is_valid_receipt(r)


def test_any_single_mistyped_digit_is_caught():
    r = make_receipt(dt.date(2026, 11, 29), 42)
    for i, c in enumerate(r):
        if c.isdigit():
            for d in "0123456789":
                if d != c:
                    assert not is_valid_receipt(r[:i] + d + r[i + 1:])
