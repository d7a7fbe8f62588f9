"""The tour's journeys through how themes differ: a situation question that decides the matter, a business
theme's questions, forms asking several parties each under its own heading, and a notice at a town kiosk."""
from __future__ import annotations

from .tour_steps import complete, open_theme, start_theme


def situations_theme3(tour):
    """Theme 3: the situation question decides the one matter; no card (typed by hand)."""
    yield from start_theme(tour, 3, card=False, snap_notice=True)
    q = tour.app.core.journey.theme.questions[0]
    yield from tour.wait_for_step(f"question:{q.id}")
    yield from tour.snap("question")
    yield from tour.press(f"option_{q.options[2].value}")
    yield from complete(tour)
    yield from tour.press("done_finish")


def business_theme13(tour):
    """Theme 13, a business theme with two questions."""
    yield from start_theme(tour, 13, card=True, snap_notice=True)
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
        yield from start_theme(tour, no, card=False)
        for q in tour.app.core.journey.theme.questions:
            yield from tour.wait_for_step(f"question:{q.id}")
            for opt in (q.options if q.type == "multi" and multi_all else q.options[:1]):
                yield from tour.press(f"option_{opt.value}")
            if q.type == "multi":
                yield from tour.press("question_next")
        yield from tour.wait_for_step("form")
        yield from tour.settled()
        yield from tour.snap(f"form-theme{no}")
        screen = tour.app.sm.get_screen("form")
        headings = [w for w in screen.ids.rows.children[::-1] if getattr(w, "role", "") == "title"]
        seen[str(no)] = [w.text for w in headings]
        screen.ids.scroll.scroll_to(headings[2 if no == 39 else 1], padding=0, animate=False)
        yield from tour.settled()
        yield from tour.snap(f"form-theme{no}-second-party")
        asks = tour.app.core.session.has_personal_data
        yield from tour.press("home")
        if asks:
            yield from tour.press("leave")
        yield from tour.wait_for_step("home")


def town_notice(tour):
    """At a town kiosk (`KIOSK_KIOSK_LOCATION=town-songkou kiosk tour --journey town_notice`): a theme the
    towns take starts here; a new car is sent to the traffic police branch with address, window, hours."""
    seen = tour.checks["town_notice"] = {"here": tour.app.core.journey.here}
    for no in (5, 22):
        yield from open_theme(tour, no)
        yield from tour.settled()
        yield from tour.snap(f"town-notice-theme{no}")
        screen = tour.app.sm.get_screen("notice")
        seen[str(no)] = {"elsewhere": screen.elsewhere, "start_hidden": screen.ids_start_hidden()}
    yield from tour.press("home")
    yield from tour.wait_for_step("home")
