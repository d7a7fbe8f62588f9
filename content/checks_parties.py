"""Parties kept apart: checks that the one merged list never joins two parties' documents or data.

The merge joins the same material for the same party (content/merge.py). These checks catch the data that
would defeat it: an organisation's data asked of a person (a company name on the applicant), an
organisation without an agent to act for it, a theme casting a role its matter does not have, and — read
on every path a citizen can take — one merged item whose per-matter notes name different parties (the
installer's and the user's licence collapsed into one).
"""
from __future__ import annotations

from .merge import notice
from .model import Catalogue, Theme
from .paths import describe, paths
from .source import SourceError


def parties_named(note: str, cat: Catalogue) -> frozenset[str]:
    """The parties a note names by their words, longest words first (施工单位经办人 before 施工单位)."""
    words = sorted(((w, rid) for rid, role in cat.roles.items() for w in role.words), key=lambda x: -len(x[0]))
    found, text = set(), note
    for word, rid in words:
        if word in text:
            found.add(rid)
            text = text.replace(word, "\0")
    return frozenset(found)


def check_roles(cat: Catalogue) -> list[SourceError]:
    errors = []
    for rid, role in cat.roles.items():
        if role.kind == "organisation":
            agent = cat.roles.get(role.agent or "")
            if agent is None or agent.kind != "person":
                errors.append(SourceError("roles.toml", f"role/{rid}/agent",
                                          "an organisation needs an agent: the person role that acts for it"))
    for mid, m in cat.matters.items():
        if m.filed_by not in cat.roles:
            errors.append(SourceError(f"matters/{mid}.toml", "filed_by", f"unknown role {m.filed_by!r}"))
    return errors


def _matter_roles(cat: Catalogue, mid: str) -> set[str]:
    m = cat.matters[mid]
    return {m.filed_by} | {u.holder for u in m.materials} | {u.holder for u in m.fields}


def _check_casting(cat: Catalogue, theme: Theme, err) -> None:
    for i, tm in enumerate(theme.matters):
        for role, party in tm.parties:
            if role not in _matter_roles(cat, tm.ref):
                err(f"matters/{i}/parties/{role}", f"matter {tm.ref!r} has no party {role!r} to cast")
            if party not in cat.roles:
                err(f"matters/{i}/parties/{role}", f"unknown role {party!r}")


def _check_path(cat: Catalogue, theme: Theme, answers: dict, err) -> None:
    n = notice(cat, theme, answers)
    where = f"path {describe(answers)}"
    for kind, items, registry in (("materials", n["materials"], cat.materials),
                                  ("fields", n["fields"], cat.fields)):
        for item in items:
            ref = item.get("material") or item.get("field")
            subject = registry[ref].subject
            holder = item["holder"]
            if holder and subject == "organisation" and cat.roles[holder].kind == "person":
                err(f"{kind}/{item['id']}", f"{ref!r} is an organisation's but is asked of "
                    f"{cat.roles[holder].label} ({holder}), a person, by {', '.join(item['serves'])} ({where}): "
                    "give the use a holder (employer, company, installer, …) or the matter a filed_by")
            if kind != "materials":
                continue
            if ref == "power-of-attorney" and holder in {r.agent for r in cat.roles.values()} - {"applicant"}:
                err(f"materials/{item['id']}", f"a power of attorney is its principal's, not the agent's "
                    f"({holder}); give it the holder of the party that authorises ({where})")
            named = {}
            for entry in item["notes_by_matter"]:
                tm = next(t for t in theme.matters if t.ref == entry["matter"])
                parties = frozenset(tm.party(p) for p in parties_named(entry["note"], cat))
                if parties:
                    named.setdefault(parties, []).append(f"{entry['matter']}: {entry['note']}")
            if len(named) > 1:
                listing = " | ".join(f"[{'+'.join(sorted(k))}] {'; '.join(v)}" for k, v in named.items())
                err(f"materials/{item['id']}", f"one merged item carries notes naming different parties "
                    f"({where}): {listing}")


def check_parties(cat: Catalogue) -> list[SourceError]:
    """Every party problem in every theme, on every path (or the most common one where paths explode)."""
    errors: dict[tuple, SourceError] = {}
    for e in check_roles(cat):
        errors[(e.file, e.path, e.message)] = e
    for theme in cat.themes.values():
        rel = f"themes/{theme.id}.toml"
        seen: set[tuple[str, str]] = set()

        def err(path: str, message: str, rel=rel, seen=seen) -> None:
            key = (path, message.split(" (path ")[0])
            if key not in seen:
                seen.add(key)
                errors[(rel, path, message)] = SourceError(rel, path, message)

        _check_casting(cat, theme, err)
        for answers in paths(theme)[0]:
            _check_path(cat, theme, answers, err)
    return list(errors.values())
