"""`kiosk content check|dump|notice|flowchart` (and stats|merges, content_figures.py): the catalogue from the command line."""
from __future__ import annotations

import json
import sys

from content import ContentInvalid, load_catalogue, read_folder, validate
from content.merge import AnswerError, notice
from content.search import theme_pinyin


def register(sub) -> None:
    p = sub.add_parser("content", help="check and inspect the theme catalogue")
    csub = p.add_subparsers(dest="action", required=True)
    c = csub.add_parser("check", help="validate every catalogue file; exit 1 listing every error")
    c.add_argument("--dir", help="catalogue folder (default: the packaged one)")
    c.set_defaults(func=cmd_check)
    d = csub.add_parser("dump", help="the catalogue's themes and matters")
    d.add_argument("--json", action="store_true", help="machine-readable output")
    d.add_argument("--dir")
    d.set_defaults(func=cmd_dump)
    for name, func, helptext in (("notice", cmd_notice, "the merged notice of one theme"),
                                 ("flowchart", cmd_flowchart, "the flowchart graph of one theme")):
        n = csub.add_parser(name, help=helptext)
        n.add_argument("theme", help="theme id or number (1-40)")
        n.add_argument("--answer", action="append", default=[], metavar="KEY=VALUE",
                       help="a situation answer; repeat for several; multi answers comma-joined")
        n.add_argument("--json", action="store_true")
        n.add_argument("--dir")
        n.set_defaults(func=func)
    from . import content_figures
    content_figures.register(csub, _load, _notice)


def _load(args):
    try:
        return load_catalogue(args.dir)
    except ContentInvalid as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(1)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def cmd_check(args) -> int:
    docs = read_folder(args.dir) if args.dir else read_folder()
    errors = validate(docs)
    for e in errors:
        print(e)
    themes = len(docs.folder("themes"))
    if errors:
        print(f"{len(errors)} error(s) in the catalogue", file=sys.stderr)
        return 1
    print(f"catalogue OK: {themes} themes, {len(docs.folder('matters'))} matters, "
          f"{len(docs.folder('materials'))} materials, {len(docs.folder('fields'))} fields")
    return 0


def dump(cat) -> dict:
    themes = []
    for t in cat.themes.values():
        loc = cat.locations[t.location] if t.location else None
        full, initials = theme_pinyin(t)
        themes.append({
            "id": t.id, "no": t.no, "name": t.name, "name_en": t.name_en, "category": t.category,
            "enabled": t.enabled, "location": loc.name if loc else None,
            "effective_location": cat.theme_location(t).name,
            "notes": list(t.notes), "more_matters_later": t.more_matters_later,
            "life_events": list(t.life_events), "keywords": list(t.keywords),
            "pinyin": full, "initials": initials,
            "questions": [q.id for q in t.questions],
            "matters": [{
                "id": m.id, "name": m.name, "department": cat.departments[m.department].name,
                "department_id": m.department, "approval_level": m.approval_level,
                "location": cat.locations[tm.location].name if tm.location else None,
                "review": m.review, "time_limit_days": m.time_limit_days,
            } for tm in t.matters for m in [cat.matters[tm.ref]]],
        })
    return {"version": cat.version, "digest": cat.digest, "themes": themes}


def cmd_dump(args) -> int:
    cat = _load(args)
    data = dump(cat)
    if args.json:
        print(_dumps(data))
        return 0
    for t in data["themes"]:
        print(f"{t['no']:>2} {t['name']}  [{t['category']}] {t['effective_location']}")
        for m in t["matters"]:
            city = "  (市级审批)" if m["approval_level"] == "city" else ""
            print(f"     - {m['name']} — {m['department']}{city}")
    return 0


def _notice(args):
    cat = _load(args)
    try:
        theme = cat.theme(args.theme)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        raise SystemExit(2)
    answers = {}
    for pair in args.answer:
        key, sep, value = pair.partition("=")
        if not sep:
            print(f"--answer takes KEY=VALUE, not {pair!r}", file=sys.stderr)
            raise SystemExit(2)
        answers[key.strip()] = value.strip()
    try:
        return notice(cat, theme, answers)
    except AnswerError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(2)


def cmd_notice(args) -> int:
    n = _notice(args)
    if args.json:
        print(_dumps(n))
        return 0
    print(f"{n['theme']['no']} {n['theme']['name']}")
    for m in n["matters"]:
        print(f"  事项: {m['name']} — {m['department_name']}")
    print("  材料:")
    for m in n["materials"]:
        if m["from_matter"]:
            flag = f"（由「{m['from_matter']}」办结后内部共享，无需提供）"
        elif m["generated"]:
            flag = "（自助机生成）"
        else:
            flag = "" if m["key"] else "（可容缺，后补）"
        print(f"    □ {m['name']} [{m['form']}]{flag}  服务 {len(m['serves'])} 个事项")
    c = n["counts"]
    print(f"  材料 {c['materials_separate']} → {c['materials_merged']}，"
          f"表单字段 {c['fields_separate']} → {c['fields_merged']}；"
          f"总时限 {n['time']['total_working_days']} 个工作日")
    return 0


def cmd_flowchart(args) -> int:
    n = _notice(args)
    if args.json:
        print(_dumps(n["flowchart"]))
        return 0
    for e in n["flowchart"]["edges"]:
        print(f"{e['from']} -> {e['to']}" + (f"  [{e['label']}]" if e.get("label") else ""))
    return 0
