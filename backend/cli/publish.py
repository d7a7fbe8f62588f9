"""`kiosk-hall publish`: check a catalogue folder, then make it the release kiosks fetch, through a running
server (--url) or straight into the hall's database (--db)."""
from __future__ import annotations

import os
import sys

from .common import DEFAULT_DB, command, signed_hall


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
        from .. import catalogue_draft

        hall = signed_hall(args)
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


def register(sub) -> None:
    pb = command(sub, "publish", cmd_publish, "check a catalogue folder and publish it to the kiosks")
    pb.add_argument("--dir", required=True, help="the catalogue folder (as content/data)")
    where = pb.add_mutually_exclusive_group()
    where.add_argument("--db", default=DEFAULT_DB, help="the hall's database (a running server picks it up)")
    where.add_argument("--url", help="a running hall server (staff token from HALL_STAFF_TOKEN)")
    pb.add_argument("--key", help="sign the release with this private key (with --db; kiosk-hall keygen)")
    pb.add_argument("--by", help="who publishes (recorded in the history)")
