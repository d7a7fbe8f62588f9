"""Date fields open a month calendar (screens/date_picker.py), driven through the real widgets under Xvfb by
the tour's `date_picker` journey: one tap on a day fills the field; the keyboard is one tap away."""
from __future__ import annotations

import datetime as dt

import pytest

from hanzi import screens_show_hanzi
from support import run_tour

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def tour(xvfb_display, tmp_path_factory):
    out = tmp_path_factory.mktemp("dates")
    return out / "shots", run_tour(xvfb_display, out, "date_picker")


@pytest.fixture(scope="module")
def checks(tour):
    return tour[1]["checks"]["date_picker"]


def test_the_calendar_screens_show_hanzi_not_boxes(tour):
    assert screens_show_hanzi(*tour)


def _month(day: dt.date, back: int = 0) -> str:
    index = day.year * 12 + day.month - 1 - back
    return f"{index // 12}年{index % 12 + 1}月"


def test_the_calendar_opens_on_this_month_and_moves_by_months(checks):
    today = dt.date.fromisoformat(checks["today"])
    assert checks["opens_on"] == _month(today)
    assert checks["two_back"] == _month(today, 2)


def test_one_tap_on_a_day_fills_the_field_and_closes_the_calendar(checks):
    assert checks["form_value"] == checks["picked"] and not checks["open_after_pick"]
    assert checks["reopens_on"] == _month(dt.date.fromisoformat(checks["picked"]))
    assert checks["today_value"] == checks["today"]


def test_typing_instead_opens_the_digit_keyboard(checks):
    assert checks["keyboard_after_type"] == "digits"


def test_the_end_of_a_session_closes_the_calendar_and_forgets_the_date(checks):
    assert checks["open_after_wipe"] is False and not checks["value_after_wipe"]
