"""`python -m screens`: the kiosk app's own entry, started by `kiosk run` and `kiosk tour`."""
from __future__ import annotations

import argparse
import os
import sys

os.environ.setdefault("KIVY_NO_ARGS", "1")   # our arguments are ours, not Kivy's


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kiosk run")
    p.add_argument("--simulate", action="store_true")
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--screenshot")
    p.add_argument("--size")
    p.add_argument("--tour", metavar="DIR", help="run the scripted tour, saving screenshots in DIR")
    p.add_argument("--journey", action="append", help="with --tour: only these journeys")
    p.add_argument("--lobby", action="store_true", help="the lobby display instead of the kiosk")
    p.add_argument("--seconds")
    p.add_argument("--themes")
    p.add_argument("--once", action="store_true")
    p.add_argument("--out")
    a = p.parse_args(argv)
    if a.lobby:
        from .lobby_app import run_lobby
        return run_lobby(size=a.size, seconds=a.seconds, themes=a.themes, once=a.once, out=a.out)
    if a.tour:
        from .tour import run_tour
        return run_tour(a.tour, a.journey, a.size)
    from .app import run_app
    return run_app(simulate=a.simulate, smoke=a.smoke, screenshot=a.screenshot, size=a.size)


if __name__ == "__main__":
    sys.exit(main())
