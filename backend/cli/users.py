"""Staff accounts and API tokens from the command line: `user-add`, `user-list`, `user-disable`, `user-password`,
`token-add`. They work on the database alone (no server start-up), so a script adding twenty users stays quick."""
from __future__ import annotations

import json
import sys

from .common import command, on_database


def _password(args) -> str | None:
    """The password from standard input (one line), never from the command line or the log."""
    if not args.password_stdin:
        print("kiosk-hall: give the password on standard input with --password-stdin", file=sys.stderr)
        return None
    return sys.stdin.readline().rstrip("\r\n")


def _accounts(args, work, catalogue: bool = False) -> int:
    """Run one accounts function in a transaction on the database alone (no server start-up, so a script
    adding twenty users stays quick); a refusal is one line on stderr and exit 1."""
    from .. import db
    from ..service import Refused

    engine = db.connect(args.db)
    try:
        cat = _active_catalogue(engine) if catalogue else None
        with engine.begin() as conn:
            out = work(cat, conn)
    except Refused as exc:
        print(f"kiosk-hall {args.cmd}: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if out is not None:
        print(out)
    return 0


def _active_catalogue(engine):
    """The catalogue the hall serves (what departments and windows exist), or the bundled one before the
    first start."""
    from content import load_catalogue, load_documents, read_bundle

    from .. import catalogue_versions

    with engine.connect() as conn:
        row = catalogue_versions.latest(conn)       # the live release (the highest number)
    return load_documents(read_bundle(row.bundle)) if row is not None else load_catalogue()


def cmd_user_add(args) -> int:
    from ..accounts import add_user

    password = _password(args)
    if password is None:
        return 1

    def work(cat, conn):
        u = add_user(conn, cat, args.name, args.role, password, args.department, args.window)
        where = f" department {u['department']}" if u["department"] else ""
        where += f" window {u['window']}" if u["window"] else ""
        return f"added {u['username']} ({u['role']}{where})"

    return _accounts(args, work, catalogue=True)


def cmd_user_list(args) -> int:
    from ..accounts import list_users

    def show(_cat, conn):
        users = list_users(conn)
        if args.json:
            return json.dumps(users, ensure_ascii=False, indent=1)
        return "\n".join(line(u) for u in users) or None

    line = (lambda u: (
        f"{u['username']:<16} {u['role']:<10} {u['department'] or '-':<20} window {u['window'] or '-':<2} "
        + ("disabled" if u["disabled"] else f"locked until {u['locked_until']}" if u["locked_until"] else "active")))
    return _accounts(args, show)


def cmd_user_disable(args) -> int:
    from ..accounts import disable_user

    return _accounts(args, lambda _cat, conn: "{username}: {state}".format(
        **disable_user(conn, args.name, disabled=not args.enable), state="enabled" if args.enable else
        "disabled, its sessions and tokens ended"))


def cmd_user_password(args) -> int:
    from ..accounts import set_password

    password = _password(args)
    if password is None:
        return 1
    return _accounts(args, lambda _cat, conn: set_password(conn, args.name, password) and
                     f"{args.name}: password set, lockout cleared, sessions ended")


def cmd_token_add(args) -> int:
    import datetime as dt

    from ..accounts import token_add

    return _accounts(args, lambda _cat, conn: token_add(conn, args.name, args.label,
                                                        dt.timedelta(days=args.days))["token"])


def register(sub) -> None:
    """`user-add`, `user-list`, `user-disable`, `user-password`, `token-add`."""
    ua = command(sub, "user-add", cmd_user_add, "add a staff account (password on standard input)")
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=("clerk", "reviewer", "editor", "supervisor"))
    ua.add_argument("--department", help="reviewers: the department id (as in departments.toml)")
    ua.add_argument("--window", help="clerks: the window letter (the ticket prefix, e.g. A)")
    ua.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    on_database(ua)
    on_database(command(sub, "user-list", cmd_user_list,
                        "staff accounts, their role, department, window and state"), listing=True)
    ud = command(sub, "user-disable", cmd_user_disable, "disable an account and end its sessions and tokens")
    ud.add_argument("name")
    ud.add_argument("--enable", action="store_true", help="enable it again instead")
    on_database(ud)
    up = command(sub, "user-password", cmd_user_password, "reset a password (standard input); clears a lockout")
    up.add_argument("name")
    up.add_argument("--password-stdin", action="store_true")
    on_database(up)
    ta = command(sub, "token-add", cmd_token_add, "an API token for automation, with the user's role (shown once)")
    ta.add_argument("name")
    ta.add_argument("--label", required=True, help="what it is for, e.g. nightly-report")
    ta.add_argument("--days", type=int, default=365)
    on_database(ta)
