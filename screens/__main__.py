"""`python -m screens`: the kiosk app's own entry, started by `kiosk run`."""
from __future__ import annotations

import argparse
import sys

from .app import run_app


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="kiosk run")
    p.add_argument("--simulate", action="store_true")
    p.add_argument("--smoke", action="store_true")
    p.add_argument("--screenshot")
    p.add_argument("--size")
    a = p.parse_args(argv)
    return run_app(simulate=a.simulate, smoke=a.smoke, screenshot=a.screenshot, size=a.size)


if __name__ == "__main__":
    sys.exit(main())
