"""Every colour pair that carries text has contrast >= 4.5:1 (WCAG 2.x, MIIT 2021); sizes meet the rules."""
from __future__ import annotations

import pytest

from screens import style


def luminance(rgba) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast((0, 0, 0, 1), (1, 1, 1, 1)) == pytest.approx(21.0)
    assert contrast((0.5, 0.5, 0.5, 1), (1, 1, 1, 1)) < 4.5          # mid grey on white fails, as it should


@pytest.mark.parametrize("name", sorted(style.TEXT_PAIRS))
def test_text_colour_pair_has_at_least_4_5_to_1(name):
    fg, bg = style.TEXT_PAIRS[name]
    assert contrast(fg, bg) >= 4.5, f"{name}: {contrast(fg, bg):.2f}"


def test_sizes_meet_the_kiosk_and_elder_rules():
    assert style.BODY_SP >= 24 and style.TOUCH_DP >= 60
    assert style.ELDER_SCALE >= 1.5 and style.LINE_HEIGHT >= 1.3


def test_lobby_sizes_are_readable_from_three_metres():
    # At 1080 lines: headings >= 64 sp, everything else >= 36 sp (tests/ui/test_lobby.py measures the slides).
    assert style.LOBBY_TITLE_SP >= 64 and style.LOBBY_VALUE_SP >= 64 and style.LOBBY_BODY_SP >= 36
