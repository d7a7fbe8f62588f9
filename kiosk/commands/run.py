"""`kiosk run`: start the touchscreen app (the screens package, which sits above this one)."""
from __future__ import annotations

import os
import subprocess
import sys


def register(sub) -> None:
    p = sub.add_parser("run", help="start the kiosk app")
    p.add_argument("--simulate", action="store_true", help="simulated devices and a local hall server")
    p.add_argument("--smoke", action="store_true", help="draw the first interactive screen, then exit 0")
    p.add_argument("--screenshot", metavar="PNG", help="with --smoke: save the first screen to this file")
    p.add_argument("--size", metavar="WxH", help="window size, default from configuration (1080x1920)")
    p.set_defaults(func=cmd_run)
    t = sub.add_parser("tour", help="scripted journeys with simulated devices; screenshots and printouts to DIR")
    t.add_argument("--out", required=True, metavar="DIR")
    t.add_argument("--journey", action="append", help="only this journey (repeatable)")
    t.add_argument("--size", metavar="WxH")
    t.set_defaults(func=cmd_tour)


def app_argv(args) -> list[str]:
    argv = [sys.executable, "-m", "screens"]
    argv += ["--simulate"] if args.simulate else []
    argv += ["--smoke"] if args.smoke else []
    argv += ["--screenshot", args.screenshot] if args.screenshot else []
    argv += ["--size", args.size] if args.size else []
    return argv


def cmd_tour(args) -> int:
    """Headless by design: without a display, start a private Xvfb for the tour's run."""
    argv = [sys.executable, "-m", "screens", "--tour", args.out]
    for j in args.journey or []:
        argv += ["--journey", j]
    argv += ["--size", args.size] if args.size else []
    if os.environ.get("DISPLAY"):
        return subprocess.call(argv)
    # The screen must be the window's size: with `fullscreen = auto` the window takes the whole screen.
    screen = args.size or _configured_size()
    return subprocess.call(["xvfb-run", "-a", "-s", f"-screen 0 {screen}x24 +extension GLX", *argv])


def _configured_size() -> str:
    from ..config import load_config

    width, height = load_config().window_size
    return f"{width}x{height}"


def cmd_run(args) -> int:
    # Imports point down, so the core never imports the UI: the process becomes the UI instead.
    argv = app_argv(args)
    sys.stdout.flush()
    os.execv(argv[0], argv)
    return 1  # not reached
