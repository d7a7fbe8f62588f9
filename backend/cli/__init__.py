"""`kiosk-hall`: start the hall server and look after it (kiosks, applications, statuses, staff, the catalogue,
the contract). One module per group of commands; each adds its own subcommands to the parser."""
from __future__ import annotations

import argparse

from . import catalogue, publish, records, serve, users


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk-hall", description="the hall server for the 一件事 kiosks")
    sub = p.add_subparsers(dest="cmd", required=True)
    serve.register(sub)             # serve, retention, data-key
    records.register(sub)           # applications, kiosk-add, kiosks, status
    publish.register(sub)           # publish
    users.register(sub)             # user-add, user-list, user-disable, user-password, token-add
    from ..console.tour import register as register_console_tour      # `console-tour` (backend/console/tour.py)
    register_console_tour(sub)
    catalogue.register(sub)         # keygen, catalogue export|import|check|edit|diff|publish|history|rollback|review
    serve.register_openapi(sub)     # openapi
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)
