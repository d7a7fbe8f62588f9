"""`kiosk-hall keygen` and `kiosk-hall catalogue …`: signing keys, the draft, releases, rollback, review.

Each command works on the hall's database (`--db`), like `publish --db`: a running server picks up a new
release at its next request. They call the same service layer as the API (backend/catalogue_api.py).
"""
from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path

from .common import DEFAULT_DB, signed_hall


def _actor(args) -> str:
    return args.by or f"cli:{getpass.getuser()}"


def _refused(what: str, exc) -> int:
    print(f"kiosk-hall catalogue {what}: {exc}", file=sys.stderr)
    for line in getattr(exc, "details", [])[:200]:
        print(f"  {line}", file=sys.stderr)
    return 1


def cmd_keygen(args) -> int:
    from ..signing import SigningKeyError, generate

    try:
        key = generate(args.out)
    except SigningKeyError as exc:
        print(f"kiosk-hall keygen: {exc}", file=sys.stderr)
        return 1
    print(key.public_text)
    print(f"kiosk-hall keygen: private key written to {args.out} (mode 600); put the line above in each "
          "kiosk's [catalogue] public_keys", file=sys.stderr)
    return 0


def cmd_export(args) -> int:
    from content.texts import write_texts

    from .. import catalogue_draft, catalogue_versions
    from ..service import Refused

    hall = signed_hall(args)
    try:
        if args.release:
            with hall.engine.connect() as conn:
                row = catalogue_versions.get(conn, args.release)
            if row.sources is None:
                raise Refused(409, f"release {args.release} was published as a bundle, without its TOML files")
            texts = json.loads(row.sources)
        else:
            texts, _ = catalogue_draft.load(hall)
    except Refused as exc:
        return _refused("export", exc)
    write_texts(args.dir, texts)
    print(f"exported {'release ' + str(args.release) if args.release else 'the draft'}: {len(texts)} files to {args.dir}")
    return 0


def cmd_import(args) -> int:
    from content.texts import read_texts

    from .. import catalogue_draft

    texts = read_texts(args.dir)
    if not texts:
        print(f"kiosk-hall catalogue import: no catalogue files in {args.dir}", file=sys.stderr)
        return 1
    errors = catalogue_draft.replace(signed_hall(args), texts, _actor(args))
    print(f"imported {len(texts)} files into the draft; {len(errors)} error(s)")
    for e in errors:
        print(f"  {e['file']}: {e['path']}: {e['message']}")
    return 0


def cmd_check(args) -> int:
    from .. import catalogue_draft

    texts, base = catalogue_draft.load(signed_hall(args))
    errors = catalogue_draft.check(texts)
    if args.json:
        print(json.dumps({"base": base, "errors": errors}, ensure_ascii=False, indent=1))
    else:
        print(f"draft (from release {base}): " + (f"{len(errors)} error(s)" if errors else "OK"))
        for e in errors:
            print(f"  {e['file']}: {e['path']}: {e['message']}")
    return 1 if errors else 0


def cmd_edit(args) -> int:
    from .. import catalogue_draft
    from ..service import Refused

    try:
        ops = json.loads(args.ops)
        result = catalogue_draft.edit(signed_hall(args), ops if isinstance(ops, list) else [ops], _actor(args))
    except ValueError as exc:
        print(f"kiosk-hall catalogue edit: the operations are not JSON: {exc}", file=sys.stderr)
        return 1
    except Refused as exc:
        return _refused("edit", exc)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0 if result["ok"] else 1


def cmd_diff(args) -> int:
    from content import ContentInvalid, load_documents
    from content.diff import changes, summary
    from content.texts import parse_texts

    from .. import catalogue_draft

    hall = signed_hall(args)
    texts, _ = catalogue_draft.load(hall)
    try:
        draft = load_documents(parse_texts(texts))
    except ContentInvalid as exc:
        return _refused("diff", exc)
    d = changes(hall.catalogue, draft)
    if args.json:
        print(json.dumps({**d, "summary": summary(d)}, ensure_ascii=False, indent=1))
    else:
        print(f"live release {hall.release} ({d['from_version']}) → draft ({d['to_version']}):")
        print("\n".join("  " + line for line in summary(d)))
    return 0


def cmd_publish_draft(args) -> int:
    from .. import catalogue_draft
    from ..service import Refused

    hall = signed_hall(args)
    try:
        number = catalogue_draft.publish(hall, _actor(args))
    except Refused as exc:
        return _refused("publish", exc)
    print(f"published the draft as release {number} (version {hall.catalogue.version}, "
          f"{'signed' if hall.signing_key else 'unsigned: the server signs it if it has --signing-key'})")
    return 0


def cmd_history(args) -> int:
    from .. import catalogue_versions

    with signed_hall(args).engine.connect() as conn:
        rows = catalogue_versions.history(conn)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        what = f"rollback to {r['rollback_of']}" if r["action"] == "rollback" else r["action"]
        print(f"{r['number']:>4}  {r['published_at']}  {r['published_by']:<20} {what:<15} {r['version']}  "
              f"{'signed ' + r['signed_by'][:12] + '…' if r['signed_by'] else 'unsigned'}")
        for line in r["changes"][:20]:
            print(f"        {line}")
    return 0


def cmd_rollback(args) -> int:
    from .. import catalogue_draft, catalogue_versions
    from ..service import Refused

    hall = signed_hall(args)
    try:
        number = catalogue_versions.rollback(hall, args.release, _actor(args))
    except Refused as exc:
        return _refused("rollback", exc)
    catalogue_draft.follow_release(hall, number, _actor(args))
    print(f"release {args.release}'s content republished as release {number} (version {hall.catalogue.version})")
    return 0


def cmd_review(args) -> int:
    from .. import catalogue_review
    from ..service import Refused

    hall = signed_hall(args)
    try:
        if args.department:
            data = catalogue_review.sheet(hall, args.department)
            if args.out:
                Path(args.out).write_text(catalogue_review.sheet_html(data), encoding="utf-8")
        else:
            data = catalogue_review.status(hall)
    except Refused as exc:
        return _refused("review", exc)
    if args.json or not args.department:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print(f"{data['department_name']}: {len(data['matters'])} matters, {data['confirmed']} confirmed"
              + (f"; sheet written to {args.out}" if args.out else ""))
    return 0


def cmd_confirm(args) -> int:
    from .. import catalogue_review
    from ..service import Refused

    try:
        if args.comment:
            out = catalogue_review.comment(signed_hall(args), args.matter, args.department, _actor(args), args.comment)
        else:
            out = catalogue_review.confirm(signed_hall(args), args.matter, args.department, _actor(args))
    except Refused as exc:
        return _refused("confirm", exc)
    print(json.dumps(out, ensure_ascii=False))
    return 0


def cmd_preview(args) -> int:
    from content import ContentInvalid, load_documents
    from content.preview import notices, theme_html
    from content.texts import parse_texts

    from .. import catalogue_draft

    hall = signed_hall(args)
    if args.live:
        cat = hall.catalogue
    else:
        try:
            cat = load_documents(parse_texts(catalogue_draft.load(hall)[0]))
        except ContentInvalid as exc:
            return _refused("preview", exc)
    theme = cat.theme(args.theme)
    if args.out:
        Path(args.out).write_text(theme_html(cat, theme), encoding="utf-8")
        print(f"{len(notices(cat, theme))} situation(s) of theme {theme.no} written to {args.out}")
    else:
        print(json.dumps(notices(cat, theme), ensure_ascii=False, indent=1))
    return 0


def register(sub) -> None:
    """Add `keygen` and `catalogue` to kiosk-hall's subcommands."""
    k = sub.add_parser("keygen", help="make the hall's catalogue signing key; prints the public key")
    k.add_argument("--out", required=True, help="the private key file to create (mode 600)")
    k.set_defaults(func=cmd_keygen)
    c = sub.add_parser("catalogue", help="the catalogue draft, releases, rollback and department review")
    cs = c.add_subparsers(dest="catalogue_cmd", required=True)

    def command(name, func, help, key=False):
        p = cs.add_parser(name, help=help)
        p.add_argument("--db", default=DEFAULT_DB, help="the hall's database")
        p.add_argument("--by", help="who acts (recorded); default cli:<user>")
        if key:
            p.add_argument("--key", help="sign the new release with this private key (kiosk-hall keygen)")
        p.set_defaults(func=func)
        return p

    p = command("export", cmd_export, "write the draft (or --release N) as a catalogue folder")
    p.add_argument("--dir", required=True)
    p.add_argument("--release", type=int)
    p = command("import", cmd_import, "make a catalogue folder the draft (nothing is published)")
    p.add_argument("--dir", required=True)
    p = command("check", cmd_check, "the draft's errors, each with its file and path; exit 1 if any")
    p.add_argument("--json", action="store_true")
    p = command("edit", cmd_edit, "apply editor operations (JSON) to the draft")
    p.add_argument("ops", help='e.g. \'{"op": "enable", "theme": 3, "enabled": false}\'')
    p = command("diff", cmd_diff, "what changes for citizens if the draft is published")
    p.add_argument("--json", action="store_true")
    command("publish", cmd_publish_draft, "publish the draft as the next release", key=True)
    p = command("history", cmd_history, "every release: who, when, what changed")
    p.add_argument("--json", action="store_true")
    p = command("rollback", cmd_rollback, "republish release N's content as a new release", key=True)
    p.add_argument("release", type=int)
    p = command("review", cmd_review, "confirmation status, or one department's review sheet")
    p.add_argument("department", nargs="?")
    p.add_argument("--out", help="write the department's printable sheet (HTML, A4)")
    p.add_argument("--json", action="store_true")
    p = command("confirm", cmd_confirm, "a department confirms a matter (or --comment TEXT)")
    p.add_argument("department")
    p.add_argument("matter")
    p.add_argument("--comment")
    p = command("preview", cmd_preview, "the merged notice of a theme in every situation")
    p.add_argument("theme")
    p.add_argument("--out", help="write HTML here")
    p.add_argument("--live", action="store_true", help="the live release instead of the draft")
