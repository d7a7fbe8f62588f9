"""Sizes and colours for every screen, in one place. Elder mode scales every size by ELDER_SCALE.

Every colour pair used for text is listed in TEXT_PAIRS; tests/ui/test_style.py computes each contrast
(WCAG 2.x) and requires >= 4.5:1 (MIIT 2021 elder-friendly rules, EN 301 549).
"""
from __future__ import annotations

# Colours as RGBA floats.
BACKGROUND = (0.96, 0.97, 0.98, 1)      # #F5F7FA
SURFACE = (1, 1, 1, 1)
PRIMARY = (0.0, 0.30, 0.60, 1)          # #004D99 government blue
PRIMARY_DARK = (0.0, 0.22, 0.45, 1)     # pressed
ON_PRIMARY = (1, 1, 1, 1)
TEXT = (0.11, 0.13, 0.16, 1)            # #1C2129
TEXT_MUTED = (0.30, 0.33, 0.38, 1)      # #4D5461
ACCENT = (0.75, 0.16, 0.10, 1)          # #BF291A number badges, errors
ON_ACCENT = (1, 1, 1, 1)
SUCCESS = (0.05, 0.42, 0.20, 1)         # #0D6B33 "from the ID card", done
WARNING_BG = (1.0, 0.95, 0.80, 1)       # #FFF2CC 容缺 notes, printer problems
WARNING_TEXT = (0.40, 0.26, 0.0, 1)     # #664200
DIVIDER = (0.82, 0.85, 0.89, 1)
SELECTED = (0.85, 0.91, 0.98, 1)        # #D9E8FA a chosen option

#: (text, background) pairs that carry text somewhere on screen.
TEXT_PAIRS = {
    "body on background": (TEXT, BACKGROUND),
    "body on surface": (TEXT, SURFACE),
    "muted on surface": (TEXT_MUTED, SURFACE),
    "muted on background": (TEXT_MUTED, BACKGROUND),
    "primary on surface": (PRIMARY, SURFACE),
    "primary on background": (PRIMARY, BACKGROUND),
    "white on primary": (ON_PRIMARY, PRIMARY),
    "white on pressed primary": (ON_PRIMARY, PRIMARY_DARK),
    "white on accent": (ON_ACCENT, ACCENT),
    "accent on surface": (ACCENT, SURFACE),
    "accent on background": (ACCENT, BACKGROUND),       # a title that says something went wrong
    "success on surface": (SUCCESS, SURFACE),
    "warning text on warning": (WARNING_TEXT, WARNING_BG),
    "body on selected": (TEXT, SELECTED),
    "primary on selected": (PRIMARY, SELECTED),
    "white on success": (ON_PRIMARY, SUCCESS),          # the flowchart's last box
    "body on warning": (TEXT, WARNING_BG),              # the flowchart's city-level boxes
}

# Sizes in sp/dp for the standard 1080x1920 portrait screen (standard mode).
TITLE_SP = 40
HEADING_SP = 34
BODY_SP = 28          # >= 24 sp body text (kiosk brief)
SMALL_SP = 24
BUTTON_SP = 30
TOUCH_DP = 96         # button height; minimum target 60 dp (MIIT), 96 standard
PADDING_DP = 24
BAR_DP = 120          # top and bottom bars
ELDER_SCALE = 1.5     # text >= 1.5x in elder mode
LINE_HEIGHT = 1.35    # >= 1.3 line spacing (MIIT)

# The lobby display (screens/lobby.py): a landscape 1920x1080 hall screen read from about 3 m, no touch.
# Sizes are for 1080 lines and scale with the screen's height (a 4K lobby screen doubles them).
LOBBY_TITLE_SP = 72   # the theme's name; headings >= 64 sp at 3 m
LOBBY_VALUE_SP = 64   # the big figures (days, departments, documents)
LOBBY_BODY_SP = 36    # everything else, the flowchart's boxes included: >= 36 sp at 3 m
LOBBY_PADDING_DP = 28
LOBBY_CALL_SP = 48    # a called ticket on the now-serving band: one line above the flowchart
