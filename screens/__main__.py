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
    a = p.parse_args(argv)
    if a.tour:
        from .tour import run_tour
        return run_tour(a.tour, a.journey, a.size)
    from .app import run_app
    return run_app(simulate=a.simulate, smoke=a.smoke, screenshot=a.screenshot, size=a.size)


if __name__ == "__main__":
    sys.exit(main())
