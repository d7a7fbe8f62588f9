"""The `kiosk` command: every tool of kiosk/cli.py, with `kiosk run` starting the app in this same process.

The core may not import the UI, so `python -m kiosk.cli run` has to become the UI by exec'ing
`python -m screens` — a second Python start (about 40 ms of a start-up budget of about 0.4 s). This module
sits at the top layer, so the installed `kiosk` command points here and starts the app directly; every other
command is kiosk.cli's, unchanged."""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from kiosk import cli

    if not argv or argv[0] != "run":
        return cli.main(argv)
    args = cli.build_parser(only_run=True).parse_args(argv)     # the same flags and help as kiosk.cli
    from .app import run_app
    return run_app(simulate=args.simulate, smoke=args.smoke, screenshot=args.screenshot, size=args.size)


if __name__ == "__main__":
    sys.exit(main())
