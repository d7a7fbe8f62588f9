"""The lobby display's content and rotation: one slide per enabled theme, built from the catalogue alone.

A hall's lobby screen shows each theme's flowchart in turn. Everything on a slide comes from content/
(the same notice the kiosk merges), so the screen never needs a device, the hall server or anything
personal. The rotation reloads the catalogue when it wraps, so a theme switched off by staff leaves the
lobby at the end of the current cycle without a restart; a catalogue that fails its check is ignored and
the last good one stays.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from content import Catalogue, ContentInvalid, load_catalogue
from content.merge import notice
from content.paths import common_path

log = logging.getLogger(__name__)

class LobbyError(Exception):
    """A lobby setting that cannot be used; the message names it."""


def parse_themes(text: str | None) -> list[int]:
    """'5,3,13' -> [5, 3, 13]; empty -> [] (meaning every enabled theme)."""
    out = []
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit():
            raise LobbyError(f"--themes takes theme numbers such as 5,3,13, not {part!r}")
        out.append(int(part))
    return out


def parse_seconds(text: str | float) -> float:
    try:
        seconds = float(text)
    except (TypeError, ValueError):
        raise LobbyError(f"lobby seconds must be a number, not {text!r}") from None
    if not 0 < seconds <= 3600:
        raise LobbyError(f"lobby seconds {text!r} is out of range (0-3600]")
    return seconds


def slide(cat: Catalogue, theme) -> dict:
    """What one lobby slide shows about a theme, in both languages where the catalogue has English."""
    n = notice(cat, theme)
    # The saving claimed is the one the most common path gets, not every situation added at once.
    counts = notice(cat, theme, common_path(theme))["counts"]
    loc = cat.theme_location(theme)
    depts = [cat.departments[d["id"]] for d in n["departments"]]
    return {
        "id": theme.id, "no": theme.no, "name": theme.name, "name_en": theme.name_en or "",
        "category": theme.category,
        "flowchart": n["flowchart"],
        "departments": [{"name": d.name, "name_en": d.name_en or ""} for d in depts],
        "matters": n["counts"]["matters"],
        "working_days": n["time"]["total_working_days"],
        "separate_working_days": n["time"]["separate_sum_working_days"],
        "materials": counts["materials_merged"],
        "materials_separate": counts["materials_separate"],
        "location": loc.name, "location_en": loc.name_en or "",
        "window": loc.window, "window_en": loc.window_en or "", "ticket_prefix": loc.ticket_prefix,
    }


def slides(cat: Catalogue, only: list[int] | None = None) -> tuple[list[dict], list[str]]:
    """Slides for the enabled themes (home-screen order), or for `only` in the order given.

    Returns (slides, notes): a number in `only` that is disabled or unknown is left out with a note,
    so a stale `themes` setting never blanks the lobby or shows a withdrawn theme.
    """
    enabled = cat.enabled_themes()
    if not only:
        return [slide(cat, t) for t in enabled], []
    by_no = {t.no: t for t in cat.themes.values()}
    out, notes = [], []
    for no in only:
        theme = by_no.get(no)
        if theme is None:
            notes.append(f"theme {no} is not in the catalogue: not shown")
        elif not theme.enabled:
            notes.append(f"theme {no} is disabled in the catalogue: not shown")
        else:
            out.append(slide(cat, theme))
    return out, notes


@dataclass
class Rotation:
    """Which slide is on screen. `advance` wraps to the first slide and reloads the catalogue there."""

    content_dir: Path | None
    only: list[int] = field(default_factory=list)
    index: int = 0
    cycles: int = 0            # completed passes through every slide
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.catalogue = load_catalogue(self.content_dir)
        self.slides, self.notes = slides(self.catalogue, self.only)
        if not self.slides:
            raise LobbyError("no enabled theme to show" + (": " + "; ".join(self.notes) if self.notes else ""))

    @property
    def current(self) -> dict:
        return self.slides[self.index]

    @property
    def position(self) -> str:
        return f"{self.index + 1} / {len(self.slides)}"

    def advance(self) -> bool:
        """Move to the next slide; True when that wrapped around to the first."""
        self.index += 1
        if self.index < len(self.slides):
            return False
        self.index = 0
        self.cycles += 1
        self._reload()
        return True

    def _reload(self) -> None:
        try:
            cat = load_catalogue(self.content_dir)
        except ContentInvalid as exc:
            log.warning("lobby keeps catalogue %s: the new one fails its check (%d errors)",
                        self.catalogue.version, len(exc.errors))
            return
        if cat.digest == self.catalogue.digest:
            return
        fresh, notes = slides(cat, self.only)
        if not fresh:
            log.warning("lobby keeps catalogue %s: the new one has no theme to show", self.catalogue.version)
            return
        log.info("lobby switches to catalogue %s", cat.version)
        self.catalogue, self.slides, self.notes = cat, fresh, notes
