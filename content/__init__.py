"""The theme catalogue as data: source files, schema checks, the typed model and the merge engine.

No Kivy, no network, no kiosk imports: the kiosk, the hall server and the command line all read the
catalogue through `load_catalogue`.
"""
from __future__ import annotations

from pathlib import Path

from .model import Catalogue, build
from .source import DATA_DIR, Documents, SourceError, read_bundle, read_folder
from .validate import validate


class ContentInvalid(Exception):
    """The catalogue failed validation; `errors` lists every problem with its file and path."""

    def __init__(self, errors: list[SourceError]):
        self.errors = errors
        head = f"catalogue has {len(errors)} error(s)"
        super().__init__(head + ":\n" + "\n".join(f"  {e}" for e in errors[:50]))


def load_documents(docs: Documents) -> Catalogue:
    """Validate documents and build the catalogue; refuse (ContentInvalid) if anything is wrong."""
    errors = validate(docs)
    if errors:
        raise ContentInvalid(errors)
    return build(docs)


def load_catalogue(root: Path | str | None = None) -> Catalogue:
    """Load and validate the catalogue folder (the packaged one by default)."""
    return load_documents(read_folder(root or DATA_DIR))


__all__ = ["Catalogue", "ContentInvalid", "DATA_DIR", "Documents", "SourceError", "load_catalogue",
           "load_documents", "read_bundle", "read_folder", "validate"]
