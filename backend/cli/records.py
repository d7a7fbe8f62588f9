"""The hall's records from the command line: applications, kiosks (list, register), a matter's status."""
from __future__ import annotations

import json
import sys

from .common import command, on_database, open_hall


def _listing(args, fetch, line) -> int:
    """Rows from the database as JSON (`--json`) or one readable line each."""
    with open_hall(args).engine.connect() as conn:
        rows = fetch(conn)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for row in rows:
            print(line(row))
    return 0


def cmd_applications(args) -> int:
    from ..progress import list_applications

    return _listing(args, list_applications, lambda a: (
        f"{a['receipt'] or '(draft)':<18} {a['status']:<10} theme {a['theme_no']:>2} "
        f"ticket {a['ticket'] or '-':<5} {a['created_at']}"))


def cmd_kiosks(args) -> int:
    from ..kiosks import list_kiosks

    def line(k: dict) -> str:
        bad = [f"{d} {h['state']}" for d, h in k["health"].items() if h.get("state") in ("failed", "degraded")]
        return (f"{k['id']:<16} last seen {k['last_seen'] or 'never':<20} outbox {k['outbox_depth'] or 0:>3}  "
                f"catalogue {k['catalogue_version'] or '-'}  {', '.join(bad) or 'devices ok'}")

    return _listing(args, list_kiosks, line)


def cmd_kiosk_add(args) -> int:
    from ..kiosks import register_kiosk
    from ..service import Refused

    try:
        print(register_kiosk(open_hall(args), args.id, rotate=args.rotate))
    except Refused as exc:
        print(f"kiosk-hall: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_status(args) -> int:
    from ..matters import move_status
    from ..service import Refused

    hall = open_hall(args)
    try:
        with hall.tx() as conn:
            view = move_status(conn, args.receipt, args.matter, args.status, "staff-cli", args.note)
    except Refused as exc:
        print(f"kiosk-hall: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(view, ensure_ascii=False, indent=1))
    return 0


def register(sub) -> None:
    """`applications`, `kiosk-add`, `kiosks`, `status`."""
    on_database(command(sub, "applications", cmd_applications, "list applications"), listing=True)
    k = command(sub, "kiosk-add", cmd_kiosk_add, "register a kiosk and print its credential (shown once)")
    k.add_argument("id")
    k.add_argument("--rotate", action="store_true",
                   help="replace the credential of a kiosk already registered (the old one stops working)")
    on_database(k)
    on_database(command(sub, "kiosks", cmd_kiosks,
                        "registered kiosks and their last heartbeat (devices, outbox depth)"), listing=True)
    st = command(sub, "status", cmd_status, "move one matter of an application to its next status")
    st.add_argument("receipt")
    st.add_argument("matter")
    st.add_argument("status")
    st.add_argument("--note")
    on_database(st)
