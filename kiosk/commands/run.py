"""`kiosk run`: start the touchscreen app."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("run", help="start the kiosk app")
    p.add_argument("--simulate", action="store_true", help="simulated devices and a local hall server")
    p.add_argument("--smoke", action="store_true", help="draw the first interactive screen, then exit 0")
    p.add_argument("--screenshot", metavar="PNG", help="with --smoke: save the first screen to this file")
    p.add_argument("--size", metavar="WxH", help="window size, default from configuration (1080x1920)")
    p.set_defaults(func=cmd_run)


def cmd_run(args) -> int:
    # Imported here: Kivy reads its environment at import time, and content commands must not pay for it.
    from screens.app import run_app
    return run_app(simulate=args.simulate, smoke=args.smoke, screenshot=args.screenshot, size=args.size)
