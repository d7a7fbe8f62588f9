"""`kiosk scan page FILE... [--json] [--out DIR]`: page corners, quality and corrected JPEGs from photos."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from devices.camera import ImageError, assess, detect_page, encode_page, load_image, warp_page


def register_page(scan_sub) -> None:
    """Add `page` to the `scan` group's subparsers (the group itself is built in kiosk/cli.py)."""
    p = scan_sub.add_parser("page", help="find the page in photos, check quality, write corrected JPEGs")
    p.add_argument("files", nargs="+", metavar="FILE", help="photos (JPEG/PNG) of a document page")
    p.add_argument("--json", action="store_true", help="one JSON object per line, per file")
    p.add_argument("--out", metavar="DIR", help="write each corrected page as DIR/<name>.page.jpg")
    p.set_defaults(func=cmd_page)


def scan_file(path: str, out: Path | None) -> dict:
    """Everything the command reports about one file; an unreadable file gives {"file", "error"}."""
    try:
        image = load_image(path)
    except ImageError as exc:
        return {"file": path, "error": str(exc)}
    det = detect_page(image)
    q = assess(image, det)
    row = {"file": path, "corners": det.as_list() if det else None, "blur": round(q.blur, 1),
           "glare": round(q.glare, 4), "ok": q.ok, "problems": list(q.problems),
           "messages": q.messages()}
    if out is not None and det is not None:
        enc = encode_page(warp_page(image, det.corners))
        target = out / f"{Path(path).stem}.page.jpg"
        target.write_bytes(enc.data)
        row["output"] = {"path": str(target), "bytes": len(enc.data), "size": list(enc.size),
                         "quality": enc.quality, "grayscale": enc.grayscale}
    return row


def cmd_page(args) -> int:
    out = Path(args.out) if args.out else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in args.files:
        row = scan_file(path, out)
        failed += "error" in row
        if args.json:
            print(json.dumps(row, ensure_ascii=False), flush=True)
        elif "error" in row:
            print(f"{path}: ERROR {row['error']}", file=sys.stderr)
        else:
            state = "ok" if row["ok"] else "; ".join(m["zh"] for m in row["messages"])
            corners = " ".join(f"({x:.0f},{y:.0f})" for x, y in row["corners"] or []) or "no page"
            print(f"{path}: {state}  corners {corners}  blur {row['blur']}  glare {row['glare']}")
    if failed:
        print(f"{failed} of {len(args.files)} file(s) could not be read", file=sys.stderr)
        return 1
    return 0
