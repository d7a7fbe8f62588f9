"""`kiosk-hall serve` and the server's upkeep: page retention, the data key, the API contract (`openapi`)."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .common import DEFAULT_DB, command, on_database, open_hall


def cmd_serve(args) -> int:
    import uvicorn

    from ..api import create_app

    from .. import at_rest

    hall = open_hall(args)
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

    from ..retention import purge_pages

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

    from ..retention import purge_pages

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    images, apps = purge_pages(open_hall(args), args.days)
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


def cmd_openapi(args) -> int:
    from ..api import create_app
    from ..hall import Hall

    spec = json.dumps(create_app(Hall("sqlite://")).openapi(), ensure_ascii=False, indent=1, sort_keys=True)
    if args.write:
        Path(args.write).write_text(spec + "\n", encoding="utf-8")
    else:
        print(spec)
    return 0


def register(sub) -> None:
    """`serve`, `retention`, `data-key`."""
    s = command(sub, "serve", cmd_serve, "start the server")
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
    r = command(sub, "retention", cmd_retention, "delete page images of applications finished more than --days ago")
    r.add_argument("--days", type=int, default=30)
    on_database(r)
    dk = command(sub, "data-key", cmd_data_key, "make a data key file for encrypting page images and forms at rest")
    dk.add_argument("file")


def register_openapi(sub) -> None:
    o = command(sub, "openapi", cmd_openapi, "print (or --write) the API contract")
    o.add_argument("--write", metavar="FILE")
