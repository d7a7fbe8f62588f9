"""What the `kiosk-hall` commands share: the database option, opening the hall, the signing key."""
from __future__ import annotations

import os
import sys

DEFAULT_DB = os.environ.get("HALL_DB", "hall.sqlite3")


def command(sub, name: str, func, help: str):
    """A subcommand that runs `func(args)`."""
    p = sub.add_parser(name, help=help)
    p.set_defaults(func=func)
    return p


def on_database(p, listing: bool = False) -> None:
    """The options a command on the hall's database ends with: --db, and --json for a listing."""
    p.add_argument("--db", default=DEFAULT_DB)
    if listing:
        p.add_argument("--json", action="store_true")


def signing_key(path: str | None):
    """The key a command was given (`--key` / `--signing-key`), or None; exits 1 naming the problem."""
    if not path:
        return None
    from ..signing import SigningKeyError, load

    try:
        return load(path)
    except SigningKeyError as exc:
        print(f"kiosk-hall: {exc}", file=sys.stderr)
        raise SystemExit(1) from None


def open_hall(args):
    """The hall as `serve` runs it: the data key (or exit 2 naming the problem), the calendar, the staff token,
    a catalogue folder and the signing key, as given."""
    from .. import at_rest
    from ..hall import Hall
    from ..workdays import Calendar

    try:    # page images and forms are encrypted at rest with the hall's data key (backend/at_rest.py)
        at_rest.configure(at_rest.key_from_environment())
    except at_rest.DataKeyProblem as exc:
        print(f"kiosk-hall: {exc}", file=sys.stderr)
        raise SystemExit(2) from None

    cal = Calendar.seeded()
    if getattr(args, "calendar", None):
        cal.extend(args.calendar)
    return Hall(args.db, staff_token=os.environ.get("HALL_STAFF_TOKEN"), calendar=cal,
                catalogue_dir=getattr(args, "content_dir", None),
                signing_key=signing_key(getattr(args, "signing_key", None)))


def signed_hall(args):
    """The hall for a catalogue command: its database, and the --key that signs a release it makes (no data key:
    catalogue commands read no page or form)."""
    from ..hall import Hall

    return Hall(args.db, signing_key=signing_key(getattr(args, "key", None)))
