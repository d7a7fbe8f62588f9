"""Address type-ahead for Meizhou: counties, towns and villages by hanzi, full pinyin or initials.

An elderly user writing an address types "cj" or "chengj" or 程 and picks 广东省梅州市梅县区程江镇 in one
tap instead of spelling five place names. The list in data/places.toml is partial below town level and meant
to be completed by hall staff, so everything here is read from that file.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .lexicon import reading_of

PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.toml"
LEVELS = ("county", "town", "village")
_PINYIN_QUERY = re.compile(r"^[a-z' ]+$")


@dataclass(frozen=True)
class Place:
    name: str                   # 程江镇
    full: str                   # 广东省梅州市梅县区程江镇
    level: str                  # county, town or village
    keys: tuple[tuple[str, str, str], ...]   # (hanzi, full pinyin, initials) per suffix of the hierarchy

    def as_dict(self) -> dict:
        return {"name": self.name, "full": self.full, "level": self.level}


def _pinyin(name: str, readings: dict[str, str]) -> list[str]:
    given = readings.get(name)
    return given.split() if given else list(reading_of(name))


@lru_cache(maxsize=4)
def load(path: Path = PLACES_FILE) -> tuple[Place, ...]:
    """Every place in the file, counties first, each with the keys it can be found by."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    readings = dict(data.get("readings", {}))
    for c in data.get("county", []):
        if c.get("pinyin"):
            readings[c["name"]] = c["pinyin"]
    top = [data["province"], data["city"]]
    chains: list[tuple[str, list[str]]] = [("county", top + [c["name"]]) for c in data.get("county", [])]
    for group in data.get("town", []):
        chains += [("town", top + [group["county"], n]) for n in group["names"]]
    for group in data.get("village", []):
        chains += [("village", top + [group["county"], group["town"], n]) for n in group["names"]]
    places = []
    for level, chain in chains:
        keys = []
        for i in range(len(chain) - 1, -1, -1):    # own name first, then with its parents in front
            parts = chain[i:]
            syl = [s for p in parts for s in _pinyin(p, readings)]
            keys.append(("".join(parts), "".join(syl), "".join(s[0] for s in syl)))
        places.append(Place(chain[-1], "".join(chain), level, tuple(keys)))
    return tuple(places)


def search(query: str, limit: int = 10, path: Path = PLACES_FILE) -> list[Place]:
    """Places whose name (or name with its parents) starts with the query, best first; [] for no match.

    Own-name matches rank before matches on the parents' names, hanzi and full pinyin before initials, and
    larger places before smaller ones.
    """
    q = query.strip().lower().replace("ü", "v")
    if not q:
        return []
    pinyin = bool(_PINYIN_QUERY.match(q))
    q_letters = re.sub(r"[' ]", "", q)
    scored = []
    for order, place in enumerate(load(path)):
        best = None
        for depth, (han, full, initials) in enumerate(place.keys):
            if pinyin:
                kind = 0 if full.startswith(q_letters) else 1 if initials.startswith(q_letters) else None
            else:
                kind = 0 if han.startswith(q) else None
            if kind is not None:
                rank = (min(depth, 1), kind)
                best = rank if best is None else min(best, rank)
        if best is not None:
            scored.append((best, LEVELS.index(place.level), order, place))
    scored.sort(key=lambda s: s[:3])
    return [s[3] for s in scored[:max(0, limit)]]
