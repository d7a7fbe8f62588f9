"""The console's journeys in a real headless Chromium against a real hall server: the very steps
`kiosk-hall console-tour` photographs (backend/console/journeys.py), then the audit trail they left."""
from __future__ import annotations

import requests

from backend.console.journeys import run
from backend.console.walk import Walk
from backend.console.world import PASSWORD, REVIEWERS


def _audit(world) -> list[dict]:
    token = requests.post(world.url + "/v1/auth/login", json={"username": "boss", "password": PASSWORD},
                          timeout=30).json()["token"]
    r = requests.get(world.url + "/v1/audit", params={"limit": 1000}, timeout=30,
                     headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    return r.json()


def test_window_desk_reviewers_handover_dashboard_and_status_page_in_chromium(world, browser, tmp_path):
    walk = Walk(browser, world.url, tmp_path)
    run(walk, world)        # every step checks what the person sees; a missing text fails with the page's text
    first, second, third = world.receipts
    # The printed notices came out as single A4 sheets.
    printed = {e["name"]: e for e in walk.entries if e.get("pdf")}
    assert printed["notice-accepted-print"]["sheets"] == 1 and printed["notice-correction-print"]["sheets"] == 1
    # Every step is in the audit trail with the user who took it.
    trail = {(a["action"], a["receipt"], a["user"]) for a in _audit(world)}
    for action in ("originals-sighted", "owed-received", "accept", "handover-collected"):
        assert (action, first, "clerk-a") in trail, action
    assert ("call", first, "clerk-a") in trail
    assert ("return", third, "clerk-a") in trail
    for user in REVIEWERS.values():
        assert ("matter-approved", first, user) in trail and ("matter-result_ready", second, user) in trail
    # The refused collection changed nothing: the second application's results are still waiting.
    assert not any(a == "handover-collected" and r == second for a, r, _u in trail)


def test_editor_reorders_switches_off_fixes_an_error_publishes_and_rolls_back_in_chromium(world, browser, tmp_path):
    """Issue 12's editor journey (backend/console/journeys_catalogue.py) in the same Chromium and hall: every
    step checks what the person sees and what kiosks fetch; then the history and the confirmation it left."""
    from backend.console.world import EDITOR
    from backend.console.journeys_catalogue import DEPARTMENT, EDITOR_JOURNEY, MATTER

    walk = Walk(browser, world.url, tmp_path)
    run(walk, world, EDITOR_JOURNEY)
    token = requests.post(world.url + "/v1/auth/login", json={"username": EDITOR, "password": PASSWORD},
                          timeout=30).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    r = requests.get(world.url + "/v1/staff/catalogue/releases", headers=auth, timeout=30)
    assert r.status_code == 200, r.text
    history = r.json()
    assert [(r["action"], r["published_by"]) for r in history[:2]] == [("rollback", EDITOR), ("publish", EDITOR)]
    sheet = requests.get(world.url + f"/v1/staff/catalogue/review/{DEPARTMENT}", headers=auth, timeout=30).json()
    mine = next(m for m in sheet["matters"] if m["id"] == MATTER)
    assert mine["review"] == "confirmed" and mine["reviewed_by"] == REVIEWERS[DEPARTMENT]
    assert [e for e in walk.entries if e.get("pdf")][0]["sheets"] >= 1
