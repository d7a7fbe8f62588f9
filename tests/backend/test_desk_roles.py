"""Role isolation route by route, and bad input at the staff API: each refusal is a clear 4xx that changes
nothing. A real hall server on 127.0.0.1 with a real SQLite file; accounts written into its database."""
from __future__ import annotations

import datetime as dt

import pytest
import requests
from sqlalchemy import update

from desk_helpers import PASSWORD, STAFF, add_staff, bearer, jpeg, login, submit
from support import HallServer

NOBODY = "nobody"
AUTOMATION = "automation"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("desk") / "hall.sqlite3"
    server = HallServer(db_path)
    kiosk_token = server.add_kiosk("kiosk-desk")
    add_staff(db_path, {**STAFF, "locky": ("clerk", None, "C")})
    server.start()
    try:
        tokens = {name: login(server, name).json()["token"] for name in STAFF}
        tokens[NOBODY] = None
        tokens[AUTOMATION] = server.staff_token
        apps = {"a5": submit(server, kiosk_token, "roles-key-a5", "5"),     # police, HR, medical; window A
                "a1": submit(server, kiosk_token, "roles-key-a1", "1"),     # housing fund only; window A
                "b4": submit(server, kiosk_token, "roles-key-b4", "4")}     # HR; window B
        boss = bearer(tokens["boss"])
        receipt = apps["a5"]["receipt"]
        for step in ("originals", "accept"):
            r = requests.post(f"{server.url}/v1/desk/applications/{receipt}/{step}", headers=boss, timeout=30)
            assert r.status_code == 200, r.text
        yield server, tokens, {k: v["receipt"] for k, v in apps.items()}, apps
    finally:
        server.stop()


ALL = set(STAFF) | {NOBODY, AUTOMATION}


def _call(server, token, method, path, **kw):
    return requests.request(method, server.url + path, headers=bearer(token), timeout=30, **kw)


def _expect(server, tokens, method, path, allowed: set[str], **kw):
    """Everyone outside `allowed` is refused: 401 without a credential, 403 with the wrong one."""
    got = {name: _call(server, tokens[name], method, path, **kw).status_code for name in ALL}
    wanted = {name: 200 if name in allowed else 401 if name == NOBODY else 403 for name in ALL}
    assert got == wanted


def test_pre_accepted_until_the_clerk_accepts_and_only_then_dispatched(desk):
    _server, _tokens, _receipts, apps = desk
    assert apps["a1"]["status"] == "pre_accepted" and apps["a1"]["receipt"] and apps["a1"]["lookup_code"]
    assert {m["status"] for m in apps["a1"]["matters"]} == {"received"}


def test_reads_are_limited_to_the_window_the_department_and_the_supervisor(desk):
    server, tokens, receipts, _apps = desk
    readers_a5 = {"clerk-a", "boss", "rev-med", "rev-police", "rev-hr"}
    _expect(server, tokens, "GET", f"/v1/desk/applications/{receipts['a5']}", readers_a5)
    # 医疗保障局's reviewer cannot read an application without a matter of theirs.
    _expect(server, tokens, "GET", f"/v1/desk/applications/{receipts['a1']}", {"clerk-a", "boss"})
    _expect(server, tokens, "GET", f"/v1/desk/applications/{receipts['b4']}", {"clerk-b", "boss", "rev-hr"})
    page = _call(server, tokens["boss"], "GET", f"/v1/desk/applications/{receipts['a5']}").json()["pages"][0]
    _expect(server, tokens, "GET", f"/v1/desk/applications/{receipts['a5']}/pages/{page['page_id']}", readers_a5)
    _expect(server, tokens, "GET", "/v1/windows/A/queue", {"clerk-a", "boss"})
    _expect(server, tokens, "GET", "/v1/windows/B/queue", {"clerk-b", "boss"})
    _expect(server, tokens, "GET", "/v1/review/matters", {"rev-med", "rev-police", "rev-hr", "boss"})
    _expect(server, tokens, "GET", "/v1/audit", {"boss"})
    _expect(server, tokens, "GET", "/v1/users", {"boss"})
    _expect(server, tokens, "GET", "/v1/reports/today", {"boss"})
    _expect(server, tokens, "GET", "/v1/staff/applications", {"boss", AUTOMATION})
    _expect(server, tokens, "GET", "/v1/staff/kiosks", {"boss", AUTOMATION})
    mine = _call(server, tokens["rev-med"], "GET", "/v1/review/matters").json()
    assert mine and {m["department"] for m in mine} == {"healthcare-security"}


def test_wrong_roles_are_refused_on_every_action_and_nothing_changes(desk):
    server, tokens, receipts, _apps = desk
    r5, b4 = receipts["a5"], receipts["b4"]
    before = _call(server, tokens["boss"], "GET", f"/v1/desk/applications/{r5}").json()
    audit_before = len(_call(server, tokens["boss"], "GET", "/v1/audit", params={"limit": 1000}).json())
    not_a = ALL - {"clerk-a", "boss"}
    for action in ("call-next", "recall", "skip"):
        got = {n: _call(server, tokens[n], "POST", f"/v1/windows/A/{action}").status_code for n in not_a}
        assert got == {n: 401 if n == NOBODY else 403 for n in not_a}, action
    desk_calls = [("POST", f"/v1/desk/applications/{r5}/originals", {}),
                  ("POST", f"/v1/desk/applications/{r5}/accept", {}),
                  ("POST", f"/v1/desk/applications/{r5}/return", {"json": {"reasons": ["照片不清晰"]}}),
                  ("POST", f"/v1/desk/applications/{r5}/handover", {"json": {"how": "collected"}}),
                  ("PUT", f"/v1/desk/applications/{r5}/owed/marriage-certificate", {"data": jpeg()})]
    for method, path, kw in desk_calls:
        got = {n: _call(server, tokens[n], method, path, **kw).status_code for n in not_a}
        assert got == {n: 401 if n == NOBODY else 403 for n in not_a}, path
    # The clerk of window A cannot work window B's application.
    assert _call(server, tokens["clerk-a"], "POST", f"/v1/desk/applications/{b4}/originals").status_code == 403
    # A reviewer moves only their own department's matters; clerks and editors move none.
    move = f"/v1/staff/applications/{r5}/matters/birth-registration/status"
    for name in ("rev-med", "rev-hr", "clerk-a", "clerk-b", "editor"):
        r = _call(server, tokens[name], "POST", move, json={"status": "under_review"})
        assert r.status_code == 403, (name, r.text)
    assert "public-security" in _call(server, tokens["rev-med"], "POST", move,
                                      json={"status": "under_review"}).json()["error"]
    for name in ("clerk-a", "rev-med", "rev-police", "boss"):
        assert _call(server, tokens[name], "PUT", "/v1/staff/catalogue", data=b"{}").status_code in (403, 422)
    assert _call(server, tokens["clerk-a"], "PUT", "/v1/staff/catalogue", data=b"{}").status_code == 403
    assert _call(server, tokens["editor"], "PUT", "/v1/staff/catalogue", data=b"{}").status_code == 422
    after = _call(server, tokens["boss"], "GET", f"/v1/desk/applications/{r5}").json()
    assert after == before
    assert len(_call(server, tokens["boss"], "GET", "/v1/audit", params={"limit": 1000}).json()) == audit_before


def test_each_reviewer_moves_their_own_matter_and_the_move_is_audited_with_their_name(desk):
    server, tokens, receipts, _apps = desk
    r5 = receipts["a5"]
    for name, matter in (("rev-police", "birth-registration"), ("rev-med", "resident-medical-insurance-enrolment")):
        r = _call(server, tokens[name], "POST", f"/v1/staff/applications/{r5}/matters/{matter}/status",
                  json={"status": "under_review"})
        assert r.status_code == 200, r.text
    trail = _call(server, tokens["boss"], "GET", "/v1/audit", params={"receipt": r5}).json()
    assert {(a["user"], a["target"]) for a in trail if a["action"] == "matter-under_review"} == {
        ("rev-police", "birth-registration"), ("rev-med", "resident-medical-insurance-enrolment")}


def test_bad_input_gets_a_clear_4xx_and_changes_nothing(desk):
    server, tokens, receipts, _apps = desk
    r1 = receipts["a1"]
    clerk = tokens["clerk-a"]
    before = _call(server, tokens["boss"], "GET", f"/v1/desk/applications/{r1}").json()
    cases = [
        ("POST", f"/v1/desk/applications/{r1}/return", {"json": {"reasons": "照片不清晰"}}, 422),      # wrong type
        ("POST", f"/v1/desk/applications/{r1}/return", {"json": {"reasons": []}}, 422),
        ("POST", f"/v1/desk/applications/{r1}/return", {"json": {"reasons": ["x" * 501]}}, 422),  # oversized
        ("POST", f"/v1/desk/applications/{r1}/return", {"json": {"reasons": ["缺页"] * 21}}, 422),
        ("POST", f"/v1/desk/applications/{r1}/return", {"json": {"reasons": ["缺页"], "extra": 1}}, 422),
        ("POST", f"/v1/desk/applications/{r1}/handover", {"json": {"how": 5}}, 422),
        ("POST", f"/v1/desk/applications/{r1}/handover", {"json": {"how": "burnt"}}, 422),
        ("POST", f"/v1/desk/applications/{r1}/handover", {"json": {"how": "collected"}}, 409),   # not ready
        ("POST", f"/v1/desk/applications/{r1}/accept", {}, 409),                 # originals not sighted yet
        ("POST", "/v1/desk/applications/MX-000000-0000-0/accept", {}, 404),      # unknown receipt
        ("GET", "/v1/desk/applications/MX-000000-0000-0", {}, 404),
        ("GET", f"/v1/desk/applications/{r1}/pages/no-such-page", {}, 404),
        ("PUT", f"/v1/desk/applications/{r1}/owed/no-such-material", {"data": jpeg()}, 404),
        ("POST", "/v1/windows/Z/call-next", {}, 404),
        ("POST", "/v1/windows/a/call-next", {}, 422),
        ("POST", "/v1/windows/A/recall", {}, 409),                               # nobody called yet
    ]
    for method, path, kw, status in cases:
        r = _call(server, clerk, method, path, **kw)
        assert r.status_code == status and r.json()["error"], (path, kw, r.status_code, r.text)
    assert _call(server, tokens["boss"], "GET", f"/v1/desk/applications/{r1}").json() == before


def test_replayed_requests_are_refused_and_change_nothing(desk):
    server, tokens, receipts, _apps = desk
    r5 = receipts["a5"]
    boss = tokens["boss"]
    again = _call(server, boss, "POST", f"/v1/desk/applications/{r5}/accept")
    assert again.status_code == 409 and "already accepted" in again.json()["error"]
    first = _call(server, boss, "PUT", f"/v1/desk/applications/{r5}/owed/marriage-certificate", data=jpeg("结婚证"))
    assert first.status_code == 200
    state = _call(server, boss, "GET", f"/v1/desk/applications/{r5}").json()
    replay = _call(server, boss, "PUT", f"/v1/desk/applications/{r5}/owed/marriage-certificate", data=jpeg("again"))
    assert replay.status_code == 409 and "already received" in replay.json()["error"]
    assert _call(server, boss, "GET", f"/v1/desk/applications/{r5}").json() == state
    token = login(server, "editor").json()["token"]
    assert _call(server, token, "POST", "/v1/auth/logout").status_code == 204
    assert _call(server, token, "GET", "/v1/auth/me").status_code == 401


def test_oversized_or_non_image_pages_and_headers_are_refused(desk):
    server, tokens, receipts, _apps = desk
    path = f"/v1/desk/applications/{receipts['a1']}/owed/anything"
    boss = tokens["boss"]
    assert _call(server, boss, "PUT", path, data=b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024)).status_code == 413
    r5 = receipts["a5"]
    assert requests.get(server.url + "/v1/auth/me", headers={"Authorization": "Bearer " + "x" * 600},
                        timeout=30).status_code == 401
    long_name = requests.post(server.url + "/v1/auth/login", json={"username": "u" * 65, "password": "p"},
                              timeout=30)
    assert long_name.status_code == 422
    wrong_type = requests.post(server.url + "/v1/auth/login", json={"username": 1, "password": "p"}, timeout=30)
    assert wrong_type.status_code == 422
    assert _call(server, boss, "GET", f"/v1/desk/applications/{r5}").status_code == 200


def test_expired_and_idle_sessions_are_refused(desk):
    from backend import accounts, db

    server, _tokens, _receipts, _apps = desk
    expired, idle, fresh = (login(server, "clerk-b").json()["token"] for _ in range(3))
    engine = db.connect(str(server.db))
    now = dt.datetime.now()
    with engine.begin() as conn:
        conn.execute(update(db.tokens).where(db.tokens.c.token_hash == accounts.token_digest(expired))
                     .values(expires_at=now - dt.timedelta(seconds=1)))
        conn.execute(update(db.tokens).where(db.tokens.c.token_hash == accounts.token_digest(idle))
                     .values(last_used_at=now - accounts.SESSION_IDLE - dt.timedelta(seconds=1)))
    engine.dispose()
    for token in (expired, idle):
        r = _call(server, token, "GET", "/v1/windows/B/queue")
        assert r.status_code == 401 and "expired" in r.json()["error"]
    assert _call(server, fresh, "GET", "/v1/windows/B/queue").status_code == 200


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(desk):
    server, tokens, _receipts, _apps = desk
    codes = [login(server, "locky", "wrong-password").status_code for _ in range(5)]
    assert codes == [401, 401, 401, 401, 423]
    locked = login(server, "locky", PASSWORD)
    assert locked.status_code == 423 and "locked" in locked.json()["error"]
    assert login(server, "no-such-user", PASSWORD).status_code == 401
    trail = _call(server, tokens["boss"], "GET", "/v1/audit", params={"user": "locky"}).json()
    assert [a["action"] for a in trail].count("login-failed") == 5 and "login" not in [a["action"] for a in trail]
