"""`kiosk scan qr FILE... [--json]`: decode the QR codes in image files with the kiosk's own cascade."""
from __future__ import annotations

import json
import sys

from devices.qr import CascadeDecoder, QrError, load_image
from devices.qr.cascade import ZBAR_ONLY_STAGES


def register_qr(scan_sub) -> None:
    """Add `qr` to the `scan` group's subparsers (the lead wires `scan` into kiosk.cli)."""
    p = scan_sub.add_parser("qr", help="decode QR codes in image files (Chinese UTF-8/GBK payloads repaired)")
    p.add_argument("files", nargs="+", metavar="FILE", help="image files (PNG, JPEG, BMP, ...)")
    p.add_argument("--json", action="store_true", help="one JSON line per file")
    p.add_argument("--zbar-only", action="store_true",
                   help="use only zbar (for checking a code the way older scanners' software reads it)")
    p.set_defaults(func=cmd_qr)


def cmd_qr(args) -> int:
    """Every file is processed even after a bad one, so a batch of slips is checked in one go; exit 1 at the
    end if any file could not be read."""
    try:
        decoder = CascadeDecoder(ZBAR_ONLY_STAGES) if args.zbar_only else CascadeDecoder()
    except QrError as exc:
        print(f"kiosk scan qr: {exc}", file=sys.stderr)
        return 2
    failed = 0
    for path in args.files:
        try:
            codes = decoder.decode(load_image(path))
        except QrError as exc:
            failed += 1
            if args.json:
                print(json.dumps({"file": path, "error": str(exc), "codes": []}, ensure_ascii=False))
            else:
                print(f"{path}: error: {exc}", file=sys.stderr)
            continue
        if args.json:
            print(json.dumps({"file": path, "codes": [c.to_json() for c in codes]}, ensure_ascii=False))
        elif not codes:
            print(f"{path}: no QR code found")
        else:
            for c in codes:
                print(f"{path}: {c.text}  [{c.encoding}, {c.stage}]")
    if failed:
        print(f"{failed} of {len(args.files)} file(s) could not be read", file=sys.stderr)
        return 1
    return 0
