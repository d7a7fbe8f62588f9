"""`kiosk submit --sample THEME` and `kiosk outbox status|list|flush|requeue`."""
from __future__ import annotations

import json
import sys
import time

from content import load_catalogue

from ..config import load_config
from ..delivery import open_outbox, sender
from ..outbox import OutboxFull, OutboxUnavailable
from ..outbox_guard import set_aside_files
from ..sample import sample_application


def register(sub) -> None:
    s = sub.add_parser("submit", help="queue an application in the outbox and return")
    s.add_argument("--sample", metavar="THEME", required=True, help="a generated sample application of THEME")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--pages", type=int, default=1, help="pages per document")
    s.set_defaults(func=cmd_submit)
    o = sub.add_parser("outbox", help="the durable outbox of applications")
    osub = o.add_subparsers(dest="action", required=True)
    st = osub.add_parser("status", help="counts by state")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_status)
    ls = osub.add_parser("list", help="every item, without personal data")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)
    fl = osub.add_parser("flush", help="deliver until the outbox is empty; exit 1 if it could not")
    fl.add_argument("--timeout", type=float, default=60.0, help="give up after this many seconds")
    fl.set_defaults(func=cmd_flush)
    rq = osub.add_parser("requeue", help="try the dead (refused) items again after staff fixed the cause")
    rq.set_defaults(func=cmd_requeue)


def _cfg():
    return load_config()     # a ConfigError is reported by kiosk.cli.main, for every command alike


def cmd_submit(args) -> int:
    cfg = _cfg()
    cat = load_catalogue(cfg.get("kiosk", "content_dir") or None)
    try:
        body, pages = sample_application(cat, args.sample, seed=args.seed, pages_per_material=args.pages)
    except KeyError as exc:
        print(exc.args[0], file=sys.stderr)
        return 2
    outbox = open_outbox(cfg)
    try:
        item = outbox.add(body["theme"], body, pages)
    except OutboxFull as exc:
        print(f"kiosk: outbox full: {exc}", file=sys.stderr)
        return 1
    except OutboxUnavailable as exc:
        print(f"kiosk: outbox cannot take applications: {exc}", file=sys.stderr)
        return 1
    print(json.dumps({"local_ref": item.local_ref, "idempotency_key": item.idempotency_key,
                      "theme": item.theme, "pages": len(pages)}, ensure_ascii=False))
    return 0


def cmd_status(args) -> int:
    cfg = _cfg()
    outbox = open_outbox(cfg)
    if outbox.key_problem:      # one line, exit 1: a monitoring script or a field engineer sees it at once
        print(f"kiosk: outbox stopped: {outbox.key_problem}", file=sys.stderr)
        return 1
    counts = outbox.counts()
    print(json.dumps(counts) if args.json else "  ".join(f"{k}: {v}" for k, v in counts.items()))
    for aside in set_aside_files(cfg.data_dir):
        waiting = "unknown" if aside["waiting"] is None else aside["waiting"]
        print(f"kiosk: set aside (damaged): {aside['file']}: {waiting} application(s) waiting in it",
              file=sys.stderr)
    return 0


def cmd_list(args) -> int:
    items = [{"local_ref": i.local_ref, "status": i.status, "theme": i.theme, "attempts": i.attempts,
              "receipt": i.receipt, "ticket": i.ticket, "last_error": i.last_error}
             for i in open_outbox(_cfg()).items()]
    if args.json:
        print(json.dumps(items, ensure_ascii=False, indent=1))
    else:
        for i in items:
            print(f"{i['local_ref']:<14} {i['status']:<10} {i['theme']:<28} {i['receipt'] or '-':<18} "
                  f"tries {i['attempts']}  {i['last_error'] or ''}")
    return 0


def cmd_flush(args) -> int:
    cfg = _cfg()
    outbox = open_outbox(cfg)
    outbox.resume_in_flight()
    outbox.retry_now()
    if outbox.key_problem:
        print(f"kiosk: outbox stopped: {outbox.key_problem}", file=sys.stderr)
        return 1
    worker = sender(cfg, outbox)
    done = worker.drain(deadline=time.time() + args.timeout)
    counts = outbox.counts()
    print(json.dumps(counts))
    if worker.credential_refused:
        print(f"kiosk: the hall refused this kiosk's credential ({worker.credential_refused}): register it "
              "with `kiosk-hall kiosk-add` and set kiosk.token or kiosk.token_file", file=sys.stderr)
        return 1
    if not done:
        print(f"kiosk: outbox not empty after {args.timeout:.0f} s (hall server unreachable?)", file=sys.stderr)
        return 1
    if counts["dead"]:
        print(f"kiosk: {counts['dead']} application(s) refused by the hall: see `kiosk outbox list`",
              file=sys.stderr)
        return 1
    return 0


def cmd_requeue(args) -> int:
    print(f"requeued {open_outbox(_cfg()).requeue_dead()} item(s)")
    return 0
