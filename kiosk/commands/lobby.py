"""`kiosk lobby`: the hall's lobby screen, cycling each theme's flowchart (the screens package draws it)."""
from __future__ import annotations

import os
import subprocess
import sys


def register(sub) -> None:
    p = sub.add_parser("lobby", help="the lobby display: every theme's flowchart in turn, no touch")
    p.add_argument("--size", metavar="WxH", help="screen size, landscape; default from [lobby] size (1920x1080)")
    p.add_argument("--seconds", metavar="N", help="seconds per theme; default from [lobby] seconds (20)")
    p.add_argument("--themes", metavar="5,3,13", help="only these theme numbers, in this order")
    p.add_argument("--once", action="store_true", help="show each theme once, then exit 0")
    p.add_argument("--out", metavar="DIR", help="save every theme's slide as PNG in DIR (headless), then exit 0")
    p.set_defaults(func=cmd_lobby)


def lobby_argv(args) -> list[str]:
    argv = [sys.executable, "-m", "screens", "--lobby"]
    for flag in ("size", "seconds", "themes", "out"):
        value = getattr(args, flag)
        argv += [f"--{flag}", value] if value is not None else []
    return argv + (["--once"] if args.once else [])


def cmd_lobby(args) -> int:
    # Imports point down, so the core never imports the UI: the UI runs as its own process.
    argv = lobby_argv(args)
    if args.out and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        # Headless slides, like `kiosk tour`: a private X server the size of the lobby screen (the window
        # is full screen, so it takes the server's size).
        from ..config import load_config

        size = args.size or "x".join(map(str, load_config().get("lobby", "size")))
        screen = f"-screen 0 {size.lower()}x24 +extension GLX"
        return subprocess.call(["xvfb-run", "-a", "-s", screen, *argv])
    sys.stdout.flush()
    os.execv(argv[0], argv)
    return 1  # not reached
