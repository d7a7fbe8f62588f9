"""`kiosk devices read-id`: read one ID card from the command line, for field engineers and tests."""
from __future__ import annotations

import argparse
import json
import sys


def register(sub: "argparse._SubParsersAction") -> None:
    p = sub.add_parser("devices", help="try the kiosk's devices from the command line")
    dsub = p.add_subparsers(dest="action", required=True)
    ls = dsub.add_parser("list", help="each configured device and its health (present/ready/degraded/failed)")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    ls.set_defaults(func=cmd_list)
    r = dsub.add_parser("read-id", help="read the ID card on the reader once; exit 1 with the reason if none")
    r.add_argument("--port", required=True,
                   help="reader: a device path (/dev/ttyUSB0), serial:///dev/ttyUSB0?baud=115200, "
                        "any pyserial URL (loop://, socket://...), or sim://?card=resident")
    r.add_argument("--json", action="store_true", help="machine-readable output")
    r.add_argument("--timeout", type=float, default=3.0, metavar="S",
                   help="seconds allowed for the whole read (default 3)")
    r.set_defaults(func=cmd_read_id)
    q = dsub.add_parser("scan-qr", help="wait for one scan on the QR scanner; exit 1 with the reason if none")
    q.add_argument("--port", required=True,
                   help="scanner: serial:///dev/ttyACM0?baud=9600, evdev:///dev/input/by-id/…-event-kbd, "
                        "camera (with --camera), or sim://")
    q.add_argument("--camera", default="", help="the camera URL for --port camera (e.g. /dev/video0)")
    q.add_argument("--timeout", type=float, default=10.0, metavar="S", help="seconds to wait (default 10)")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(func=cmd_scan_qr)


def cmd_read_id(args: argparse.Namespace) -> int:
    # Imported here so other commands do not pay for pyserial.
    from devices.idcard import IdCardError, IdCardReader

    try:
        with IdCardReader(args.port) as reader:
            card = reader.read_card(args.timeout)
    except IdCardError as exc:
        print(exc.reason, file=sys.stderr)
        return 1
    data = {**card.to_dict(), "photo": card.photo_info()}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    labels = (("name", "姓名"), ("name_en", "英文姓名"), ("sex", "性别"), ("nation", "民族"),
              ("nationality", "国籍"), ("birth", "出生"), ("address", "住址"), ("id_number", "证件号码"),
              ("pass_number", "通行证号码"), ("authority", "签发机关"), ("valid_from", "有效期起"),
              ("valid_to", "有效期止"))
    print(f"card type: {data['card_type']}{'  (已过期 / expired)' if data['expired'] else ''}")
    for key, label in labels:
        if data.get(key):
            print(f"  {label}: {data[key]}")
    photo = data["photo"]
    print(f"  照片: {photo['bytes']} bytes WLT, {'decoded' if photo['decoded'] else 'not decoded'}")
    return 0


def cmd_scan_qr(args: argparse.Namespace) -> int:
    """One scan: its text, the bytes as hex, the encoding read and what the kiosk would do with it."""
    from devices.qr import QrError, open_scanner

    from ..qr_payloads import NotALicence, licence_from_qr, receipt_from_qr

    try:
        with open_scanner(args.port, args.camera) as scanner:
            where = f" (its other end: {scanner.peer.path})" if hasattr(scanner, "peer") else ""
            print(f"{scanner.name} open{where}: waiting up to {args.timeout:g} s for a scan",
                  file=sys.stderr, flush=True)
            scan = scanner.read(args.timeout)
    except QrError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if scan is None:
        print(f"no scan within {args.timeout:g} s", file=sys.stderr)
        return 1
    meaning: dict = {"kind": "other"}
    receipt = receipt_from_qr(scan.text)
    if receipt:
        meaning = {"kind": "receipt", "receipt": receipt[0]}
    else:
        try:
            lic = licence_from_qr(scan.text)
            meaning = {"kind": "business_licence", "credit_code": lic.credit_code, "company_name": lic.company_name}
        except NotALicence:
            pass
    data = {"text": scan.text, "encoding": scan.encoding, "raw_hex": scan.raw.hex() if scan.raw else None,
            "source": scan.source, "meaning": meaning}
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(f"{scan.text}\n  ({scan.encoding}, from {scan.source}; {meaning['kind']})")
    return 0


def cmd_list(args) -> int:
    """Exit 0 when every device is ready or degraded, 1 when one has failed."""
    import json
    from dataclasses import asdict

    from ..config import load_config
    from ..device_health import all_health

    rows = all_health(load_config())
    if args.json:
        print(json.dumps([asdict(r) for r in rows], ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r.device:<8} {r.state:<9} {r.url:<40} {r.reason}")
    return 1 if any(r.state == "failed" for r in rows) else 0
