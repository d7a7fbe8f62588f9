"""Citizen-facing text: no stray brackets or markup, and department names as the plan spells them.

The plan's table is reproduced verbatim (matter `name`), so where it carries markup that is not part of
the name (theme 32's <无犯罪记录证明>) the matter gives a `display_name`; everything a citizen reads is
checked here: brackets must pair up and no angle brackets, tags or Markdown may show.
"""
from __future__ import annotations

import re

from .model import Catalogue
from .source import SourceError

PAIRS = {"（": "）", "(": ")", "《": "》", "【": "】", "“": "”", "[": "]", "「": "」"}
#: Never part of a citizen's text: angle brackets (ASCII and the look-alikes ‹ ›), tags, Markdown.
MARKUP = re.compile(r"[<>‹›＜＞]|\*\*|__|`|\{|\}|&[a-z]+;")


def text_problem(text: str) -> str | None:
    """Why a display text is malformed, or None."""
    m = MARKUP.search(text)
    if m:
        return f"markup {m.group(0)!r} in citizen-facing text"
    stack = []
    closers = {v: k for k, v in PAIRS.items()}
    for ch in text:
        if ch in PAIRS:
            stack.append(ch)
        elif ch in closers:
            if not stack or stack[-1] != closers[ch]:
                return f"unpaired {ch!r}"
            stack.pop()
    return f"unclosed {stack[-1]!r}" if stack else None


def _display_texts(cat: Catalogue):
    for t in cat.themes.values():
        rel = f"themes/{t.id}.toml"
        yield rel, "name", t.name
        for key in ("short_name", "summary", "town_note"):
            if getattr(t, key):
                yield rel, key, getattr(t, key)
        for i, note in enumerate(t.notes):
            yield rel, f"notes/{i}", note
        for qi, q in enumerate(t.questions):
            yield rel, f"questions/{qi}/text", q.text
            if q.help:
                yield rel, f"questions/{qi}/help", q.help
            for oi, o in enumerate(q.options):
                yield rel, f"questions/{qi}/options/{oi}/label", o.label
                for u in o.materials:
                    if u.note:
                        yield rel, f"questions/{qi}/options/{oi}/materials/{u.ref}/note", u.note
        for i, tm in enumerate(t.matters):
            if tm.department_name:
                yield rel, f"matters/{i}/department_name", tm.department_name
    for m in cat.matters.values():
        rel = f"matters/{m.id}.toml"
        yield rel, "display_name" if m.display_name else "name", m.title
        yield rel, "result/name", m.result["name"]
        for key in ("fee_note", "time_limit_note"):
            if getattr(m, key):
                yield rel, key, getattr(m, key)
        for u in m.materials:
            if u.note:
                yield rel, f"materials/{u.ref}/note", u.note
    for mid, mat in cat.materials.items():
        yield f"materials/{mid}.toml", "name", mat.name
        yield f"materials/{mid}.toml", "description", mat.description
    for fid, f in cat.fields.items():
        yield f"fields/{fid}.toml", "label", f.label
        if f.hint:
            yield f"fields/{fid}.toml", "hint", f.hint
    for d in cat.departments.values():
        yield "departments.toml", f"{d.id}/name", d.name
    for loc in cat.locations.values():
        for key in ("name", "window", "address", "hours"):
            if getattr(loc, key):
                yield "locations.toml", f"{loc.id}/{key}", getattr(loc, key)
    for rid, role in cat.roles.items():
        yield "roles.toml", f"role/{rid}/label", role.label


def check_display(cat: Catalogue) -> list[SourceError]:
    return [SourceError(rel, path, f"{problem}: {text!r}") for rel, path, text in _display_texts(cat)
            for problem in [text_problem(text)] if problem]
