"""The theme catalogue as data: source files, schema checks, the typed model and the merge engine.

No Kivy, no network, no kiosk imports: the kiosk, the hall server and the command line all read the
catalogue through `load_catalogue` (a folder) or `load_documents` (e.g. a published bundle).
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


def load_documents(docs: Documents, record=None, slot: str = "", key: str = "") -> Catalogue:
    """Validate documents and build the catalogue; refuse (ContentInvalid) if anything is wrong.
    With a `record` (content.checked.CheckedRecord), documents that pass are recorded under `slot`/`key`."""
    errors = validate(docs)
    if errors:
        raise ContentInvalid(errors)
    if record is not None:
        record.put(slot, key, docs)
    return build(docs)


def load_catalogue(root: Path | str | None = None, checked: Path | str | None = None) -> Catalogue:
    """Load and validate the catalogue folder (the packaged one by default).

    With `checked` (a folder of the caller's), the same bytes checked by the same code before are built
    without checking again (content/checked.py); anything else is checked in full and recorded if good."""
    root = Path(root or DATA_DIR)
    return _load(lambda: read_folder(root), checked, "folder", lambda checker: checker.folder_key(root))


def load_bundle(data: bytes, checked: Path | str | None = None) -> Catalogue:
    """Load and validate a published JSON bundle; `checked` as for load_catalogue."""
    def parse() -> Documents:
        docs = read_bundle(data)
        if docs.errors:          # not a bundle at all: nothing further to check
            raise ContentInvalid(docs.errors)
        return docs

    return _load(parse, checked, "bundle", lambda checker: checker.bundle_key(data))


def _load(parse, checked, slot: str, key_of) -> Catalogue:
    if checked is None:
        return load_documents(parse())
    from . import checked as checker

    record, key = checker.CheckedRecord(checked), key_of(checker)
    docs = record.get(slot, key)
    if docs is not None:
        return build(docs)
    return load_documents(parse(), record, slot, key)


__all__ = ["Catalogue", "ContentInvalid", "DATA_DIR", "Documents", "SourceError", "load_bundle", "load_catalogue",
           "load_documents", "read_bundle", "read_folder", "validate"]
