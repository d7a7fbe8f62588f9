"""The tour's staff journeys (run only when named: `kiosk tour --journey staff_mode`): the hidden gesture,
the PIN pad and its lockout, the staff page, a catalogue published through the hall's editor API reaching the
home screen at rest (and a rollback undoing it the same way), and the exit to the desktop. Taps are real touch events at the hall name's corner."""
from __future__ import annotations

import os
import threading

from .tour_steps import all_texts, go_home, home_by_way_of, open_dialog, open_theme, start_theme

#: The PIN the tour uses when the configuration sets none (KIOSK_TOUR_STAFF_PIN names the configured one).
TOUR_PIN = "2468"
NEW_TITLE = "新生儿出生一件事"


def _pin(tour) -> str:
    from kiosk.staff import hash_pin

    gate = tour.app.core.staff.gate
    if os.environ.get("KIOSK_TOUR_STAFF_PIN"):
        return os.environ["KIOSK_TOUR_STAFF_PIN"]
    if not gate.enabled:
        gate.pin_hash = hash_pin(TOUR_PIN)
    return TOUR_PIN


def tap_corner(tour, times: int = 5):
    """Tap the hall name at the top-left corner, as staff do, quickly."""
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    yield from tour.settled()          # a closing dialog (the timeout warning) still takes touches
    if tour.app.step == "attract":     # the first touch only wakes the kiosk: wait for the home screen
        yield from go_home(tour)
        yield 0.5
    for _ in range(times):
        t = UnitTestTouch(30, Window.height - 30)
        t.touch_down()
        t.touch_up()
        yield 0.15


def pad_open(tour) -> bool:
    from .staff import PinPad
    return open_dialog(PinPad) is not None


def enter_pin(tour, pin: str):
    yield from tour.wait(lambda: pad_open(tour), "the PIN pad")
    yield 0.4      # opening animation
    for ch in pin:
        yield from tour.press(f"key_{ch}", 0.05)
    yield from tour.press("pin_ok", 0.3)


def _labels(tour) -> list[str]:
    from kivy.core.window import Window

    from .app import visible_labels
    return [lb["text"] for lb in visible_labels(Window)]


def staff_mode(tour):
    """Wrong PIN refused, right PIN wipes the citizen's session and opens the staff page, lockout."""
    app, core = tour.app, tour.app.core
    pin = _pin(tour)
    checks = tour.checks.setdefault("staff", {})
    yield from start_theme(tour, 5, card=True)
    yield from tour.wait_for_step("form")
    checks["citizen_had_card"] = core.session.card is not None
    checks["exit_button_outside_staff"] = _findable(tour, "staff_exit")
    yield from tap_corner(tour, 4)
    yield 0.3
    checks["pad_after_four_taps"] = pad_open(tour)
    yield from tap_corner(tour, 1)
    yield from enter_pin(tour, "0000" if pin != "0000" else "1111")
    yield from tour.snap("pin-wrong")
    checks["after_wrong_pin"] = {"step": app.step, "pad_open": pad_open(tour),
                                 "card_kept": core.session.card is not None, "labels": _labels(tour)}
    yield from tour.press("pin_cancel")
    yield from tour.settled()
    yield from tap_corner(tour)
    yield from enter_pin(tour, pin)
    yield from tour.wait_for_step("staff")
    yield from tour.wait(lambda: "正在检查" not in app.sm.get_screen("staff").devices, "the staff page's status")
    yield from tour.settled()
    yield from tour.snap("staff")
    screen = app.sm.get_screen("staff")
    checks["on_entry"] = {"card": core.session.card, "theme": core.session.theme_id, "form": dict(core.session.form),
                          "name_on_any_widget": any("张三" in t for t in all_texts(app)),
                          "devices": screen.devices, "outbox": screen.outbox, "hall": screen.hall,
                          "catalogue": screen.catalogue}
    yield from tour.press("staff_print_test")
    yield from tour.wait(lambda: screen.message == "测试页已打印", "the test page")
    yield from tour.press("staff_retry_dead")
    checks["retry_message"] = screen.message
    yield from tour.press("staff_leave")
    yield from tour.wait_for_step("attract")
    checks["left"] = {"active": core.staff.active, "step": app.step}
    # Staff mode times out like a citizen's screen.
    app.inactivity.idle_s, app.inactivity.countdown_s = 2.0, 2.0
    yield from tap_corner(tour)
    yield from enter_pin(tour, pin)
    yield from tour.wait_for_step("staff")
    yield from tour.wait_for_step("attract")
    checks["timed_out"] = {"active": core.staff.active}
    app.inactivity.idle_s, app.inactivity.countdown_s = 90.0, 30.0
    # Five wrong PINs lock the pad; the right one is not even taken then.
    wrong = "0000" if pin != "0000" else "1111"
    yield from tap_corner(tour)
    for _ in range(5):
        yield from enter_pin(tour, wrong)
    yield from tour.snap("pin-locked")
    checks["locked"] = {"labels": _labels(tour), "seconds": core.staff.gate.seconds_locked(__import__("time").time())}
    checks["locked"]["keys_enabled"] = [_findable(tour, f"key_{ch}") for ch in pin]
    checks["locked"]["ok_enabled"] = _findable(tour, "pin_ok")
    checks["locked"]["step"] = app.step
    yield from tour.press("pin_cancel")
    yield from tour.settled()
    core.staff.gate.unlock()     # the tour goes on; a hall waits the five minutes


def _findable(tour, name: str) -> bool:
    from .tour import TourFailed
    try:
        tour.find(name)
        return True
    except TourFailed:
        return False


def _home_titles(tour) -> list[str]:
    grid = tour.app.sm.get_screen("home").ids.themes
    return [w.title for w in reversed(grid.children)]


#: The editor's changes the tour publishes through the hall's catalogue API (backend/catalogue_api.py):
#: theme 5 renamed, theme 3 switched off, themes 20 and 13 moved to the top, the version bumped.
EDITS = [
    {"op": "set", "file": "themes/birth.toml", "path": "name", "value": NEW_TITLE},
    {"op": "enable", "theme": 3, "enabled": False},
    {"op": "reorder", "themes": [20, 13]},
    {"op": "set", "file": "catalogue.toml", "path": "version", "value": "2026.11.29-tour"},
]


def _staff_api(core, done: dict, *calls) -> None:
    """What an editor's pages send to the hall (off the UI thread): each (path, body) in turn."""
    import requests

    from kiosk.local_hall import STAFF_TOKEN

    def work():
        answers = []
        for path, body in calls:
            resp = requests.post(core.services.client.base_url + "/v1/staff/catalogue" + path, json=body, timeout=120,
                                 headers={"Authorization": f"Bearer {STAFF_TOKEN}"})
            answers.append({"status": resp.status_code, "body": resp.json()})
        done["result"] = answers
    threading.Thread(target=work, daemon=True).start()


def _positions(tour, *numbers: int) -> list[int]:
    """Where themes (by number) stand in the home list as drawn."""
    titles = _home_titles(tour)
    cat = tour.app.core.catalogue
    return [titles.index(cat.theme(n).name) if cat.theme(n).name in titles else -1 for n in numbers]


def catalogue_update(tour):
    """An editor publishes changes through the hall's API while a citizen is mid-journey; the kiosk fetches
    and verifies the signed release but switches only at the attract screen; home then shows the new titles
    and order. A rollback (one API call) brings the old order back the same way."""
    app, core = tour.app, tour.app.core
    checks = tour.checks.setdefault("catalogue", {})
    yield from home_by_way_of(tour, 7)
    checks["before"] = {"version": core.catalogue.version, "titles": _home_titles(tour),
                        "positions": _positions(tour, 1, 13, 20)}
    yield from tour.press("theme_5")
    yield from tour.wait_for_step("notice")
    done: dict = {}
    _staff_api(core, done, ("/draft/edits", {"by": "tour-editor", "ops": EDITS}),
               ("/draft/publish", {"by": "tour-editor"}))
    yield from tour.wait(lambda: "result" in done, "the editor's publish")
    checks["publish"] = done["result"]
    sync = core.services.catalogue_sync
    sync.check_now()            # as the timer does, while a citizen is on the notice
    yield from tour.wait(lambda: sync.pending is not None, "the new catalogue fetched")
    yield 0.5
    checks["mid_journey"] = {"version": core.catalogue.version, "step": app.step, "theme": core.session.theme_id,
                             "pending": sync.pending.version, "release": sync.release}
    yield from tour.press("home")
    yield from tour.wait_for_step("home")
    checks["home_before_rest"] = {"version": core.catalogue.version, "titles": _home_titles(tour)}
    app.finish()
    yield from tour.wait_for_step("attract")
    yield 0.3
    yield from tour.snap("attract-new-catalogue")
    checks["at_rest"] = {"version": core.catalogue.version, "featured_pool": list(app.sm.get_screen("attract")._themes)}
    yield from home_by_way_of(tour, 5)
    yield 0.3
    yield from tour.snap("home-new-catalogue")
    checks["after"] = {"version": core.catalogue.version, "titles": _home_titles(tour), "labels": _labels(tour),
                       "positions": _positions(tour, 1, 13, 20)}
    # Staff press "check now": the server answers 304, nothing changes.
    pin = _pin(tour)
    yield from tap_corner(tour)
    yield from enter_pin(tour, pin)
    yield from tour.wait_for_step("staff")
    screen = app.sm.get_screen("staff")
    yield from tour.press("staff_check_catalogue")
    yield from tour.wait(lambda: screen.message == "目录已是最新", "the catalogue check")
    checks["staff_check"] = {"message": screen.message, "outcome": core.services.catalogue_sync.last.outcome,
                             "catalogue": screen.catalogue}
    yield from tour.press("staff_leave")
    yield from tour.wait_for_step("attract")
    # The hall manager rolls back to release 1 while a citizen reads a notice: same path, old order back.
    yield from open_theme(tour, 7)
    rolled: dict = {}
    _staff_api(core, rolled, ("/releases/1/rollback", {"by": "tour-manager"}))
    yield from tour.wait(lambda: "result" in rolled, "the rollback")
    core.services.catalogue_sync.check_now()
    yield from tour.wait(lambda: core.services.catalogue_sync.pending is not None, "the rolled-back catalogue fetched")
    yield 0.5
    checks["rollback"] = {"answer": rolled["result"], "mid_journey_version": core.catalogue.version,
                          "pending": core.services.catalogue_sync.pending.version, "release": core.services.catalogue_sync.release,
                          "step": app.step}
    yield from tour.press("home")
    yield from tour.wait_for_step("home")
    checks["rollback"]["home_before_rest"] = _positions(tour, 1, 13, 20)
    app.finish()
    yield from tour.wait_for_step("attract")
    yield from home_by_way_of(tour, 7)
    yield 0.3
    yield from tour.snap("home-rolled-back")
    checks["rolled_back"] = {"version": core.catalogue.version, "titles": _home_titles(tour),
                             "positions": _positions(tour, 1, 13, 20)}
    app.finish()
    yield from tour.wait_for_step("attract")


def staff_exit(tour):
    """"Exit to desktop" ends the app with exit code 0, from the staff page only. Run it last."""
    pin = _pin(tour)
    yield from tap_corner(tour, 2)
    yield from tour.wait_for_step("home")
    tour.checks["exit_on_home"] = _findable(tour, "staff_exit")
    yield from tap_corner(tour, 3)
    yield from enter_pin(tour, pin)
    yield from tour.wait_for_step("staff")
    # The page's status arrives from a worker and makes the page taller: press only once it has settled,
    # or the button scrolled into view before moves away under the finger.
    screen = tour.app.sm.get_screen("staff")
    busy = "正在检查…"
    yield from tour.wait(lambda: busy not in (screen.devices, screen.outbox, screen.hall), "the staff page's status")
    yield 0.3
    tour.checks["exit_pressed"] = True
    tour.save_index()
    yield from tour.press("staff_exit")
    yield from tour.wait(lambda: False, "the app to stop")     # never true: the tour fails if it goes on


JOURNEYS = {"staff_mode": staff_mode, "catalogue_update": catalogue_update, "staff_exit": staff_exit}
