"""The steps every tour journey is made of: reaching home, opening and starting a theme, the ID card, the form
filled as a citizen fills it, the documents, check, consent and done. Each is a generator of actions over a
`Tour` (screens/tour.py); the journeys themselves are in screens/tour_*.py, listed in screens/tour_journeys.py."""
from __future__ import annotations

import datetime as dt

#: Typed values a citizen would enter for fields the ID card does not fill, by field type.
SAMPLE = {"name": "李明", "phone": "13800138000", "date": "2026-11-02", "id_number": "441403199001011233",
          "integer": "2", "money": "1000", "area": "120", "address": "梅县区新城", "text": "梅县",
          "bank_account": "6222020200112233445", "email": "a@b.cn", "credit_code": "91441403MA51AB2C3X",
          "plate_number": "粤M12345"}
#: Values for fields whose type alone does not say what a real one looks like.
SPECIAL = {"birth-certificate-number": "R440123456", "name@mother": "王芳", "id-number@mother": "441403199202022342"}


def open_dialog(cls):
    """The open dialog (a widget on the Window itself) of this class, or None."""
    from kivy.core.window import Window

    return next((w for w in Window.children if isinstance(w, cls)), None)


def all_texts(app) -> list[str]:
    """The text of every widget on every screen, shown or not (to check nothing personal is left)."""
    out = []
    for screen in app.sm.screens:
        for w in screen.walk(restrict=True):
            text = getattr(w, "text", None)
            if isinstance(text, str):
                out.append(text)
    return out


def go_home(tour):
    """The home screen from wherever: the home button on a journey's screen, one touch on the attract screen
    (it only wakes the kiosk, so it is a bare touch, not a named button)."""
    if tour.app.step not in ("attract", "home"):
        yield from tour.press("home")
    if tour.app.step == "attract":
        from kivy.tests.common import UnitTestTouch
        t = UnitTestTouch(540, 960)
        t.touch_down()
        t.touch_up()
    yield from tour.wait_for_step("home")


def open_theme(tour, no: int):
    """Theme `no`'s notice, from wherever."""
    yield from go_home(tour)
    yield from tour.press(f"theme_{no}")
    yield from tour.wait_for_step("notice")


def home_by_way_of(tour, no: int):
    """Theme `no`'s notice, then back home: the kiosk counts the theme as used (home lists the most used
    first), so home's order is the one a citizen coming back from that theme sees."""
    yield from open_theme(tour, no)
    yield from tour.press("home")
    yield from tour.wait_for_step("home")


def start_theme(tour, no: int, card: bool, snap_notice: bool = False):
    """Open theme `no`, start it and say who the citizen is: the sample ID card on the simulated reader, or
    无证办理 (everything typed by hand)."""
    yield from open_theme(tour, no)
    if snap_notice:
        yield from tour.snap("notice")
    yield from tour.press("start")
    yield from tour.wait_for_step("identify")
    if card:
        yield from identify_with_card(tour)
    else:
        yield from tour.press("identify_without")


def form_without_card(tour, no: int):
    """Open the theme and go to its form without an ID card (a theme without situation questions)."""
    yield from start_theme(tour, no, card=False)
    yield from tour.wait_for_step("form")


def identify_with_card(tour, snap: bool = False):
    """Lay the sample card on the simulated reader, wait for the read, confirm it is the citizen's."""
    yield from tour.press("simulate_card")
    yield from tour.wait(lambda: tour.app.core.session.card is not None, "the ID card read")
    if snap:
        yield from tour.snap("card-read")
    yield from tour.press("identify_confirm")


def fill_form(tour):
    """Fill every empty field through the keyboard or the option buttons, as a citizen would."""
    yield from tour.wait_for_step("form")
    core = tour.app.core
    values = core.journey.form_values()
    for f in core.journey.fields():
        if f["source"] == "derived" or values.get(f["id"]):
            continue
        if f["type"] == "choice" and f["options"]:
            yield from tour.press(f"choice_{f['id']}_{f['options'][0]}")
            continue
        if not f["required"]:
            continue
        if f["type"] == "date":     # the calendar: the day three days ago, as for a newborn's birth
            yield from pick_date(tour, f["id"], dt.date.today() - dt.timedelta(days=3))
            continue
        text = SPECIAL.get(f["id"]) or SPECIAL.get(f["field"]) or SAMPLE.get(f["type"], "梅县")
        yield from type_into(tour, f"field_{f['id']}", text)
    yield from tour.snap("form-filled")
    yield from tour.press("form_next")


def type_into(tour, name: str, text: str):
    """Tap the named field, type `text` on the keyboard that opens, close it with 完成."""
    yield from tour.press(name)
    yield from tour.type_text(text)
    yield from tour.press("input_done")
    yield from tour.settled()   # a closing dialog still takes touches


def pick_date(tour, field_id: str, day: dt.date):
    """Open the field's calendar, go back a month if the day is in the last one, tap the day."""
    yield from tour.press(f"field_{field_id}")
    if day.month != dt.date.today().month:
        yield from tour.press("date_prev")
    yield from tour.press(f"date_{day.isoformat()}")
    yield from tour.settled()


def capture_all(tour):
    """Photograph every key document (the camera's first frame in the preview is pictured once a journey);
    the others are left for later, as the materials screen allows."""
    yield from tour.wait_for_step("materials")
    yield from tour.snap("materials")
    core = tour.app.core
    for m in core.journey.materials_to_capture():
        if not m["key"]:
            yield from tour.press(f"defer_{m['id']}")
            continue
        yield from tour.press(f"capture_{m['id']}", 0.6)
        if not tour.entries or tour.entries[-1]["what"] != "camera":
            # The simulated page is steady, so auto-capture closes the preview soon after its first
            # frames: the picture is taken at the first check that finds a frame in the preview.
            def preview_shot():
                if _previewing():
                    tour._save("camera")
                    return True
                return False
            yield from tour.wait(preview_shot, "the camera's first frame in the preview")
        yield from tour.wait(lambda mid=m["id"]: bool(core.session.pages.get(mid)), f"page of {m['id']}")
    yield from tour.settled()
    yield from tour.snap("materials-done")
    yield from tour.press("materials_next")


def _previewing() -> bool:
    """The capture dialog shows a camera frame (before it, the preview is an empty box)."""
    from kivy.core.window import Window

    from .materials import CaptureView

    return any(isinstance(w, CaptureView) and w.texture is not None for w in Window.children)


def finish_journey(tour, expect_receipt: bool = True):
    """Check answers, consent, and the done screen once the printouts are back (the hall's receipt too,
    unless the hall is away); the result is kept in the tour's checks for the journeys after."""
    yield from tour.wait_for_step("check")
    yield from tour.snap("check-answers")
    yield from tour.press("check_next")
    yield from tour.wait_for_step("consent")
    yield from tour.snap("consent")
    yield from tour.press("consent_agree")
    yield from tour.wait_for_step("done")
    core = tour.app.core
    if expect_receipt:
        yield from tour.wait(lambda: bool(core.session.result), "the hall's receipt")
    done = tour.app.sm.get_screen("done")
    printing = done.print_status
    yield from tour.wait(lambda: done.print_status != printing or "…" not in done.print_status,
                         "the printouts to come back from the printer")
    yield from tour.settled()
    yield from tour.snap("done")
    tour.checks.setdefault("results", {})[tour.journey] = dict(core.session.result or {},
                                                               local_ref=core.session.outbox_ref)


def complete(tour, expect_receipt: bool = True):
    """The form, the documents, check, consent and done: the second half of every journey."""
    yield from fill_form(tour)
    yield from capture_all(tour)
    yield from finish_journey(tour, expect_receipt)
