"""The `kiosk` command line: the product's own tools for staff, field engineers and tests."""
from __future__ import annotations

import argparse
import importlib
import sys

GROUPS = ("announce", "catalogue", "content", "devices", "keyboard", "lobby", "printing", "run", "scan", "speech",
          "staff", "submission")


def build_parser(only_run: bool = False) -> argparse.ArgumentParser:
    """All command groups; `only_run` registers just `run` and `tour`, so starting the kiosk does not pay
    for importing every staff tool (OpenCV, pypinyin, the printer library: about 0.5 s)."""
    parser = argparse.ArgumentParser(prog="kiosk", description="Meixian 一件事 self-service kiosk")
    sub = parser.add_subparsers(dest="group", required=True)
    for name in ("run",) if only_run else GROUPS:
        importlib.import_module(f"kiosk.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(only_run=bool(argv) and argv[0] in ("run", "tour"))
    args = parser.parse_args(argv)
    from .config import ConfigError

    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:   # one place for every command: one line naming every bad setting
        print(f"kiosk {args.group}: configuration: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
