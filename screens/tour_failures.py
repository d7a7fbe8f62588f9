"""The tour's journeys where something goes wrong: the citizen walks away (the timeout wipes everything
personal), the hall is unreachable (a provisional receipt, the outbox drains later), saving fails at the end
and the outbox cannot take an application at all. The last two run only when named."""
from __future__ import annotations

from .tour_steps import all_texts, complete, go_home, open_dialog, open_theme, start_theme


def timeout_wipes(tour):
    """Idle on the form: the warning counts down, then everything personal is wiped."""
    app = tour.app
    app.inactivity.idle_s, app.inactivity.countdown_s = 3.0, 3.0
    yield from start_theme(tour, 5, card=True)
    yield from tour.wait_for_step("form")
    folder_existed = app.core.session.card is not None
    yield from tour.wait(lambda: app._warning is not None, "the timeout warning")
    yield 0.5      # the warning's opening animation
    yield from tour.snap("timeout-warning")
    yield from tour.wait_for_step("attract")
    yield from tour.snap("wiped")
    s = app.core.session
    texts = all_texts(app)
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
    yield from start_theme(tour, 20, card=True)
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


def save_fails(tour):
    """Saving fails at the very end: the outbox's SQLite may grow no more (max_page_count pinned to the pages
    it has, the same SQLITE_FULL a full disk gives). The citizen is told plainly what to do, nothing is wiped,
    and 呼叫工作人员 answers. The session up to consent is made through the journey core from a sample
    application (the other journeys fill forms through the widgets); consent and after are the real screens."""
    from kiosk.sample import sample_application

    from .shell import StaffCalled

    core = tour.app.core
    yield from open_theme(tour, 5)
    body, pages = sample_application(core.catalogue, "5", seed=3)
    for question, value in body["answers"].items():
        core.journey.answer(question, value)
    for field_id, value in body["form"].items():
        core.journey.set_value(field_id, value)
    for page in pages:
        core.journey.add_page(page["material"], page["data"])
    tour.app.go("consent")
    yield from tour.wait_for_step("consent")
    outbox = core.services.outbox
    before = outbox.counts()
    pages_now = outbox.db.execute("PRAGMA page_count").fetchone()[0]
    outbox.db.execute(f"PRAGMA max_page_count = {pages_now}")
    try:
        yield from tour.press("consent_agree")
        yield from tour.wait_for_step("submitting")
        screen = tour.app.sm.get_screen("submitting")
        yield from tour.wait(lambda: "没有保存成功" in screen.status, "the plain word that saving failed")
        yield from tour.snap("save-failed")
        s = core.session
        tour.checks["save_fails"] = {"step": tour.app.step, "status": screen.status, "theme": s.theme_id,
                                     "form_kept": len(s.form), "pages_kept": sum(len(v) for v in s.pages.values()),
                                     "outbox_ref": s.outbox_ref, "counts_before": before,
                                     "counts_after": outbox.counts()}
        yield from tour.press("call_staff")
        yield from tour.wait(lambda: open_dialog(StaffCalled) is not None, "the staff-called notice")
        yield from tour.snap("save-failed-staff-called")
        yield from tour.press("ok")
        yield from tour.settled()
    finally:
        outbox.db.execute("PRAGMA max_page_count = 1073741823")
    core.end()          # staff help the citizen at the window; the kiosk starts clean for the next one


def intake_closed(tour):
    """The outbox could not take an application (run with `outbox_max_mb` below the room one needs): the
    theme tap says so at once, before the citizen spends any time, and no journey starts."""
    from kivy.core.window import Window

    from .shell import IntakeClosed

    yield from go_home(tour)
    yield from tour.press("theme_5")
    yield from tour.wait(lambda: open_dialog(IntakeClosed) is not None, "the intake notice")
    yield from tour.snap("intake-closed")
    texts = [getattr(w, "text", "") for top in Window.children for w in top.walk(restrict=True)]
    tour.checks["intake_closed"] = {"step": tour.app.step, "theme": tour.app.core.session.theme_id,
                                    "texts": [t for t in texts if isinstance(t, str) and t],
                                    "problem": tour.app.core.services.intake_problem()}
    yield from tour.press("ok")
    yield from tour.settled()
