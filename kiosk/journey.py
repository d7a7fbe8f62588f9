"""What comes next: the steps of a theme's journey, one question per screen (GOV.UK's pattern)."""
from __future__ import annotations

from content.model import Theme

START = "notice"
FIXED_BEFORE = ["notice", "identify"]
FIXED_AFTER = ["form", "materials", "check", "consent", "submitting", "done"]


def steps(theme: Theme) -> list[str]:
    """Step names: notice, identify, one `question:<id>` per situation question, form, materials, …"""
    return FIXED_BEFORE + [f"question:{q.id}" for q in theme.questions] + FIXED_AFTER


def next_step(theme: Theme, current: str) -> str:
    s = steps(theme)
    i = s.index(current)
    return s[min(i + 1, len(s) - 1)]


def previous_step(theme: Theme, current: str) -> str | None:
    """None at the first step: 'back' then means the home screen."""
    s = steps(theme)
    i = s.index(current)
    return s[i - 1] if i > 0 and current not in ("submitting", "done") else None


def progress(theme: Theme, current: str) -> tuple[int, int]:
    """(step number, of how many) for the progress line a citizen sees; done is not a step."""
    s = steps(theme)[:-2]
    return (s.index(current) + 1 if current in s else len(s), len(s))
