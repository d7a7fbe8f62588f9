"""Honest figures: what one merged application saves on the path a citizen actually takes.

Adding every situation of a theme at once overstates the saving (theme 3 read 12 → 4 documents, while
every citizen answers one kind of filing and gets 3 → 3). Figures here are per answered path
(content/paths.py): every combination of answers, or the most common path where combinations explode,
with the all-situations sum kept only as a secondary column. The plan's targets are computed from the
same data: the share of matters and themes that can be done online (可网办, plan: ≥ 95%), themes whose
matters have no delivery channel in common, and time limits or fees without a stated basis.
"""
from __future__ import annotations

from statistics import mean

from .merge import notice
from .model import Catalogue, Theme
from .paths import common_path, describe, paths

COUNTS = ("matters", "materials_separate", "materials_merged", "materials_to_provide", "fields_separate",
          "fields_merged")
#: The plan's target for the share of themes that can be handled online (梅县区府办函〔2022〕106号, 一).
ONLINE_TARGET = 0.95


def theme_figures(cat: Catalogue, theme: Theme) -> dict:
    """Per-path counts, their mean, the most common path's, and the all-situations sum (secondary)."""
    answer_sets, complete = paths(theme)
    rows = [{"answers": a, "path": describe(a), "counts": notice(cat, theme, a)["counts"]} for a in answer_sets]
    common = common_path(theme)
    common_counts = next((r["counts"] for r in rows if r["answers"] == common), None) \
        or notice(cat, theme, common)["counts"]
    return {
        "no": theme.no, "id": theme.id, "theme": theme.name,
        "paths_counted": "every path" if complete else "most common path only",
        "paths": rows,
        "per_path_mean": {k: round(mean(r["counts"][k] for r in rows), 2) for k in COUNTS},
        "per_path_min": {k: min(r["counts"][k] for r in rows) for k in COUNTS},
        "per_path_max": {k: max(r["counts"][k] for r in rows) for k in COUNTS},
        "common_path": {"path": describe(common), "counts": common_counts},
        "all_situations": notice(cat, theme)["counts"],
    }


def online_share(cat: Catalogue) -> dict:
    """可网办: matters that can be applied for online, and themes whose every matter can."""
    themes = list(cat.themes.values())
    matter_ids = {tm.ref for t in themes for tm in t.matters}
    online_matters = sorted(m for m in matter_ids if cat.matters[m].online)
    online_themes = [t for t in themes if all(cat.matters[tm.ref].online for tm in t.matters)]
    return {
        "matters_online": len(online_matters), "matters": len(matter_ids),
        "matters_share": round(len(online_matters) / max(1, len(matter_ids)), 4),
        "themes_online": len(online_themes), "themes": len(themes),
        "themes_share": round(len(online_themes) / max(1, len(themes)), 4),
        "target": ONLINE_TARGET,
        "meets_target": len(online_themes) / max(1, len(themes)) >= ONLINE_TARGET,
        "themes_not_online": [{"no": t.no, "theme": t.name,
                               "offline_matters": [cat.matters[tm.ref].title for tm in t.matters
                                                   if not cat.matters[tm.ref].online]}
                              for t in sorted(themes, key=lambda t: t.no) if t not in online_themes],
    }


def delivery_apart(cat: Catalogue) -> list[dict]:
    """Themes whose matters share no delivery channel: their notice says how each result comes back."""
    out = []
    for t in sorted(cat.themes.values(), key=lambda t: t.no):
        n = notice(cat, t)
        if not n["delivery_together"] and len(n["matters"]) > 1:
            out.append({"no": t.no, "theme": t.name, "how": n["delivery_note"]})
    return out


def unsupported_limits(cat: Catalogue) -> list[dict]:
    """Matters whose time limit or fee has no basis note: flagged for the department to confirm."""
    out = []
    for m in sorted(cat.matters.values(), key=lambda m: m.id):
        missing = []
        if not (m.time_limit_note or m.legal_basis):
            missing.append("time limit")
        if not m.fee_note:
            missing.append("fee")
        if missing:
            out.append({"matter": m.id, "name": m.title, "missing_basis": missing})
    return out


def stats(cat: Catalogue) -> dict:
    themes = [theme_figures(cat, t) for t in sorted(cat.themes.values(), key=lambda t: t.no)]
    total = {col: {k: round(sum(t[col][k] if col != "common_path" else t[col]["counts"][k] for t in themes), 2)
                   for k in COUNTS}
             for col in ("per_path_mean", "common_path", "all_situations")}
    return {
        "version": cat.version,
        "method": ("per answered path: each theme's every combination of situation answers (or, past "
                   "content.paths.LIMIT combinations, its most common path: the first option of every "
                   "question); totals add each theme's mean over its paths. all_situations adds every "
                   "situation of a theme at once, as the notice shows before any answer: secondary only."),
        "themes": themes,
        "total": total,
        "online": online_share(cat),
        "delivery_apart": delivery_apart(cat),
        "unsupported_limits": unsupported_limits(cat),
    }
