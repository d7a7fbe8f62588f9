"""`kiosk catalogue fetch|status`: one catalogue check against the hall now, as the kiosk's timer does it."""
from __future__ import annotations

import json
import sys

RESULTS = {"new": "updated", "unchanged": "unchanged", "refused": "refused", "unreachable": "unreachable"}


def register(sub) -> None:
    p = sub.add_parser("catalogue", help="the catalogue this kiosk holds, and fetching a new one")
    psub = p.add_subparsers(dest="action", required=True)
    f = psub.add_parser("fetch", help="one check with the hall now: verify (signature, release, content), store")
    f.add_argument("--json", action="store_true")
    f.set_defaults(func=cmd_fetch)
    s = psub.add_parser("status", help="the catalogue this kiosk would start with")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_status)


def _setup():
    from ..catalogue_sync import CatalogueStore, initial_catalogue
    from ..config import load_config

    cfg = load_config()
    cat, etag = initial_catalogue(cfg)
    return cfg, cat, etag, CatalogueStore(cfg.data_dir / "catalogue")


def cmd_fetch(args) -> int:
    """Prints {"result": updated|unchanged|refused|unreachable, "version", "reason"}; exit 0 when the kiosk
    holds the hall's catalogue afterwards (updated, unchanged), 1 otherwise. A running kiosk switches to an
    updated catalogue at its next check (the stored copy is the same file)."""
    from ..catalogue_sync import CatalogueSync
    from ..catalogue_trust import CatalogueTrust
    from ..config import ConfigError
    from ..hall_client import HallClient

    try:
        cfg, cat, etag, store = _setup()
        if cfg.get("kiosk", "content_dir"):
            raise ConfigError("kiosk.content_dir is set: this kiosk uses that folder and fetches nothing")
        client = HallClient(cfg.get("kiosk", "backend_url"), cfg.token(), cfg.get("kiosk", "ca_file") or None)
        trust = CatalogueTrust.from_config(cfg)
    except ConfigError as exc:
        print(f"kiosk catalogue fetch: {exc}", file=sys.stderr)
        return 2
    sync = CatalogueSync(client, store, etag or f'"{cat.digest}"', cat.version, trust=trust, digest=cat.digest)
    result = sync.check()
    out = {"result": RESULTS[result.outcome], "version": result.version, "release": sync.release,
           "reason": result.reason}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"{out['result']}: catalogue {out['version']} (release {out['release']})"
              + (f": {out['reason']}" if out["reason"] else ""))
    return 0 if result.outcome in ("new", "unchanged") else 1


def cmd_status(args) -> int:
    from ..config import ConfigError

    try:
        _cfg, cat, etag, store = _setup()
    except ConfigError as exc:
        print(f"kiosk catalogue status: {exc}", file=sys.stderr)
        return 2
    out = {"version": cat.version, "digest": cat.digest, "release": store.held_release(),
           "stored": store.current.is_file(), "themes": [t.id for t in cat.enabled_themes()]}
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
    else:
        print(f"catalogue {out['version']} (release {out['release']}, {len(out['themes'])} themes shown)")
    return 0
