"""`kiosk content stats|merges`: honest figures per answered path, and every merge for a human to read."""
from __future__ import annotations

import json
import sys

from content.figures import stats
from content.merge import notice


def register(csub, load, notice_of) -> None:
    s = csub.add_parser("stats", help="materials and fields per answered path (and all situations at once), "
                                      "online share, delivery, unsupported limits")
    s.add_argument("--json", action="store_true")
    s.add_argument("--dir")
    s.set_defaults(func=lambda args: cmd_stats(load(args), args))
    m = csub.add_parser("merges", help="every merged item of a theme (or all) with the notes it merged")
    m.add_argument("theme", nargs="?", help="theme id or number; all themes when left out")
    m.add_argument("--answer", action="append", default=[], metavar="KEY=VALUE",
                   help="a situation answer (default: every situation at once, so every merge shows)")
    m.add_argument("--json", action="store_true")
    m.add_argument("--dir")
    m.set_defaults(func=lambda args: cmd_merges(load(args), args, notice_of))


def _pair(c: dict, a: str, b: str) -> str:
    return f"{c[a]:g} → {c[b]:g}"


def cmd_stats(cat, args) -> int:
    data = stats(cat)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print("| no | theme | paths | materials per path (mean) | min–max merged | to bring (mean) | "
          "fields per path (mean) | most common path: materials | all situations at once (secondary) |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|")
    for t in data["themes"]:
        mean, common, every = t["per_path_mean"], t["common_path"]["counts"], t["all_situations"]
        paths = f"{len(t['paths'])}" + ("" if t["paths_counted"] == "every path" else " (most common only)")
        print(f"| {t['no']} | {t['theme']} | {paths} | {_pair(mean, 'materials_separate', 'materials_merged')} | "
              f"{t['per_path_min']['materials_merged']}–{t['per_path_max']['materials_merged']} | "
              f"{mean['materials_to_provide']:g} | {_pair(mean, 'fields_separate', 'fields_merged')} | "
              f"{_pair(common, 'materials_separate', 'materials_merged')} | "
              f"{_pair(every, 'materials_separate', 'materials_merged')} |")
    tot = data["total"]
    mean, common, every = tot["per_path_mean"], tot["common_path"], tot["all_situations"]
    print(f"| | **all {len(data['themes'])} themes** | | {_pair(mean, 'materials_separate', 'materials_merged')} | | "
          f"{mean['materials_to_provide']:g} | {_pair(mean, 'fields_separate', 'fields_merged')} | "
          f"{_pair(common, 'materials_separate', 'materials_merged')} | "
          f"{_pair(every, 'materials_separate', 'materials_merged')} |")
    saved = 100 * (1 - mean["materials_merged"] / max(1, mean["materials_separate"]))
    print(f"\nOn the path a citizen takes (mean over each theme's paths): materials "
          f"{mean['materials_merged']:g}/{mean['materials_separate']:g} ({saved:.0f}% fewer); fields "
          f"{mean['fields_merged']:g}/{mean['fields_separate']:g} "
          f"({100 * (1 - mean['fields_merged'] / max(1, mean['fields_separate'])):.0f}% fewer).")
    on = data["online"]
    print(f"\n可网办 (online): {on['matters_online']}/{on['matters']} matters ({100 * on['matters_share']:.1f}%), "
          f"{on['themes_online']}/{on['themes']} themes with every matter online ({100 * on['themes_share']:.1f}%; "
          f"the plan asks ≥ {100 * on['target']:.0f}%: {'met' if on['meets_target'] else 'NOT met'}).")
    for t in on["themes_not_online"]:
        print(f"  - {t['no']} {t['theme']}: not online: {'、'.join(t['offline_matters'])}")
    print(f"\nThemes whose matters share no delivery channel ({len(data['delivery_apart'])}), as their notice says:")
    for t in data["delivery_apart"]:
        print(f"  - {t['no']} {t['theme']}: {t['how']}")
    flagged = data["unsupported_limits"]
    print(f"\nTime limits and fees without a basis note: {len(flagged)}"
          + "".join(f"\n  - {f['name']} ({f['matter']}): {', '.join(f['missing_basis'])}" for f in flagged))
    print(f"\nMethod: {data['method']}")
    return 0


def cmd_merges(cat, args, notice_of) -> int:
    if args.theme:
        notices = [notice_of(args)]
    elif args.answer:
        print("--answer needs a theme", file=sys.stderr)
        return 2
    else:
        notices = [notice(cat, t) for t in sorted(cat.themes.values(), key=lambda t: t.no)]
    out = []
    for n in notices:
        names = {m["id"]: m["name"] for m in n["matters"]}
        items = [{"kind": "material", "id": m["id"], "name": m["name"], "serves": m["serves"],
                  "notes": m["notes_by_matter"]} for m in n["materials"] if len(m["serves"]) > 1]
        items += [{"kind": "field", "id": f["id"], "name": f["label"], "serves": f["serves"], "notes": []}
                  for f in n["fields"] if len(f["serves"]) > 1]
        out.append({"no": n["theme"]["no"], "theme": n["theme"]["name"], "answers": n["answers"], "merged": items})
        if args.json:
            continue
        print(f"{n['theme']['no']} {n['theme']['name']}  ({len(items)} merged items)")
        for it in items:
            print(f"  {'□' if it['kind'] == 'material' else '✎'} {it['name']} [{it['id']}] ← "
                  + "、".join(names[s] for s in it["serves"]))
            for note in it["notes"]:
                print(f"      {names[note['matter']]}: {note['note']}")
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0
