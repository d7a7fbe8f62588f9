"""`kiosk keyboard pinyin|places`: the on-screen keyboard's pinyin engine from the command line."""
from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser("keyboard", help="try the pinyin keyboard's candidates and place type-ahead")
    ksub = p.add_subparsers(dest="action", required=True)
    c = ksub.add_parser("pinyin", help="candidates for typed pinyin, most likely first")
    c.add_argument("pinyin", help='typed pinyin: "meixian", "mei xian", "zs", "xi\'an"')
    c.add_argument("--page", type=int, default=0, help="page number, from 0 (default 0)")
    c.add_argument("--page-size", type=int, default=8, help="candidates per page (default 8)")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(func=cmd_pinyin)
    pl = ksub.add_parser("places", help="Meizhou place names for an address, by hanzi, pinyin or initials")
    pl.add_argument("query", help='e.g. "cj", "chengjiang", "程江"')
    pl.add_argument("--limit", type=int, default=10)
    pl.add_argument("--json", action="store_true")
    pl.set_defaults(func=cmd_places)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2)


def cmd_pinyin(args) -> int:
    from kiosk.ime import Engine, ModelMissing
    try:
        result = Engine().candidates(args.pinyin)
    except ModelMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.page < 0 or args.page_size < 1:
        print("--page must be >= 0 and --page-size >= 1", file=sys.stderr)
        return 2
    start = args.page * args.page_size
    page = result.candidates[start:start + args.page_size]
    pages = (len(result.candidates) + args.page_size - 1) // args.page_size
    if args.json:
        out = {"candidates": [c.as_dict() for c in page], "segments": result.segments,
               "page": args.page, "pages": pages}
        if result.error:
            out["error"] = result.error
        print(_dumps(out))
        return 2 if result.error else 0
    if result.error:
        print(result.error, file=sys.stderr)
        return 2
    print("'".join(result.segments))
    for i, c in enumerate(page, 1):
        rest = "" if c.syllables == len(result.segments) else f"  (first {c.syllables} syllable(s))"
        print(f"{i}. {c.text}{rest}")
    print(f"page {args.page + 1} of {max(pages, 1)}")
    return 0


def cmd_places(args) -> int:
    from kiosk.ime import search_places
    found = search_places(args.query, args.limit)
    if args.json:
        print(_dumps({"places": [p.as_dict() for p in found]}))
        return 0
    for p in found:
        print(p.full)
    if not found:
        print(f"no place matches {args.query!r}", file=sys.stderr)
    return 0
