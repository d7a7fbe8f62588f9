"""The tour's journeys through the ways a citizen may use the kiosk: elder mode (larger everything), English,
handwriting and place type-ahead on the on-screen keyboard, and the calendar for dates."""
from __future__ import annotations

import datetime as dt

from .tour_steps import form_without_card, home_by_way_of, open_dialog

#: 王 as a person writes it (横 横 竖 横), drawn for the tour in a 1024 square, y down.
WANG = [[(250, 200), (770, 200)], [(300, 500), (720, 500)], [(512, 200), (512, 820)], [(200, 830), (830, 830)]]


def _home_and_notice(tour, toggle: str, mode: str):
    """Home, then theme 5's notice, pictured with the `toggle` button (elder, language) pressed."""
    yield from home_by_way_of(tour, 5)
    yield from tour.press(toggle)
    yield from tour.snap(f"home-{mode}")
    yield from tour.press("theme_5")
    yield from tour.wait_for_step("notice")
    yield from tour.snap(f"notice-{mode}")


def elder_mode(tour):
    """Home and a notice in elder mode (the scale it set is checked), then back to the usual size."""
    yield from _home_and_notice(tour, "elder", "elder")
    tour.checks["elder_scale"] = tour.app.scale
    yield from tour.press("elder")


def english(tour):
    """Home and a notice in English, then back to Chinese."""
    yield from _home_and_notice(tour, "language", "english")
    yield from tour.press("language")


def keyboard_access(tour):
    """Theme 5's form without a card: the baby's name written by hand, the postal address by place
    type-ahead ("cj" -> 广东省梅州市梅县区程江镇) and the rest typed."""
    import random

    from kivy.metrics import dp

    from kiosk.handwriting.synth import densify, distort

    core = tour.app.core
    yield from form_without_card(tour, 5)
    yield from tour.press("field_newborn-name")
    yield from tour.press("mode_handwriting")
    panel = tour.panel()
    finger = distort(densify(WANG, 16.0), random.Random(5), jitter=10.0)
    timings = []
    for i in range(len(finger)):        # stroke by stroke, as the candidates follow the finger
        yield from tour.write(finger[i:i + 1])
        yield from tour.wait(lambda: not panel.recognizing, "the recognition of a stroke")
        timings.append(round(panel.recognition_ms, 1))
    yield from tour.snap("handwriting")
    checks = tour.checks["handwriting"] = {"candidates": list(panel.candidates), "recognition_ms": timings,
                                           "strokes_on_pad": panel.pad.stroke_count,
                                           "pad_width_dp": round(panel.pad.width / dp(1))}
    if "王" not in panel.candidates:
        raise RuntimeError(f"王 not among the handwriting candidates {panel.candidates}")
    yield from tour.press(f"cand_{panel.candidates.index('王')}")
    checks.update(value=panel.value, strokes_after_choice=panel.pad.stroke_count)
    yield from tour.press("input_done")
    yield from tour.settled()
    checks["form_value"] = core.journey.form_values().get("newborn-name")

    yield from tour.press("field_postal-address")
    panel = tour.panel()
    for letter in "cj":
        yield from tour.press(f"key_{letter}", 0.05)
    yield from tour.snap("address-typeahead")
    places = tour.checks["places"] = {"offered": list(panel.places)}
    yield from tour.press("place_0")
    places["after_tap"] = panel.value
    yield from tour.type_text("扶大路18号")
    yield from tour.press("input_done")
    yield from tour.settled()
    places["form_value"] = core.journey.form_values().get("postal-address")

    # strokes are personal: a wipe (timeout) with a half-written character leaves nothing behind
    yield from tour.press("field_birth-place")
    yield from tour.press("mode_handwriting")
    panel = tour.panel()
    yield from tour.write(finger[:2])
    checks["strokes_before_wipe"] = len(panel._strokes.strokes)
    tour.app.finish()
    yield from tour.wait_for_step("attract")
    yield from tour.settled()
    checks["after_wipe"] = {"strokes": len(panel._strokes.strokes), "on_pad": panel.pad.stroke_count,
                            "value": panel.value, "panel_open": panel.parent is not None}


def date_picker(tour):
    """The newborn's birth date on theme 5's form through the calendar: months back and forth, a tap on a
    day, 今天, the keyboard instead, and a wipe with the calendar open."""
    from .date_picker import DatePicker

    core = tour.app.core
    today = dt.date.today()

    def picker():
        return open_dialog(DatePicker)

    yield from form_without_card(tour, 5)
    yield from tour.press("field_newborn-birth-date")
    yield from tour.snap("date-picker")
    checks = tour.checks["date_picker"] = {"opens_on": picker().ids.heading.text}
    yield from tour.press("date_prev")
    yield from tour.press("date_prev")
    checks["two_back"] = picker().ids.heading.text
    yield from tour.press("date_next")
    target = dt.date(picker().year, picker().month, 15)
    yield from tour.press(f"date_{target.isoformat()}")
    yield from tour.settled()
    checks.update(picked=target.isoformat(), form_value=core.journey.form_values().get("newborn-birth-date"),
                  open_after_pick=picker() is not None)
    yield from tour.press("field_newborn-birth-date")       # opens on the month of the value
    checks["reopens_on"] = picker().ids.heading.text
    yield from tour.press("date_today")
    yield from tour.settled()
    checks["today_value"] = core.journey.form_values().get("newborn-birth-date")
    yield from tour.press("field_newborn-birth-date")
    yield from tour.press("date_type", 0.5)      # the calendar closes, the keyboard opens
    checks["keyboard_after_type"] = tour.panel().mode
    yield from tour.press("input_done")
    yield from tour.settled()
    yield from tour.press("field_newborn-birth-date")
    tour.app.finish()                                      # the session ends with the calendar open
    yield from tour.wait_for_step("attract")
    yield from tour.settled()
    checks.update(open_after_wipe=picker() is not None, today=today.isoformat(),
                  value_after_wipe=dict(core.session.form).get("newborn-birth-date"))
