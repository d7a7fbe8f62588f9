"""Due dates in working days on China's calendar, with make-up days, and provisional past known years."""
from __future__ import annotations

import datetime as dt

import pytest

from backend.workdays import Calendar

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return Calendar.seeded()


def test_national_day_holiday_is_skipped(cal):
    # 2026-09-30 is a Wednesday; 1-7 October are holidays.
    assert cal.add_workdays(D(2026, 9, 30), 1) == (D(2026, 10, 8), False)


def test_make_up_saturday_counts_as_a_working_day(cal):
    # Saturday 2026-10-10 is a make-up working day after the National Day holiday.
    assert cal.is_workday(D(2026, 10, 10))
    assert cal.add_workdays(D(2026, 10, 9), 1) == (D(2026, 10, 10), False)


def test_acceptance_on_a_weekend_starts_counting_on_monday(cal):
    assert cal.add_workdays(D(2026, 11, 29), 1) == (D(2026, 12, 1), False)


def test_dates_in_an_unpublished_year_are_provisional_weekdays(cal):
    day, provisional = cal.add_workdays(D(2026, 12, 30), 3)
    assert day == D(2027, 1, 4) and provisional is True


def test_staff_file_adds_a_year_and_makes_it_definite(tmp_path):
    f = tmp_path / "calendar.toml"
    f.write_text('[years.2027]\nholidays = [2027-01-01]\nworkdays = [2027-01-09]\n')
    cal = Calendar.seeded()
    cal.extend(f)
    assert cal.add_workdays(D(2026, 12, 31), 1) == (D(2027, 1, 4), False)
    assert cal.is_workday(D(2027, 1, 9))


def test_staff_file_with_a_date_under_the_wrong_year_is_refused(tmp_path):
    f = tmp_path / "calendar.toml"
    f.write_text('[years.2027]\nholidays = [2028-01-01]\n')
    with pytest.raises(ValueError, match="2028-01-01"):
        Calendar.seeded().extend(f)
