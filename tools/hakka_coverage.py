#!/usr/bin/env python3
"""Which hanzi the kiosk shows or says have no Hakka reading in kiosk/speech/hakka.toml.

    python tools/hakka_coverage.py            # covered/total per source, then the missing hanzi
    python tools/hakka_coverage.py --check    # the same; exit 1 when any hanzi is missing

The Hakka voice (espeak-ng `hak`) reads romanised Hakka only, so every hanzi the kiosk may read aloud needs a
reading. The sources are the kiosk's UI strings (every msgid of kiosk/locale/kiosk.pot, the hanzi in
screens/*.kv, and the string literals of screens/*.py and kiosk/**/*.py, docstrings left out) and the packaged
catalogue (every string, key or value, of content/data/**/*.toml; TOML comments are never shown, so they are
not read). A hanzi counts as covered when it has a reading of its own (a one-character entry): a word entry
alone does not let the voice say that hanzi anywhere else.
"""
from __future__ import annotations

import argparse
import ast
import re
import sys
import tomllib
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from kiosk.speech.calls import HANZI, hakka_table  # noqa: E402

SOURCES = ("kiosk.pot", "screens/*.kv", "code literals", "catalogue")
UI_SOURCES = SOURCES[:3]
#: "一-鿿" in a regular expression's character class is a range of code points, never text anyone sees.
RANGE = re.compile(r"[\u3400-\u9fff]-[\u3400-\u9fff]")


def _hanzi(texts) -> set[str]:
    return {ch for text in texts for ch in text if HANZI.match(ch)}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def _py_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skip = _docstrings(tree)
    # '"\u4e00" <= ch <= "\u9fff"' compares code points: single characters in a comparison are bounds, not text
    skip |= {id(c) for node in ast.walk(tree) if isinstance(node, ast.Compare)
             for c in [node.left, *node.comparators]
             if isinstance(c, ast.Constant) and isinstance(c.value, str) and len(c.value) == 1}
    return [RANGE.sub("", node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip]


def _toml_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *_toml_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _toml_strings(v)]
    return []


def source_hanzi(root: Path = ROOT) -> dict[str, set[str]]:
    """source -> the distinct hanzi it holds."""
    root = Path(root)
    pot = polib.pofile(str(root / "kiosk/locale/kiosk.pot"))
    kv = [p.read_text(encoding="utf-8") for p in sorted(root.glob("screens/*.kv"))]
    py = [s for pattern in ("screens/*.py", "kiosk/**/*.py") for p in sorted(root.glob(pattern))
          for s in _py_literals(p)]
    catalogue = [s for p in sorted((root / "content/data").rglob("*.toml"))
                 for s in _toml_strings(tomllib.loads(p.read_text(encoding="utf-8")))]
    return {"kiosk.pot": _hanzi(e.msgid for e in pot), "screens/*.kv": _hanzi(kv),
            "code literals": _hanzi(py), "catalogue": _hanzi(catalogue)}


def missing_hanzi(root: Path = ROOT) -> dict[str, list[str]]:
    """source -> the hanzi it holds that have no one-character reading in hakka.toml (sorted)."""
    readings, _letters = hakka_table()
    return {source: sorted(chars - readings.keys()) for source, chars in source_hanzi(root).items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when any hanzi has no reading")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    args = parser.parse_args(argv)
    found = source_hanzi(args.root)
    readings, _letters = hakka_table()
    missing = {source: sorted(chars - readings.keys()) for source, chars in found.items()}
    ui = set().union(*(found[s] for s in UI_SOURCES))
    every = ui | found["catalogue"]
    rows = [(s, found[s]) for s in SOURCES] + [("UI strings (all three)", ui), ("everything", every)]
    for name, chars in rows:
        print(f"{name:24} {len(chars & readings.keys()):5} / {len(chars):5} hanzi have a Hakka reading")
    words = sum(1 for key in readings if len(key) > 1)
    print(f"hakka.toml: {len(readings) - words} one-hanzi readings, {words} word entries")
    for source in SOURCES:
        if missing[source]:
            print(f"missing in {source} ({len(missing[source])}): {''.join(missing[source])}")
    if any(missing.values()):
        print("add each to kiosk/speech/hakka.toml ([readings], Meixian reading in the voice's spelling)")
        return 1 if args.check else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
