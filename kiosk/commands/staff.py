"""`kiosk staff set-pin`: store the staff PIN's salted hash in the configuration file (or print the line)."""
from __future__ import annotations

import getpass
import os
import re
import sys
from pathlib import Path

from ..config import DEFAULT_FILE
from ..staff import PIN_MAX, PIN_MIN, hash_pin, valid_pin


def register(sub) -> None:
    p = sub.add_parser("staff", help="staff mode on the kiosk")
    psub = p.add_subparsers(dest="action", required=True)
    s = psub.add_parser("set-pin", help="set the staff PIN (stored as a salted hash in the configuration file)")
    s.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input (scripts)")
    s.add_argument("--print", action="store_true", dest="print_only",
                   help="only print the [staff] line to add, change no file")
    s.set_defaults(func=cmd_set_pin)


def set_ini_value(text: str, section: str, key: str, value: str) -> str:
    """`text` with `[section] key = value` set, everything else (comments, order) kept as it was."""
    lines = text.splitlines()
    header = re.compile(r"^\s*\[([^\]]+)\]")
    setting = re.compile(rf"^\s*{re.escape(key)}\s*[=:]")
    start = next((i for i, ln in enumerate(lines) if (m := header.match(ln)) and m.group(1).strip() == section), None)
    if start is None:
        body = "\n".join(lines).rstrip("\n")
        return (body + "\n\n" if body else "") + f"[{section}]\n{key} = {value}\n"
    end = next((i for i in range(start + 1, len(lines)) if header.match(lines[i])), len(lines))
    for i in range(start + 1, end):
        if setting.match(lines[i]):
            lines[i] = f"{key} = {value}"
            break
    else:
        lines.insert(start + 1, f"{key} = {value}")
    return "\n".join(lines) + "\n"


def _read_pin(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().strip()
    first = getpass.getpass(f"new staff PIN ({PIN_MIN}-{PIN_MAX} digits): ")
    if getpass.getpass("the same PIN again: ") != first:
        print("kiosk staff set-pin: the two PINs differ; nothing changed", file=sys.stderr)
        return None
    return first


def cmd_set_pin(args) -> int:
    pin = _read_pin(args.pin_stdin)
    if pin is None:
        return 1
    if not valid_pin(pin):
        print(f"kiosk staff set-pin: a PIN is {PIN_MIN} to {PIN_MAX} digits; nothing changed", file=sys.stderr)
        return 1
    line = f"pin_hash = {hash_pin(pin)}"
    file = Path(os.environ.get("KIOSK_CONFIG") or DEFAULT_FILE)
    if args.print_only or not file.is_file():
        where = "" if args.print_only else f" ({file} does not exist)"
        print(f"add to the kiosk's configuration file{where}:\n\n[staff]\n{line}")
        return 0
    text = set_ini_value(file.read_text(encoding="utf-8"), "staff", "pin_hash", line.split(" = ", 1)[1])
    tmp = file.with_name(f".{file.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.chmod(tmp, file.stat().st_mode & 0o777)
        os.replace(tmp, file)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        print(f"kiosk staff set-pin: cannot write {file} ({exc.strerror}); add this line under [staff]:\n{line}",
              file=sys.stderr)
        return 1
    print(f"staff PIN set in {file}; restart the kiosk to use it")
    if os.environ.get("KIOSK_STAFF_PIN_HASH"):
        print("note: KIOSK_STAFF_PIN_HASH is set in the environment and overrides the file", file=sys.stderr)
    return 0
