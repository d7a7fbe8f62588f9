"""The tour's scripted journeys: each a generator of actions over a `Tour` (see screens/tour.py)."""
from __future__ import annotations

import datetime as dt

#: Typed values a citizen would enter for fields the ID card does not fill, by field type.
SAMPLE = {"name": "李明", "phone": "13800138000", "date": "2026-11-02", "id_number": "441403199001011233",
          "integer": "2", "money": "1000", "area": "120", "address": "梅县区新城", "text": "梅县",
          "bank_account": "6222020200112233445", "email": "a@b.cn", "credit_code": "91441403MA51AB2C3X",
          "plate_number": "粤M12345"}
#: 王 as a person writes it (横 横 竖 横), drawn for the tour in a 1024 square, y down.
WANG = [[(250, 200), (770, 200)], [(300, 500), (720, 500)], [(512, 200), (512, 820)], [(200, 830), (830, 830)]]
SPECIAL = {"birth-certificate-number": "R440123456", "name@mother": "王芳", "id-number@mother": "441403199202022342"}


def open_theme(tour, no: int):
    yield from tour.press("home") if tour.app.step not in ("attract", "home") else iter(())
    if tour.app.step == "attract":
        from kivy.tests.common import UnitTestTouch
        t = UnitTestTouch(540, 960)
        t.touch_down()
        t.touch_up()
    yield from tour.wait_for_step("home")
    yield from tour.press(f"theme_{no}")
    yield from tour.wait_for_step("notice")


def form_without_card(tour, no: int):
    """Open the theme and go to its form without an ID card (a theme without situation questions)."""
    yield from open_theme(tour, no)
    yield from tour.press("start")
    yield from tour.wait_for_step("identify")
    yield from tour.press("identify_without")
    yield from tour.wait_for_step("form")


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
        yield from tour.press(f"field_{f['id']}")
        yield from tour.type_text(text)
        yield from tour.press("input_done")
        yield from tour.settled()   # a closing dialog still takes touches
    yield from tour.snap("form-filled")
    yield from tour.press("form_next")


def pick_date(tour, field_id: str, day: dt.date):
    """Open the field's calendar, go back a month if the day is in the last one, tap the day."""
    yield from tour.press(f"field_{field_id}")
    if day.month != dt.date.today().month:
        yield from tour.press("date_prev")
    yield from tour.press(f"date_{day.isoformat()}")
    yield from tour.settled()


def capture_all(tour):
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


def identify_with_card(tour, snap: bool = False):
    """Lay the sample card on the simulated reader, wait for the read, confirm it is the citizen's."""
    yield from tour.press("simulate_card")
    yield from tour.wait(lambda: tour.app.core.session.card is not None, "the ID card read")
    if snap:
        yield from tour.snap("card-read")
    yield from tour.press("identify_confirm")


def complete(tour, expect_receipt: bool = True):
    """The form, the documents, check, consent and done: the second half of every journey."""
    yield from fill_form(tour)
    yield from capture_all(tour)
    yield from finish_journey(tour, expect_receipt)


def birth_with_card(tour):
    """Theme 5 from idle to ticket with the ID card and every document."""
    yield from tour.snap("attract")
    yield from open_theme(tour, 5)
    yield from tour.snap("notice")
    yield from tour.press("print_notice", 1.0)
    yield from tour.press("start")
    yield from tour.wait_for_step("identify")
    yield from tour.snap("identify")
    yield from identify_with_card(tour, snap=True)
    yield from mothers_card(tour)
    yield from complete(tour)
    yield from tour.press("done_finish")


def mothers_card(tour):
    """On the form, the mother's name and ID number come from her own card instead of 31 taps of typing;
    the father's card, laid again by mistake, is refused for her."""
    core = tour.app.core
    yield from tour.wait_for_step("form")
    checks = tour.checks["second_card"] = {"offered": core.journey.other_card_holders()}
    yield from tour.press("read_card_mother")
    from kivy.core.window import Window

    from .form import CardForHolder
    dialog = next(w for w in Window.children if isinstance(w, CardForHolder))
    yield 0.5
    core.services.cards.place_sample("resident")          # the father lays his own card again
    yield from tour.wait(lambda: "刚才读过" in dialog.message, "the father's card refused for the mother")
    checks["refused"] = dialog.message
    yield from tour.snap("mothers-card")
    yield from tour.press("card_sample")
    yield from tour.wait(lambda: core.journey.form_values().get("name@mother"), "the mother's card read")
    yield from tour.settled()
    values = core.journey.form_values()
    checks.update(name=values.get("name@mother"), id_number=values.get("id-number@mother"),
                  marked=sorted(f for f in core.session.prefilled if f.endswith("@mother")),
                  offered_after=core.journey.other_card_holders(), card_kept=core.session.card.get("name"))


def situations_theme3(tour):
    """Theme 3: the situation question decides the one matter; no card (typed by hand)."""
    yield from open_theme(tour, 3)
    yield from tour.snap("notice")
    yield from tour.press("start")
    yield from tour.wait_for_step("identify")
    yield from tour.press("identify_without")
    q = tour.app.core.journey.theme.questions[0]
    yield from tour.wait_for_step(f"question:{q.id}")
    yield from tour.snap("question")
    yield from tour.press(f"option_{q.options[2].value}")
    yield from complete(tour)
    yield from tour.press("done_finish")


def business_theme13(tour):
    """Theme 13, a business theme with two questions."""
    yield from open_theme(tour, 13)
    yield from tour.snap("notice")
    yield from tour.press("start")
    yield from tour.wait_for_step("identify")
    yield from identify_with_card(tour)
    for q in tour.app.core.journey.theme.questions:
        yield from tour.wait_for_step(f"question:{q.id}")
        yield from tour.snap(f"question-{q.id}")
        yield from tour.press(f"option_{q.options[0].value}")
    yield from complete(tour)
    yield from tour.press("done_finish")


def party_forms(tour):
    """Themes 39 and 27 up to their forms: two organisations, or the employer and the intern, each asked
    under its own heading (the fields of one party together)."""
    seen = tour.checks["party_forms"] = {}
    for no, multi_all in ((39, True), (27, False)):
        yield from open_theme(tour, no)
        yield from tour.press("start")
        yield from tour.wait_for_step("identify")
        yield from tour.press("identify_without")
        for q in tour.app.core.journey.theme.questions:
            yield from tour.wait_for_step(f"question:{q.id}")
            for opt in (q.options if q.type == "multi" and multi_all else q.options[:1]):
                yield from tour.press(f"option_{opt.value}")
            if q.type == "multi":
                yield from tour.press("question_next")
        yield from tour.wait_for_step("form")
        yield from tour.settled()
        tour.snap(f"form-theme{no}")
        screen = tour.app.sm.get_screen("form")
        headings = [w for w in screen.ids.rows.children[::-1] if getattr(w, "role", "") == "title"]
        seen[str(no)] = [w.text for w in headings]
        screen.ids.scroll.scroll_to(headings[2 if no == 39 else 1], padding=0, animate=False)
        yield from tour.settled()
        tour.snap(f"form-theme{no}-second-party")
        asks = tour.app.core.session.has_personal_data
        yield from tour.press("home")
        if asks:
            yield from tour.press("leave")
        yield from tour.wait_for_step("home")


def timeout_wipes(tour):
    """Idle on the form: the warning counts down, then everything personal is wiped."""
    app = tour.app
    app.inactivity.idle_s, app.inactivity.countdown_s = 3.0, 3.0
    yield from open_theme(tour, 5)
    yield from tour.press("start")
    yield from tour.wait_for_step("identify")
    yield from identify_with_card(tour)
    yield from tour.wait_for_step("form")
    folder_existed = app.core.session.card is not None
    yield from tour.wait(lambda: app._warning is not None, "the timeout warning")
    yield 0.5      # the warning's opening animation
    yield from tour.snap("timeout-warning")
    yield from tour.wait_for_step("attract")
    yield from tour.snap("wiped")
    s = app.core.session
    texts = _all_texts(app)
    tour.checks["timeout"] = {
        "had_card": folder_existed, "card_after": s.card, "form_after": dict(s.form), "pages_after": len(s.pages),
        "session_folders_after": sorted(p.name for p in s.root.glob("s-*")) if s.root.exists() else [],
        "name_on_any_widget": any("张三" in t for t in texts),
    }
    app.inactivity.idle_s, app.inactivity.countdown_s = 90.0, 30.0


def offline_submission(tour):
    """The hall server is unreachable: the application is kept and a provisional receipt printed."""
    core = tour.app.core
    real = core.services.client.base_url
    core.services.client.base_url = "http://127.0.0.1:9"      # nothing listens on the discard port
    yield from open_theme(tour, 20)
    yield from tour.press("start")
    yield from tour.wait_for_step("identify")
    yield from identify_with_card(tour)
    q = core.journey.theme.questions[0]
    yield from tour.wait_for_step(f"question:{q.id}")
    yield from tour.press(f"option_{q.options[1].value}")
    yield from tour.press("question_next")
    yield from complete(tour, expect_receipt=False)
    tour.checks["offline"] = {"outbox": core.services.outbox.counts()}
    core.services.client.base_url = real
    core.services.outbox.retry_now()
    core.services.sender.wake()
    yield from tour.wait(lambda: core.services.outbox.counts()["pending"] == 0 and core.services.outbox.counts()["in_flight"] == 0,
                         "the outbox to drain once the hall is back")
    tour.checks["offline"]["after"] = core.services.outbox.counts()
    yield from tour.press("done_finish")


def status_lookup(tour):
    """Follow progress with the receipt number and code printed on the receipt."""
    result = (tour.checks.get("results") or {}).get("birth_with_card")
    if not result:
        raise RuntimeError("status lookup needs the birth journey's receipt")
    yield from open_theme(tour, 5)   # to reach home from wherever
    yield from tour.press("home")
    yield from tour.wait_for_step("home")
    yield from tour.press("lookup")
    yield from tour.wait_for_step("lookup")
    yield from tour.press("lookup_receipt")
    yield from tour.type_text(result["receipt"])
    yield from tour.press("input_done")
    yield from tour.settled()   # a closing dialog still takes touches
    yield from tour.press("lookup_code")
    yield from tour.type_text(result["lookup_code"].upper())
    yield from tour.press("input_done")
    yield from tour.settled()   # a closing dialog still takes touches
    yield from tour.press("lookup_search", 1.5)
    yield from tour.snap("status")


def elder_mode(tour):
    yield from open_theme(tour, 5)
    yield from tour.press("home")
    yield from tour.wait_for_step("home")
    yield from tour.press("elder")
    yield from tour.snap("home-elder")
    yield from tour.press("theme_5")
    yield from tour.wait_for_step("notice")
    yield from tour.snap("notice-elder")
    tour.checks["elder_scale"] = tour.app.scale
    yield from tour.press("elder")


def english(tour):
    yield from open_theme(tour, 5)
    yield from tour.press("home")
    yield from tour.wait_for_step("home")
    yield from tour.press("language")
    yield from tour.snap("home-english")
    yield from tour.press("theme_5")
    yield from tour.wait_for_step("notice")
    yield from tour.snap("notice-english")
    yield from tour.press("language")


def keyboard_access(tour):
    """Theme 5's form without a card: the baby's name written by hand, the postal address by place
    type-ahead ("cj" -> 广东省梅州市梅县区程江镇) and the rest typed."""
    import random

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
    from kivy.metrics import dp
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
    from kivy.core.window import Window

    from .date_picker import DatePicker

    core = tour.app.core
    today = dt.date.today()

    def picker():
        return next((w for w in Window.children if isinstance(w, DatePicker)), None)

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


def intake_closed(tour):
    """The outbox could not take an application (run with `outbox_max_mb` below the room one needs): the
    theme tap says so at once, before the citizen spends any time, and no journey starts."""
    from kivy.core.window import Window

    if tour.app.step == "attract":
        from kivy.tests.common import UnitTestTouch
        t = UnitTestTouch(540, 960)
        t.touch_down()
        t.touch_up()
    yield from tour.wait_for_step("home")
    from .shell import IntakeClosed

    yield from tour.press("theme_5")
    yield from tour.wait(lambda: any(isinstance(w, IntakeClosed) for w in Window.children), "the intake notice")
    yield from tour.snap("intake-closed")
    texts = [getattr(w, "text", "") for top in Window.children for w in top.walk(restrict=True)]
    tour.checks["intake_closed"] = {"step": tour.app.step, "theme": tour.app.core.session.theme_id,
                                    "texts": [t for t in texts if isinstance(t, str) and t],
                                    "problem": tour.app.core.services.intake_problem()}
    yield from tour.press("ok")
    yield from tour.settled()


def _all_texts(app) -> list[str]:
    out = []
    for screen in app.sm.screens:
        for w in screen.walk(restrict=True):
            text = getattr(w, "text", None)
            if isinstance(text, str):
                out.append(text)
    return out


def town_notice(tour):
    """At a town kiosk (`KIOSK_KIOSK_LOCATION=town-songkou kiosk tour --journey town_notice`): a theme the
    towns take starts here; a new car is sent to the traffic police branch with address, window, hours."""
    seen = tour.checks["town_notice"] = {"here": tour.app.core.journey.here}
    for no in (5, 22):
        yield from open_theme(tour, no)
        yield from tour.settled()
        tour.snap(f"town-notice-theme{no}")
        screen = tour.app.sm.get_screen("notice")
        seen[str(no)] = {"elsewhere": screen.elsewhere, "start_hidden": screen.ids_start_hidden()}
    yield from tour.press("home")
    yield from tour.wait_for_step("home")


#: Run only when named: they need a kiosk set up for them.
ON_REQUEST = {"town_notice": town_notice}


JOURNEYS = {
    "birth_with_card": birth_with_card,
    "situations_theme3": situations_theme3,
    "business_theme13": business_theme13,
    "party_forms": party_forms,
    "timeout_wipes": timeout_wipes,
    "offline_submission": offline_submission,
    "status_lookup": status_lookup,
    "elder_mode": elder_mode,
    "english": english,
    "keyboard_access": keyboard_access,
    "date_picker": date_picker,
    "intake_closed": intake_closed,
}
