"""Sizes and colours for every screen, in one place (elder mode scales from here)."""
from __future__ import annotations

# Colours as RGBA floats. Text pairs are chosen for contrast >= 4.5:1 (WCAG AA, MIIT elder rules).
BACKGROUND = (0.96, 0.97, 0.98, 1)      # #F5F7FA
SURFACE = (1, 1, 1, 1)
PRIMARY = (0.0, 0.30, 0.60, 1)          # #004D99 government blue; white text on it: 8.1:1
ON_PRIMARY = (1, 1, 1, 1)
TEXT = (0.11, 0.13, 0.16, 1)            # #1C2129 on white: 16:1
TEXT_MUTED = (0.30, 0.33, 0.38, 1)      # #4D5461 on white: 7.7:1
ACCENT = (0.75, 0.16, 0.10, 1)          # #BF291A: number badges; white text on it: 6.0:1
DIVIDER = (0.82, 0.85, 0.89, 1)

# Sizes in sp/dp, for the standard 1080x1920 portrait screen.
TITLE_SP = 40
HEADING_SP = 32
BODY_SP = 26
SMALL_SP = 22
TOUCH_DP = 96          # tile height; well above the 60 dp minimum
PADDING_DP = 24
