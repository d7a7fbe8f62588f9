"""`kiosk scan qr|page`: decode QR codes and find document pages in image files (field checks, tests)."""
from __future__ import annotations

from . import scan_page, scan_qr


def register(sub) -> None:
    p = sub.add_parser("scan", help="QR codes and document pages in image files")
    ssub = p.add_subparsers(dest="what", required=True)
    scan_qr.register_qr(ssub)
    scan_page.register_page(ssub)
