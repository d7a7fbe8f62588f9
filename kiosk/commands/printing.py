"""`kiosk print ticket|test`: a sample queue ticket or the printer test page, with an optional PNG preview."""
from __future__ import annotations

import argparse
import sys

from devices.printer import (Document, HealthState, PrinterError, open_printer, printer_test_page,
                             sample_ticket, save_preview)

PRINTER_HELP = ("printer URL: usb://VID:PID, serial:///dev/ttyS0?baud=19200, tcp://host:9100, "
                "file:///tmp/out.bin, sim:// (sim://?paper=near_end|out, sim://?fail=write); "
                "options width=58|80, text=native|raster, qr=native|image")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print", help="print a sample ticket or the printer test page")
    psub = p.add_subparsers(dest="action", required=True)
    t = psub.add_parser("ticket", help="a queue ticket: hall, theme, big number, window, time, QR")
    t.add_argument("--number", required=True, help="queue number, e.g. A012")
    which = t.add_mutually_exclusive_group(required=True)
    which.add_argument("--theme", help="theme number (1-40) or id: its name and window come from the catalogue")
    which.add_argument("--theme-name", help="the theme's name as printed")
    t.add_argument("--window", help="service window, e.g. 5号窗口")
    t.add_argument("--hall", metavar="URL", help="ask this hall for the wait line (前面还有 N 人，预计等待约 M 分钟); "
                                              "default: kiosk.backend_url; unreachable: the plain 请留意叫号")
    t.set_defaults(func=cmd_ticket)
    s = psub.add_parser("test", help="test page: hanzi, full-width punctuation，。、（）, sizes, QR, cut")
    s.set_defaults(func=cmd_test)
    for parser in (t, s):
        parser.add_argument("--printer", metavar="URL", help=PRINTER_HELP + " (default: devices.printer from configuration)")
        parser.add_argument("--preview", metavar="FILE.png",
                            help="also draw what was sent as a PNG (576 or 384 px wide)")


def _print(args: argparse.Namespace, doc: Document) -> int:
    if not args.printer:
        from ..config import load_config
        args.printer = load_config().get("devices", "printer")
    try:
        printer = open_printer(args.printer)
        try:
            data = printer.print_document(doc)
            health = printer.health()
        finally:
            printer.close()
    except PrinterError as exc:
        print(f"print failed: {exc}", file=sys.stderr)
        return 1
    line = f"printed {len(data)} bytes to {args.printer}"
    if args.preview:
        save_preview(data, args.preview, printer.options.paper_dots)
        line += f"; preview {args.preview}"
    print(line)
    if health.state is not HealthState.READY:
        print(f"{health.state.value}: {health.reason}", file=sys.stderr)
    return 0


def cmd_ticket(args: argparse.Namespace) -> int:
    name, window = args.theme_name, args.window
    if args.theme:
        import datetime as dt

        from content import load_catalogue

        from ..printouts import ticket, wait_line

        cat = load_catalogue()
        try:
            theme = cat.theme(args.theme)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 2
        loc = cat.theme_location(theme)
        wait = hall_wait(args.hall, loc.ticket_prefix)
        print(wait_line(wait))
        return _print(args, ticket(theme.name, args.number, window or loc.window, loc.name, dt.datetime.now(),
                                   wait=wait))
    return _print(args, sample_ticket(args.number, name, window=window))


def hall_wait(url: str | None, letter: str) -> dict | None:
    """The hall's wait estimate for a ticket taken now at this window; None when it cannot be reached."""
    from ..config import load_config
    from ..hall_client import HallClient, HallError

    cfg = load_config()
    client = HallClient(url or cfg.get("kiosk", "backend_url"), ca_file=cfg.get("kiosk", "ca_file") or None,
                        timeout=(2.0, 5.0), retries=0)
    try:
        return client.wait(letter)
    except HallError as exc:
        print(f"hall not reachable for the wait line ({exc}): printing 请留意叫号", file=sys.stderr)
        return None


def cmd_test(args: argparse.Namespace) -> int:
    if not args.printer:
        from ..config import load_config
        args.printer = load_config().get("devices", "printer")
    return _print(args, printer_test_page(args.printer))
