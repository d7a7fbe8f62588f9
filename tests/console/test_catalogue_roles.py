"""Who may touch the catalogue, route by route, against a real hall server: editors (and the supervisor, and
the automation token of `kiosk-hall publish --url`) edit and publish; a reviewer reads and answers only their
own department's sheet; a clerk nothing. Each refusal is a 403 that changes nothing, and the person recorded
is the signed-in user, whatever the request body names. The console's editor pages are checked the same way."""
from __future__ import annotations

import sqlite3

import pytest
import requests

from backend.console.world import PASSWORD
from console_client import ConsoleClient
from support import HallServer

MATTER, DEPT, OTHER = "birth-registration", "public-security", "tax"
API = "/v1/staff/catalogue"
EDIT = {"ops": [{"op": "enable", "theme": "birth", "enabled": False}]}

# (method, path, body) of every route that changes something, and the reads editors alone may make.
EDITOR_WRITES = [("POST", "/draft/edits", EDIT), ("PUT", "/draft", {"sources": {"catalogue.toml": "x = 1"}}),
                 ("POST", "/draft/publish", {}), ("POST", "/releases", {"sources": {"catalogue.toml": "x = 1"}}),
                 ("POST", "/releases/1/rollback", {})]
EDITOR_READS = [("GET", "/draft", None), ("GET", "/draft/sources", None), ("GET", "/diff", None),
                ("GET", "/releases", None), ("GET", "/releases/1/sources", None), ("GET", "/preview/birth", None),
                ("GET", "/review", None)]
ANSWERS = [("POST", f"/review/{{d}}/matters/{MATTER}/confirm", {}),
           ("POST", f"/review/{{d}}/matters/{MATTER}/comments", {"text": "请核对"})]


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    from backend import accounts
    from backend.hall import Hall

    server = HallServer(tmp_path_factory.mktemp("roles") / "hall.sqlite3")
    h = Hall(str(server.db))
    with h.tx() as conn:
        for user, role, dept, window in (("ed", "editor", None, None), ("boss", "supervisor", None, None),
                                         ("rev-ga", "reviewer", DEPT, None), ("rev-tax", "reviewer", OTHER, None),
                                         ("clerk", "clerk", None, "A")):
            accounts.add_user(conn, h.catalogue, user, role, PASSWORD, department=dept, window=window)
    h.engine.dispose()
    server.start()
    server.tokens = {u: requests.post(server.url + "/v1/auth/login", json={"username": u, "password": PASSWORD},
                                      timeout=30).json()["token"] for u in ("ed", "boss", "rev-ga", "rev-tax", "clerk")}
    yield server
    server.stop()


def call(hall, who, method, path, body=None):
    token = hall.staff_token if who == "automation" else hall.tokens[who]
    return requests.request(method, hall.url + API + path, json=body, timeout=60,
                            headers={"Authorization": f"Bearer {token}"})


def state(hall) -> tuple:
    """Everything a catalogue route can change: the draft, the releases, the review records."""
    with sqlite3.connect(hall.db) as conn:
        return (conn.execute("SELECT sources, updated_by FROM catalogue_draft").fetchall(),
                conn.execute("SELECT number, published_by FROM catalogue_releases").fetchall(),
                conn.execute("SELECT matter_id, kind, actor FROM catalogue_reviews").fetchall())


@pytest.mark.parametrize("who", ["rev-ga", "clerk"])
def test_only_editors_edit_publish_roll_back_or_read_the_draft(hall, who):
    before = state(hall)
    for method, path, body in EDITOR_WRITES + EDITOR_READS:
        r = call(hall, who, method, path, body)
        assert r.status_code == 403, (who, method, path, r.text)
    assert state(hall) == before


def test_a_reviewer_answers_for_their_own_department_only_and_editors_do_not_confirm(hall):
    before = state(hall)
    for who, dept in (("rev-tax", DEPT), ("rev-ga", OTHER), ("ed", DEPT), ("clerk", DEPT)):
        for method, path, body in ANSWERS:
            r = call(hall, who, method, path.format(d=dept), body)
            assert r.status_code == 403, (who, path, r.text)
    for who in ("rev-tax", "clerk"):
        assert call(hall, who, "GET", f"/review/{DEPT}").status_code == 403
    assert state(hall) == before
    assert call(hall, "rev-ga", "GET", f"/review/{DEPT}").status_code == 200
    assert call(hall, "ed", "GET", f"/review/{DEPT}").status_code == 200        # editors read every sheet


def test_the_actor_is_the_signed_in_user_not_the_name_in_the_body(hall):
    r = call(hall, "rev-ga", "POST", f"/review/{DEPT}/matters/{MATTER}/confirm", {"by": "someone-else"})
    assert r.status_code == 200 and r.json()["reviewed_by"] == "rev-ga"
    r = call(hall, "ed", "POST", "/draft/edits", {"by": "someone-else", **EDIT})
    assert r.status_code == 200, r.text
    r = call(hall, "ed", "POST", "/draft/publish", {"by": "someone-else"})
    assert r.status_code == 200, r.text
    draft, releases, reviews = state(hall)
    assert draft[0][1] == "ed" and releases[-1][1] == "ed" and ("birth-registration", "confirmed", "rev-ga") in reviews
    # The automation token (kiosk-hall publish --url) still names who acts.
    r = call(hall, "automation", "POST", "/releases/1/rollback", {"by": "cli:ops"})
    assert r.status_code == 200, r.text
    assert state(hall)[1][-1][1] == "cli:ops"
    r = call(hall, "boss", "POST", "/releases/2/rollback", {})
    assert r.status_code == 200 and r.json()["by"] == "boss"


def test_console_editor_pages_refuse_other_roles_and_change_nothing(hall):
    editor = ConsoleClient(hall.url)
    editor.login("ed")
    fields = editor.fields("/console/catalogue", "/console/catalogue/themes")
    for who in ("clerk", "rev-ga"):
        c = ConsoleClient(hall.url)
        c.login(who)
        for path in ("/console/catalogue", "/console/catalogue/publish", "/console/catalogue/history",
                     "/console/catalogue/preview", f"/console/catalogue/edit/matters/{MATTER}"):
            assert c.get(path).status_code == 403, (who, path)
        before = state(hall)
        # Even with an editor's form tokens, another session's post is refused (CSRF) and changes nothing.
        r = c.post("/console/catalogue/themes", {**fields, "do": "off:birth"})
        assert r.status_code == 403
        r = c.post("/console/catalogue/publish", {})
        assert r.status_code == 403
        assert state(hall) == before
    other = ConsoleClient(hall.url)
    other.login("rev-tax")
    assert other.get(f"/console/catalogue/review/{DEPT}").status_code == 403
    assert other.get(f"/console/catalogue/review/{DEPT}/print").status_code == 403
    # An editor reads a sheet but gets no confirm buttons, and a posted confirmation is refused.
    page = editor.get(f"/console/catalogue/review/{DEPT}")
    assert page.status_code == 200 and f"confirm-{MATTER}" not in page.text
    before = state(hall)
    r = editor.post(f"/console/catalogue/review/{DEPT}/{MATTER}", {**fields, "action": "confirm"})
    assert r.status_code == 403 and state(hall) == before
