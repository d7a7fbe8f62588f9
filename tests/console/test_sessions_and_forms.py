"""The console's cookie, CSRF and one-time form tokens, idle logout, and role isolation page by page, over
real HTTP to a real hall server (no browser needed to post a form without its token)."""
from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time

import pytest

from backend.console.world import PASSWORD
from console_client import ConsoleClient
from support import ROOT, HallServer

APPLICATIONS = 1        # one kiosk application waiting at window A is all these checks need


def _queue_states(world) -> list:
    with sqlite3.connect(world.db) as conn:
        return conn.execute("SELECT ticket, state FROM tickets ORDER BY id").fetchall()


def test_session_cookie_is_httponly_and_samesite_strict_and_changes_at_login(client):
    before = client.get("/console/login").headers["set-cookie"]
    assert "HttpOnly" in before and "SameSite=strict" in before and "Path=/console" in before
    r = client.login("clerk-a")
    assert r.status_code == 303 and r.headers["location"] == "/console/window"
    after = r.headers["set-cookie"]
    assert "HttpOnly" in after and "SameSite=strict" in after
    assert before.split(";")[0] != after.split(";")[0]          # a new session id once signed in


def test_wrong_password_is_shown_beside_the_field(client):
    r = client.login("clerk-a", "not-the-password")
    assert r.status_code == 401
    assert 'id="err-password"' in r.text and "用户名或密码不正确" in r.text


def test_form_without_csrf_token_is_refused_403_and_calls_nobody(world, client):
    client.login("clerk-a")
    fields = client.fields("/console/window", "/console/window/call")
    before = _queue_states(world)
    r = client.post("/console/window/call", {"once": fields["once"]})
    assert r.status_code == 403 and "安全令牌" in r.text
    r = client.post("/console/window/call", {**fields, "csrf": "forged"})
    assert r.status_code == 403
    assert _queue_states(world) == before


def test_replayed_form_is_refused_409_and_runs_once(world, client):
    client.login("clerk-a")
    fields = client.fields("/console/window", "/console/window/recall")
    client.post("/console/window/call", client.fields("/console/window", "/console/window/call"))
    first = client.post("/console/window/recall", fields)
    assert first.status_code == 303
    states = _queue_states(world)
    again = client.post("/console/window/recall", fields)
    assert again.status_code == 409 and "已经提交过" in again.text
    assert _queue_states(world) == states


def test_signed_out_visitor_gets_the_login_page_not_the_desk(world, client):
    r = client.get(f"/console/desk/{world.receipts[0]}")
    assert r.status_code == 401 and 'id="username"' in r.text
    assert "申请表" not in r.text and "李四" not in r.text             # nothing of the application


@pytest.mark.parametrize("user, path", [
    ("rev-yibao", "/console/window"),           # a reviewer has no window
    ("rev-yibao", "/console/dashboard"),        # nor the hall manager's figures
    ("clerk-a", "/console/review"),             # a clerk reviews nothing
    ("clerk-a", "/console/dashboard"),
])
def test_pages_of_other_roles_are_refused_403(client, user, path):
    client.login(user)
    r = client.get(path)
    assert r.status_code == 403 and "无权" in r.text


def test_reviewer_cannot_move_another_departments_matter(world, client):
    client.login("rev-yibao")                   # 医疗保障局
    hidden = re.search(r'name="csrf" value="([^"]+)"><input type="hidden" name="once" value="([^"]+)"',
                       client.get("/console/review").text)
    with sqlite3.connect(world.db) as conn:
        receipt, matter, status = conn.execute(
            "SELECT a.receipt, m.matter_id, m.status FROM matters m JOIN applications a ON a.id = m.application_id "
            "WHERE m.department_id = 'public-security' AND a.receipt = ?", (world.receipts[0],)).fetchone()
    r = client.post(f"/console/review/{receipt}/{matter}",
                    {"csrf": hidden.group(1), "once": hidden.group(2), "status": "under_review"})
    assert r.status_code == 403 and "无权操作" in r.text
    with sqlite3.connect(world.db) as conn:
        assert conn.execute("SELECT m.status FROM matters m JOIN applications a ON a.id = m.application_id "
                            "WHERE a.receipt = ? AND m.matter_id = ?", (receipt, matter)).fetchone()[0] == status


def test_idle_session_is_signed_out(tmp_path):
    server = HallServer(tmp_path / "idle.sqlite3", env={"HALL_CONSOLE_IDLE": "3"}).start()
    try:
        subprocess.run([sys.executable, "-m", "backend.cli", "user-add", "boss", "--role", "supervisor",
                        "--password-stdin", "--db", str(server.db)], input=PASSWORD + "\n", text=True,
                       cwd=ROOT, check=True, capture_output=True, timeout=60)
        c = ConsoleClient(server.url)
        assert c.login("boss").status_code == 303
        assert c.get("/console/dashboard").status_code == 200
        time.sleep(4.5)                         # longer than HALL_CONSOLE_IDLE without a request
        r = c.get("/console/dashboard")
        assert r.status_code == 401 and "长时间未操作" in r.text
    finally:
        server.stop()


def test_unknown_receipt_on_the_status_page_is_a_plain_404(world, client):
    r = client.get("/s/MX-000000-0000-0?code=00000000")
    assert r.status_code == 404 and "没有找到该办件" in r.text


def test_status_page_shows_only_a_masked_name(world, client):
    receipt = world.receipts[0]
    r = client.get(f"/s/{receipt}?code={world.lookup_code(receipt)}")
    assert r.status_code == 200 and "李*" in r.text
    assert "李四" not in r.text and "王芳" not in r.text and "1386" not in r.text


def _self_signed(folder) -> tuple:
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hall.meixian.local")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False).sign(key, hashes.SHA256()))
    (folder / "c.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "k.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.NoEncryption()))
    return folder / "c.pem", folder / "k.pem"


def test_session_cookie_is_secure_under_tls(tmp_path):
    import warnings

    import requests

    cert, key = _self_signed(tmp_path)
    server = HallServer(tmp_path / "tls.sqlite3", extra=("--cert", str(cert), "--key", str(key))).start()
    try:
        with warnings.catch_warnings(), requests.Session() as http:     # closed before the server stops
            warnings.simplefilter("ignore")         # a self-signed test certificate: only the cookie matters here
            r = http.get(server.url + "/console/login", timeout=30, verify=False, headers={"Connection": "close"})
        assert r.status_code == 200 and "; Secure" in r.headers["set-cookie"]
        assert "HttpOnly" in r.headers["set-cookie"] and "SameSite=strict" in r.headers["set-cookie"]
    finally:
        server.stop()


def _app_row(world, receipt: str) -> tuple:
    with sqlite3.connect(world.db) as conn:
        return conn.execute("SELECT status, return_reasons, sighted_at FROM applications WHERE receipt = ?",
                            (receipt,)).fetchone()


def test_unknown_receipt_at_the_desk_is_a_clear_404(client):
    client.login("clerk-a")
    r = client.get("/console/desk/MX-000000-0000-0")
    assert r.status_code == 404 and "没有受理编号为 MX-000000-0000-0 的申请" in r.text


def test_oversized_correction_reasons_are_refused_beside_the_field_and_change_nothing(world, client):
    receipt = world.receipts[0]
    client.login("clerk-a")
    before = _app_row(world, receipt)
    fields = client.fields(f"/console/desk/{receipt}", f"/console/desk/{receipt}/return")
    r = client.post(f"/console/desk/{receipt}/return", {**fields, "reasons": "材料不清晰" * 100})
    assert r.status_code == 422 and 'id="err-reasons"' in r.text and "补正内容过长" in r.text
    assert _app_row(world, receipt) == before


def test_owed_item_that_is_not_an_image_is_refused_beside_it_and_stays_owed(world, client):
    receipt = world.receipts[0]
    client.login("clerk-a")
    action = f"/console/desk/{receipt}/owed/marriage-certificate"
    fields = client.fields(f"/console/desk/{receipt}", action)
    r = client.post(action, fields, files={"page": ("letter.txt", b"not a picture", "text/plain")})
    assert r.status_code == 415 and "JPEG 或 PNG" in r.text and 'id="err-owed:marriage-certificate"' in r.text
    with sqlite3.connect(world.db) as conn:
        assert conn.execute("SELECT o.received_at FROM owed o JOIN applications a ON a.id = o.application_id "
                            "WHERE a.receipt = ?", (receipt,)).fetchone()[0] is None


def test_skip_marks_the_called_ticket_as_a_no_show(world, client):
    client.login("clerk-a")
    if not any(state == "called" for _t, state in _queue_states(world)):
        client.post("/console/window/call", client.fields("/console/window", "/console/window/call"))
    called = next(t for t, state in _queue_states(world) if state == "called")
    r = client.post("/console/window/skip", client.fields("/console/window", "/console/window/skip"))
    assert r.status_code == 303
    assert dict(_queue_states(world))[called] == "skipped"
    assert f"{called} 已过号" in client.get("/console/window").text


def test_console_use_is_written_down_so_an_active_clerk_stays_signed_in(world, client):
    """The staff token's idle clock restarts with console use (written at most once a minute)."""
    client.login("clerk-a")
    with sqlite3.connect(world.db) as conn:           # as if the last use were 25 minutes ago
        conn.execute("UPDATE tokens SET last_used_at = datetime('now', 'localtime', '-25 minutes') "
                     "WHERE username = 'clerk-a' AND revoked_at IS NULL")
    assert client.get("/console/window").status_code == 200
    with sqlite3.connect(world.db) as conn:
        last = conn.execute("SELECT max(last_used_at) FROM tokens WHERE username = 'clerk-a' "
                            "AND revoked_at IS NULL").fetchone()[0]
        fresh = conn.execute("SELECT ? > datetime('now', 'localtime', '-2 minutes')", (last,)).fetchone()[0]
    assert fresh, last
