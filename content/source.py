"""Reading the catalogue's source files into plain documents, before any checking.

The catalogue is a folder of TOML files (what hall staff edit) or the same documents packed into one JSON
bundle (what the hall server publishes). Both become a `Documents` mapping: relative path -> parsed data,
so validation and building never care where the content came from.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

#: Registry files at the top of the data folder, and the folders holding one document per item.
REGISTRY_FILES = ("catalogue.toml", "departments.toml", "locations.toml", "roles.toml")
ITEM_FOLDERS = ("themes", "matters", "materials", "fields")


@dataclass
class SourceError:
    """One problem, located by file and by path inside the file."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.path}" if self.path else self.file
        return f"{where}: {self.message}"


@dataclass
class Documents:
    """Parsed documents by relative path (e.g. ``themes/birth.toml``), plus what could not be parsed."""

    docs: dict[str, dict] = field(default_factory=dict)
    errors: list[SourceError] = field(default_factory=list)

    def folder(self, name: str) -> dict[str, dict]:
        prefix = name + "/"
        return {p: d for p, d in sorted(self.docs.items()) if p.startswith(prefix)}

    def digest(self) -> str:
        """A content hash that changes whenever any document changes (ETag, cache keys)."""
        blob = json.dumps(self.docs, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]

    def to_bundle(self) -> bytes:
        """All documents as one JSON bundle, the form a hall server publishes."""
        return json.dumps({"format": "kiosk-catalogue/1", "documents": self.docs},
                          ensure_ascii=False, sort_keys=True).encode("utf-8")


def read_folder(root: Path | str = DATA_DIR) -> Documents:
    """Parse every TOML file of a catalogue folder; a file that does not parse becomes an error."""
    import tomllib     # only here: a kiosk starting from its checked record parses no TOML

    root = Path(root)
    out = Documents()
    if not root.is_dir():
        out.errors.append(SourceError(str(root), "", "catalogue folder not found"))
        return out
    paths = [root / name for name in REGISTRY_FILES]
    for folder in ITEM_FOLDERS:
        paths.extend(sorted((root / folder).glob("*.toml")))
    for path in paths:
        rel = path.relative_to(root).as_posix()
        if not path.exists():
            out.errors.append(SourceError(rel, "", "required file is missing"))
            continue
        try:
            out.docs[rel] = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            out.errors.append(SourceError(rel, "", f"not valid TOML: {exc}"))
    for stray in sorted(root.rglob("*")):
        rel = stray.relative_to(root).as_posix()
        if stray.is_file() and rel not in out.docs and not any(e.file == rel for e in out.errors):
            if stray.suffix != ".toml" or stray.parent.name not in ITEM_FOLDERS:
                out.errors.append(SourceError(rel, "", "unexpected file in the catalogue folder"))
    return out


def read_bundle(data: bytes) -> Documents:
    """Parse a published JSON bundle; anything malformed is an error, never an exception."""
    out = Documents()
    try:
        bundle = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        out.errors.append(SourceError("bundle", "", f"not valid JSON: {exc}"))
        return out
    if not isinstance(bundle, dict) or bundle.get("format") != "kiosk-catalogue/1" \
            or not isinstance(bundle.get("documents"), dict):
        out.errors.append(SourceError("bundle", "", "not a kiosk-catalogue/1 bundle"))
        return out
    for rel, doc in bundle["documents"].items():
        if not isinstance(doc, dict):
            out.errors.append(SourceError(str(rel), "", "document is not an object"))
        else:
            out.docs[str(rel)] = doc
    for name in REGISTRY_FILES:
        if name not in out.docs:
            out.errors.append(SourceError(name, "", "required file is missing"))
    return out
