"""Every path a citizen can take through a theme's situation questions, for honest figures and checks.

A path is one full set of answers: one option of each single question, one non-empty set of options of
each multi question. A theme whose combinations pass `LIMIT` is represented by its most common path
instead — the first option of every question, which authors list most common first — and says so.
"""
from __future__ import annotations

from itertools import combinations, product

from .model import Question, Theme

#: More combinations than this and a theme is represented by its most common path.
LIMIT = 256


def _choices(q: Question) -> list[list[str]]:
    values = [o.value for o in q.options]
    if q.type == "single":
        return [[v] for v in values]
    return [list(c) for n in range(1, len(values) + 1) for c in combinations(values, n)]


def count(theme: Theme) -> int:
    n = 1
    for q in theme.questions:
        n *= len(_choices(q))
    return n


def common_path(theme: Theme) -> dict[str, list[str]]:
    """The path most citizens take: the first option of every question (options are listed most common first)."""
    return {q.id: [q.options[0].value] for q in theme.questions}


def paths(theme: Theme, limit: int = LIMIT) -> tuple[list[dict[str, list[str]]], bool]:
    """(paths, complete): every combination of answers, or ([common path], False) past `limit`."""
    if count(theme) > limit:
        return [common_path(theme)], False
    ids = [q.id for q in theme.questions]
    return [dict(zip(ids, combo)) for combo in product(*(_choices(q) for q in theme.questions))], True


def describe(answers: dict[str, list[str]]) -> str:
    """`kind=retired; utilities=gas,water` — how a path is written in reports and on the command line."""
    return "; ".join(f"{k}={','.join(v)}" for k, v in answers.items()) or "(no questions)"
