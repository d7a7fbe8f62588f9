"""The citizen's session: the one object that holds everything personal, and its wipe.

Every way out of a journey — done, cancel, timeout, a crash found at start-up — ends in `wipe()`: the
card data, answers, form values and captured pages are dropped from memory, the session's temporary
folder is deleted, and listeners (screens holding text in widgets) are told to clear themselves.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass
class Page:
    """One captured page of a material: a JPEG on disk in the session folder, never in a log."""

    page_id: str
    material: str
    path: Path
    sha256: str
    size: int


@dataclass
class Session:
    """State of one citizen's visit. Screens read it; only kiosk/ code changes it."""

    root: Path                                  # parent of every session folder (inside the data dir)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    theme_id: str | None = None
    card: dict | None = None                    # the ID card as read (name, id_number, …)
    answers: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    prefilled: set[str] = field(default_factory=set)   # form fields that came from the card
    from_licence: set[str] = field(default_factory=set)  # form fields from a business licence's QR
    pages: dict[str, list[Page]] = field(default_factory=dict)   # merged material id -> pages
    deferred: set[str] = field(default_factory=set)    # non-key materials promised later (容缺)
    consent: bool = False
    outbox_ref: str | None = None               # local reference once committed to the outbox
    result: dict | None = None                  # receipt, ticket … once known
    _folder: Path | None = None
    _listeners: list[Callable[[], None]] = field(default_factory=list)

    @property
    def folder(self) -> Path:
        """A private folder for this session's files (captured pages), created on first use."""
        if self._folder is None:
            self.root.mkdir(parents=True, exist_ok=True)
            self._folder = Path(tempfile.mkdtemp(prefix=f"s-{self.id[:8]}-", dir=self.root))
            os.chmod(self._folder, 0o700)
        return self._folder

    def on_wipe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def off_wipe(self, listener: Callable[[], None]) -> None:
        """Stop telling `listener` (a dialog that closed); unknown listeners are ignored."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    @property
    def has_personal_data(self) -> bool:
        return bool(self.card or self.form or self.pages or self.answers or
                    (self._folder is not None and self._folder.exists()))

    def wipe(self) -> None:
        """Forget everything personal. Safe to call twice; listeners run even if one fails."""
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
        self._folder = None
        self.card = None
        self.answers.clear()
        self.form.clear()
        self.prefilled.clear()
        self.from_licence.clear()
        self.pages.clear()
        self.deferred.clear()
        self.consent = False
        self.theme_id = None
        self.outbox_ref = None
        self.result = None
        self.id = uuid.uuid4().hex
        errors = []
        for listener in list(self._listeners):
            try:
                listener()
            except Exception as exc:  # one broken screen must not stop the others from clearing
                errors.append(exc)
        if errors:
            raise errors[0]


def wipe_leftovers(root: Path) -> int:
    """At start-up: delete session folders a crash or power cut left behind. Returns how many."""
    if not root.exists():
        return 0
    count = 0
    for child in root.iterdir():
        if child.is_dir() and child.name.startswith("s-"):
            shutil.rmtree(child, ignore_errors=True)
            count += 1
    return count
