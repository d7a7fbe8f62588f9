"""The catalogue folder as its files' text, byte for byte: what the hall keeps as a draft and exports.

`read_folder` (source.py) parses; this module keeps the text itself, so the hall can store a draft, edit
a value without losing comments or layout (tomlkit, in backend/catalogue_draft.py) and write the folder
back out exactly as it came in: export → import → export is byte-identical, and a diff in git shows only
what staff changed.
"""
from __future__ import annotations

import os
from pathlib import Path

from .source import ITEM_FOLDERS, REGISTRY_FILES, Documents, SourceError

Texts = dict[str, str]       # relative path (themes/birth.toml) -> the file's text


def catalogue_path(rel: str) -> bool:
    """Whether `rel` names a file a catalogue folder may hold (a registry, or one item in its folder)."""
    if rel in REGISTRY_FILES:
        return True
    folder, _, name = rel.partition("/")
    return folder in ITEM_FOLDERS and name.endswith(".toml") and "/" not in name and len(name) > 5 \
        and not name.startswith(".")


def read_texts(root: Path | str) -> Texts:
    """Every catalogue file under `root` as text (newlines untouched); other files are not read."""
    root = Path(root)
    out: Texts = {}
    names = [root / n for n in REGISTRY_FILES] + [p for f in ITEM_FOLDERS for p in sorted((root / f).glob("*.toml"))]
    for path in names:
        if path.is_file():
            with open(path, encoding="utf-8", newline="") as f:
                out[path.relative_to(root).as_posix()] = f.read()
    return out


def parse_texts(texts: Texts) -> Documents:
    """The documents in these texts, as read_folder would give them; unparsable files become errors."""
    import tomllib

    out = Documents()
    for rel in sorted(texts):
        if not catalogue_path(rel):
            out.errors.append(SourceError(rel, "", "not a catalogue file name"))
            continue
        try:
            out.docs[rel] = tomllib.loads(texts[rel])
        except tomllib.TOMLDecodeError as exc:
            out.errors.append(SourceError(rel, "", f"not valid TOML: {exc}"))
    for name in REGISTRY_FILES:
        if name not in texts:
            out.errors.append(SourceError(name, "", "required file is missing"))
    # read_folder keeps registry files first, then each folder in order: the same order gives the same digest
    order = {rel: i for i, rel in enumerate(list(REGISTRY_FILES) + sorted(r for r in out.docs
                                                                         if r not in REGISTRY_FILES))}
    out.docs = dict(sorted(out.docs.items(), key=lambda kv: order[kv[0]]))
    return out


def write_texts(root: Path | str, texts: Texts) -> None:
    """Write the folder: every file as its text, and catalogue files no longer in `texts` removed (so the
    folder is the catalogue, ready to commit). Files that are not catalogue files are left alone."""
    root = Path(root)
    for rel in [*REGISTRY_FILES, *(f"{f}/{p.name}" for f in ITEM_FOLDERS for p in (root / f).glob("*.toml"))]:
        if rel not in texts and (root / rel).is_file():
            (root / rel).unlink()
    for rel, text in sorted(texts.items()):
        if not catalogue_path(rel):
            raise ValueError(f"{rel} is not a catalogue file name")
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
