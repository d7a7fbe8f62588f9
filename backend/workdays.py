"""Working days on China's calendar, with make-up working days (调休), as data staff can extend.

Seeded from the chinese-calendar package (which knows 2004-2026). The State Council publishes each
year's arrangement around November-December; staff add it in a TOML file. A date in a year nobody has
published yet counts weekdays only, and every due date computed through it is marked provisional.
"""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Calendar:
    holidays: set[dt.date] = field(default_factory=set)
    workdays: set[dt.date] = field(default_factory=set)   # make-up working days on weekends
    known_years: set[int] = field(default_factory=set)

    @classmethod
    def seeded(cls) -> "Calendar":
        from chinese_calendar import constants

        cal = cls(set(constants.holidays), set(constants.workdays))
        cal.known_years = {d.year for d in cal.holidays}
        return cal

    def extend(self, path: Path | str) -> None:
        """Add years from a staff file: [years.2027] holidays = [dates], workdays = [dates]."""
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        for year_text, spec in data.get("years", {}).items():
            year = int(year_text)
            self.holidays = {d for d in self.holidays if d.year != year}
            self.workdays = {d for d in self.workdays if d.year != year}
            for key, target in (("holidays", self.holidays), ("workdays", self.workdays)):
                for d in spec.get(key, []):
                    d = d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d))
                    if d.year != year:
                        raise ValueError(f"{path}: {d} listed under year {year}")
                    target.add(d)
            self.known_years.add(year)

    def is_known(self, day: dt.date) -> bool:
        return day.year in self.known_years

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_workdays(self, start: dt.date, n: int) -> tuple[dt.date, bool]:
        """The date `n` working days after `start` (0: `start` itself if a working day, else the next one),
        and whether it is provisional (it passed through a year whose arrangement is not known)."""
        day, provisional = start, not self.is_known(start)
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
            provisional |= not self.is_known(day)
        for _ in range(n):
            day += dt.timedelta(days=1)
            while not self.is_workday(day):
                day += dt.timedelta(days=1)
            provisional |= not self.is_known(day)
        return day, provisional
