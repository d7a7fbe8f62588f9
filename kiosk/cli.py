"""The `kiosk` command line: the product's own tools for staff, field engineers and tests."""
from __future__ import annotations

import argparse
import sys

from .commands import content as content_cmd
from .commands import devices as devices_cmd
from .commands import keyboard as keyboard_cmd
from .commands import lobby as lobby_cmd
from .commands import printing as printing_cmd
from .commands import run as run_cmd
from .commands import scan as scan_cmd
from .commands import speech as speech_cmd
from .commands import staff as staff_cmd
from .commands import submission as submission_cmd


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Meixian 一件事 self-service kiosk")
    sub = parser.add_subparsers(dest="group", required=True)
    for group in (content_cmd, devices_cmd, keyboard_cmd, printing_cmd, run_cmd, scan_cmd, speech_cmd,
                  submission_cmd, lobby_cmd, staff_cmd):
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
