"""`kiosk-hall`: start the hall server and look after it (kiosks, applications, statuses, the contract)."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

DEFAULT_DB = os.environ.get("HALL_DB", "hall.sqlite3")


def _hall(args):
    from . import at_rest
    from .hall import Hall
    from .workdays import Calendar

    try:    # page images and forms are encrypted at rest with the hall's data key (backend/at_rest.py)
        at_rest.configure(at_rest.key_from_environment())
    except at_rest.DataKeyProblem as exc:
        print(f"kiosk-hall: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

    cal = Calendar.seeded()
    if getattr(args, "calendar", None):
        cal.extend(args.calendar)
    from .catalogue_cli import signing_key

    return Hall(args.db, staff_token=os.environ.get("HALL_STAFF_TOKEN"), calendar=cal,
                catalogue_dir=getattr(args, "content_dir", None),
                signing_key=signing_key(getattr(args, "signing_key", None)))


def cmd_serve(args) -> int:
    import uvicorn

    from .api import create_app

    from . import at_rest

    hall = _hall(args)
    if not hall.staff_token:
        print("kiosk-hall: HALL_STAFF_TOKEN is not set: staff routes are closed", file=sys.stderr)
    if not hall.signing_key:
        print("kiosk-hall: no --signing-key: catalogues go out with the signature stored at publishing, if any; "
              "kiosks refuse unsigned ones", file=sys.stderr)
    if at_rest._State.fernet is None:
        print("kiosk-hall: no HALL_DATA_KEY_FILE: page images and forms are stored unencrypted "
              "(make a key with `kiosk-hall data-key`)", file=sys.stderr)
    if args.page_retention_days is not None:
        _start_retention(hall, args.page_retention_days)
    ssl = {"ssl_certfile": args.cert, "ssl_keyfile": args.key} if args.cert else {}
    uvicorn.run(create_app(hall), host=args.host, port=args.port, log_level="warning", access_log=False, **ssl)
    return 0


def _start_retention(hall, days: int) -> None:
    """Page images of finished applications deleted after `days`, at start and then daily."""
    import logging
    import threading

    from .retention import purge_pages

    logging.getLogger("backend.retention").addHandler(logging.StreamHandler(sys.stderr))

    def loop():
        while True:
            try:
                purge_pages(hall, days)
            except Exception as exc:    # a failed run is logged and tried again tomorrow
                print(f"kiosk-hall: retention run failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            stop.wait(24 * 3600)
    stop = threading.Event()
    threading.Thread(target=loop, name="retention", daemon=True).start()


def cmd_retention(args) -> int:
    import logging

    from .retention import purge_pages

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    images, apps = purge_pages(_hall(args), args.days)
    print(f"deleted {images} page image(s) of {apps} application(s)")
    return 0


def cmd_data_key(args) -> int:
    """Write a new data key file readable by this user only (refuses to overwrite one)."""
    from cryptography.fernet import Fernet

    try:
        fd = os.open(args.file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        print(f"kiosk-hall: {args.file} exists: a hall data key is never overwritten", file=sys.stderr)
        return 1
    with os.fdopen(fd, "wb") as f:
        f.write(Fernet.generate_key() + b"\n")
    print(f"wrote {args.file}; serve with HALL_DATA_KEY_FILE={args.file} and keep a copy apart from the database")
    return 0


def _listing(args, fetch, line) -> int:
    """Rows from the database as JSON (`--json`) or one readable line each."""
    with _hall(args).engine.connect() as conn:
        rows = fetch(conn)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for row in rows:
            print(line(row))
    return 0


def cmd_applications(args) -> int:
    from .progress import list_applications

    return _listing(args, list_applications, lambda a: (
        f"{a['receipt'] or '(draft)':<18} {a['status']:<10} theme {a['theme_no']:>2} "
        f"ticket {a['ticket'] or '-':<5} {a['created_at']}"))


def cmd_kiosks(args) -> int:
    from .kiosks import list_kiosks

    def line(k: dict) -> str:
        bad = [f"{d} {h['state']}" for d, h in k["health"].items() if h.get("state") in ("failed", "degraded")]
        return (f"{k['id']:<16} last seen {k['last_seen'] or 'never':<20} outbox {k['outbox_depth'] or 0:>3}  "
                f"catalogue {k['catalogue_version'] or '-'}  {', '.join(bad) or 'devices ok'}")

    return _listing(args, list_kiosks, line)


def cmd_kiosk_add(args) -> int:
    from .kiosks import register_kiosk
    from .service import Refused

    try:
        print(register_kiosk(_hall(args), args.id, rotate=args.rotate))
    except Refused as exc:
        print(f"kiosk-hall: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_status(args) -> int:
    from .matters import move_status
    from .service import Refused

    hall = _hall(args)
    try:
        with hall.tx() as conn:
            view = move_status(conn, args.receipt, args.matter, args.status, "staff-cli", args.note)
    except Refused as exc:
        print(f"kiosk-hall: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(view, ensure_ascii=False, indent=1))
    return 0


def _password(args) -> str | None:
    """The password from standard input (one line), never from the command line or the log."""
    if not args.password_stdin:
        print("kiosk-hall: give the password on standard input with --password-stdin", file=sys.stderr)
        return None
    return sys.stdin.readline().rstrip("\r\n")


def _accounts(args, work, catalogue: bool = False) -> int:
    """Run one accounts function in a transaction on the database alone (no server start-up, so a script
    adding twenty users stays quick); a refusal is one line on stderr and exit 1."""
    from . import db
    from .service import Refused

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

    from . import catalogue_versions

    with engine.connect() as conn:
        row = catalogue_versions.latest(conn)       # the live release (the highest number)
    return load_documents(read_bundle(row.bundle)) if row is not None else load_catalogue()


def cmd_user_add(args) -> int:
    from .accounts import add_user

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
    from .accounts import list_users

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
    from .accounts import disable_user

    return _accounts(args, lambda _cat, conn: "{username}: {state}".format(
        **disable_user(conn, args.name, disabled=not args.enable), state="enabled" if args.enable else
        "disabled, its sessions and tokens ended"))


def cmd_user_password(args) -> int:
    from .accounts import set_password

    password = _password(args)
    if password is None:
        return 1
    return _accounts(args, lambda _cat, conn: set_password(conn, args.name, password) and
                     f"{args.name}: password set, lockout cleared, sessions ended")


def cmd_token_add(args) -> int:
    import datetime as dt

    from .accounts import token_add

    return _accounts(args, lambda _cat, conn: token_add(conn, args.name, args.label,
                                                        dt.timedelta(days=args.days))["token"])


def cmd_publish(args) -> int:
    """Check a catalogue folder, then make it the one kiosks fetch (through the API, or into the database)."""
    from content import ContentInvalid, load_documents, read_folder

    docs = read_folder(args.dir)
    try:
        cat = load_documents(docs)
    except ContentInvalid as exc:
        print(f"kiosk-hall publish: refused, nothing published: {exc}", file=sys.stderr)
        return 1
    from content.texts import read_texts

    texts = read_texts(args.dir)
    if args.url:
        import requests

        token = os.environ.get("HALL_STAFF_TOKEN")
        if not token:
            print("kiosk-hall publish: HALL_STAFF_TOKEN is not set", file=sys.stderr)
            return 1
        if args.key:
            print("kiosk-hall publish: --key signs releases published with --db; through --url the server "
                  "signs with its --signing-key", file=sys.stderr)
            return 1
        try:
            resp = requests.post(args.url.rstrip("/") + "/v1/staff/catalogue/releases", timeout=60,
                                 json={"by": args.by or "kiosk-hall publish", "sources": texts},
                                 headers={"Authorization": f"Bearer {token}"})
        except requests.RequestException as exc:
            print(f"kiosk-hall publish: {args.url} not reachable: {type(exc).__name__}", file=sys.stderr)
            return 1
        if resp.status_code != 200:
            print(f"kiosk-hall publish: refused by the server ({resp.status_code}): {resp.text[:2000]}",
                  file=sys.stderr)
            return 1
        release = resp.json()["release"]
    else:
        from . import catalogue_draft
        from .hall import Hall
        from .catalogue_cli import signing_key

        hall = Hall(args.db, signing_key=signing_key(args.key))
        if hall.catalogue.version == cat.version and hall.catalogue.digest != cat.digest:
            print(f"kiosk-hall publish: warning: version {cat.version} is unchanged but the content differs; "
                  "bump `version` in catalogue.toml so kiosks and staff can tell them apart", file=sys.stderr)
        release = hall.publish(docs.to_bundle(), cat, sources=texts, by=args.by or "kiosk-hall publish")
        catalogue_draft.follow_release(hall, release, args.by or "kiosk-hall publish")
        if not hall.signing_key:
            print("kiosk-hall publish: warning: not signed (no --key); kiosks take it only from a server "
                  "started with --signing-key", file=sys.stderr)
    print(f"published catalogue {cat.version} as release {release} (digest {cat.digest}, "
          f"{len(cat.enabled_themes())} themes shown)")
    return 0


def cmd_openapi(args) -> int:
    from .api import create_app
    from .hall import Hall

    spec = json.dumps(create_app(Hall("sqlite://")).openapi(), ensure_ascii=False, indent=1, sort_keys=True)
    if args.write:
        Path(args.write).write_text(spec + "\n", encoding="utf-8")
    else:
        print(spec)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk-hall", description="the hall server for the 一件事 kiosks")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("serve", help="start the server")
    s.add_argument("--port", type=int, default=8750)
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--db", default=DEFAULT_DB, help="SQLite path or a database URL")
    s.add_argument("--calendar", help="TOML file adding years of holidays/make-up working days")
    s.add_argument("--content-dir", help="publish this catalogue folder at start")
    s.add_argument("--cert", help="TLS certificate (PEM); with --key serves HTTPS")
    s.add_argument("--key", help="TLS private key (PEM)")
    s.add_argument("--signing-key", help="sign catalogue releases with this key (kiosk-hall keygen)")
    s.add_argument("--page-retention-days", type=int, metavar="N",
                   help="delete page images N days after an application's results were collected (daily)")
    s.set_defaults(func=cmd_serve)
    r = sub.add_parser("retention", help="delete page images of applications finished more than --days ago")
    r.add_argument("--days", type=int, default=30)
    r.add_argument("--db", default=DEFAULT_DB)
    r.set_defaults(func=cmd_retention)
    dk = sub.add_parser("data-key", help="make a data key file for encrypting page images and forms at rest")
    dk.add_argument("file")
    dk.set_defaults(func=cmd_data_key)
    a = sub.add_parser("applications", help="list applications")
    a.add_argument("--db", default=DEFAULT_DB)
    a.add_argument("--json", action="store_true")
    a.set_defaults(func=cmd_applications)
    k = sub.add_parser("kiosk-add", help="register a kiosk and print its credential (shown once)")
    k.add_argument("id")
    k.add_argument("--rotate", action="store_true",
                   help="replace the credential of a kiosk already registered (the old one stops working)")
    k.add_argument("--db", default=DEFAULT_DB)
    k.set_defaults(func=cmd_kiosk_add)
    ks = sub.add_parser("kiosks", help="registered kiosks and their last heartbeat (devices, outbox depth)")
    ks.add_argument("--db", default=DEFAULT_DB)
    ks.add_argument("--json", action="store_true")
    ks.set_defaults(func=cmd_kiosks)
    st = sub.add_parser("status", help="move one matter of an application to its next status")
    st.add_argument("receipt")
    st.add_argument("matter")
    st.add_argument("status")
    st.add_argument("--note")
    st.add_argument("--db", default=DEFAULT_DB)
    st.set_defaults(func=cmd_status)
    pb = sub.add_parser("publish", help="check a catalogue folder and publish it to the kiosks")
    pb.add_argument("--dir", required=True, help="the catalogue folder (as content/data)")
    where = pb.add_mutually_exclusive_group()
    where.add_argument("--db", default=DEFAULT_DB, help="the hall's database (a running server picks it up)")
    where.add_argument("--url", help="a running hall server (staff token from HALL_STAFF_TOKEN)")
    pb.add_argument("--key", help="sign the release with this private key (with --db; kiosk-hall keygen)")
    pb.add_argument("--by", help="who publishes (recorded in the history)")
    pb.set_defaults(func=cmd_publish)
    ua = sub.add_parser("user-add", help="add a staff account (password on standard input)")
    ua.add_argument("name")
    ua.add_argument("--role", required=True, choices=("clerk", "reviewer", "editor", "supervisor"))
    ua.add_argument("--department", help="reviewers: the department id (as in departments.toml)")
    ua.add_argument("--window", help="clerks: the window letter (the ticket prefix, e.g. A)")
    ua.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    ua.add_argument("--db", default=DEFAULT_DB)
    ua.set_defaults(func=cmd_user_add)
    ul = sub.add_parser("user-list", help="staff accounts, their role, department, window and state")
    ul.add_argument("--db", default=DEFAULT_DB)
    ul.add_argument("--json", action="store_true")
    ul.set_defaults(func=cmd_user_list)
    ud = sub.add_parser("user-disable", help="disable an account and end its sessions and tokens")
    ud.add_argument("name")
    ud.add_argument("--enable", action="store_true", help="enable it again instead")
    ud.add_argument("--db", default=DEFAULT_DB)
    ud.set_defaults(func=cmd_user_disable)
    up = sub.add_parser("user-password", help="reset a password (standard input); clears a lockout")
    up.add_argument("name")
    up.add_argument("--password-stdin", action="store_true")
    up.add_argument("--db", default=DEFAULT_DB)
    up.set_defaults(func=cmd_user_password)
    ta = sub.add_parser("token-add", help="an API token for automation, with the user's role (shown once)")
    ta.add_argument("name")
    ta.add_argument("--label", required=True, help="what it is for, e.g. nightly-report")
    ta.add_argument("--days", type=int, default=365)
    ta.add_argument("--db", default=DEFAULT_DB)
    ta.set_defaults(func=cmd_token_add)
    from .console.tour import register as register_console_tour      # `console-tour` (backend/console/tour.py)
    register_console_tour(sub)

    from .catalogue_cli import register

    register(sub)                 # keygen, catalogue export|import|check|edit|diff|publish|history|rollback|review
    o = sub.add_parser("openapi", help="print (or --write) the API contract")
    o.add_argument("--write", metavar="FILE")
    o.set_defaults(func=cmd_openapi)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
