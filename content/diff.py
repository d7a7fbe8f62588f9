"""What changes for citizens between two catalogues (the published one and a draft): the home list
(themes added, removed, reordered, renamed), per theme the matters, documents and form fields a citizen
may be asked for, and per matter the time limit and the fee. Staff read it before they publish."""
from __future__ import annotations

from .model import Catalogue, Theme


def _asked(cat: Catalogue, theme: Theme, kind: str) -> set[str]:
    """Every material (or field) the theme may ask for, in any situation."""
    ids = {u.ref for mid in theme.matter_ids for u in getattr(cat.matters[mid], kind)}
    for q in theme.questions:
        for opt in q.options:
            ids |= {u.ref for u in getattr(opt, kind)}
    return ids


def _named(cat: Catalogue, kind: str, ids) -> list[dict]:
    reg = cat.materials if kind == "materials" else cat.fields
    name = (lambda x: x.name) if kind == "materials" else (lambda x: x.label)
    return [{"id": i, "name": name(reg[i])} for i in sorted(ids)]


def changes(old: Catalogue, new: Catalogue) -> dict:
    """The differences a citizen would notice, as data (`summary` renders it as lines)."""
    old_home = [t.id for t in old.enabled_themes()]
    new_home = [t.id for t in new.enabled_themes()]
    theme = lambda cat, tid: {"id": tid, "no": cat.themes[tid].no, "name": cat.themes[tid].name}  # noqa: E731
    out: dict = {
        "from_version": old.version, "to_version": new.version,
        "themes_added": [theme(new, t) for t in new_home if t not in old_home],
        "themes_removed": [theme(old, t) for t in old_home if t not in new_home],
        "reordered": [], "renamed": [], "themes": [], "matters": [],
    }
    common_old = [t for t in old_home if t in new_home]
    common_new = [t for t in new_home if t in old_home]
    if common_old != common_new:
        out["reordered"] = [{**theme(new, t), "from": common_old.index(t) + 1, "to": common_new.index(t) + 1}
                            for t in common_new if common_old.index(t) != common_new.index(t)]
        out["home_order"] = {"before": [old.themes[t].name for t in old_home],
                             "after": [new.themes[t].name for t in new_home]}
    for tid in common_new:
        a, b = old.themes[tid], new.themes[tid]
        if a.name != b.name:
            out["renamed"].append({"id": tid, "no": b.no, "from": a.name, "to": b.name})
        entry = {**theme(new, tid)}
        for kind in ("materials", "fields"):
            before, after = _asked(old, a, kind), _asked(new, b, kind)
            if after - before:
                entry[f"{kind}_added"] = _named(new, kind, after - before)
            if before - after:
                entry[f"{kind}_removed"] = _named(old, kind, before - after)
        mb, ma = set(a.matter_ids), set(b.matter_ids)
        if ma - mb:
            entry["matters_added"] = [{"id": m, "name": new.matters[m].name} for m in sorted(ma - mb)]
        if mb - ma:
            entry["matters_removed"] = [{"id": m, "name": old.matters[m].name} for m in sorted(mb - ma)]
        if len(entry) > 3:
            out["themes"].append(entry)
    shown = {m for t in new_home for m in new.themes[t].matter_ids}
    for mid in sorted(shown & set(old.matters)):
        a, b = old.matters[mid], new.matters[mid]
        change = {}
        if (a.time_limit_days, a.time_limit_note) != (b.time_limit_days, b.time_limit_note):
            change["time_limit_days"] = [a.time_limit_days, b.time_limit_days]
        if (a.fee_amount, a.fee_note) != (b.fee_amount, b.fee_note):
            change["fee"] = [a.fee_amount, b.fee_amount]
        if change:
            out["matters"].append({"id": mid, "name": b.name, **change,
                                   "themes": [new.themes[t].no for t in new_home if mid in new.themes[t].matter_ids]})
    out["changed"] = any(out[k] for k in ("themes_added", "themes_removed", "reordered", "renamed", "themes",
                                           "matters"))
    return out


def summary(diff: dict) -> list[str]:
    """The changes as plain lines for the command line and the console."""
    lines = []
    for t in diff["themes_added"]:
        lines.append(f"+ theme {t['no']} {t['name']} appears on the home screen")
    for t in diff["themes_removed"]:
        lines.append(f"- theme {t['no']} {t['name']} leaves the home screen")
    for t in diff["reordered"]:
        lines.append(f"~ theme {t['no']} {t['name']} moves from place {t['from']} to {t['to']}")
    for t in diff["renamed"]:
        lines.append(f"~ theme {t['no']} renamed {t['from']} → {t['to']}")
    for t in diff["themes"]:
        for key, sign, what in (("matters_added", "+", "matter"), ("matters_removed", "-", "matter"),
                                ("materials_added", "+", "document"), ("materials_removed", "-", "document"),
                                ("fields_added", "+", "form field"), ("fields_removed", "-", "form field")):
            for item in t.get(key, []):
                lines.append(f"{sign} theme {t['no']} {what} {item['name']}")
    for m in diff["matters"]:
        if "time_limit_days" in m:
            a, b = m["time_limit_days"]
            lines.append(f"~ {m['name']}: time limit {a} → {b} working days")
        if "fee" in m:
            a, b = m["fee"]
            lines.append(f"~ {m['name']}: fee {a:g} → {b:g} yuan")
    return lines or ["no change a citizen would see"]
