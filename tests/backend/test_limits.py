"""What an anonymous client or a misbehaving kiosk can make the hall server do: refused early, always 4xx.

Over real HTTP against a real server; raw sockets where the point is what the server does before the
body has arrived (a client library would send the whole body first).
"""
from __future__ import annotations

import datetime as dt
import socket
import sqlite3

import pytest
import requests

from backend.receipts import is_valid_receipt, make_receipt
from content import load_catalogue
from kiosk.sample import sample_application
from support import HallServer


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _raw(hall, head: str, body: bytes = b"", timeout: float = 60) -> tuple[int, bytes]:
    """Send request headers (and maybe part of a body), return (status, first bytes) of the answer."""
    with socket.create_connection(("127.0.0.1", hall.port), timeout=timeout) as s:
        s.sendall(head.encode("latin-1") + b"\r\n" + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return int(data.split(b" ", 2)[1]), data


def test_anonymous_huge_json_body_is_refused_before_it_is_read(hall):
    # 200 MB declared, 1 KB sent: the old server waited for (and buffered) all of it before asking who we are.
    head = ("POST /v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Idempotency-Key: anon-key-0001\r\nContent-Length: 200000000\r\n")
    status, _ = _raw(hall, head, b"{" + b" " * 1023)
    assert status == 401


def test_wrong_credential_is_refused_before_the_body_is_read(hall):
    head = ("POST /v1/kiosks/self/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Authorization: Bearer kiosk-a:not-the-secret\r\nContent-Length: 50000000\r\n")
    status, _ = _raw(hall, head, b"{")
    assert status == 401


def test_declared_oversize_json_from_a_kiosk_is_413_before_it_is_read(hall):
    head = ("POST /v1/applications HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {hall.token}\r\nIdempotency-Key: big-key-00001\r\nContent-Length: 200000000\r\n")
    status, _ = _raw(hall, head, b"{")
    assert status == 413


def test_chunked_body_is_cut_off_once_it_passes_the_cap(hall):
    # No Content-Length: the server counts while the chunks arrive and answers 413 past 256 KB,
    # without waiting for the (never sent) end of the body.
    head = ("POST /v1/kiosks/self/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Authorization: Bearer {hall.token}\r\nTransfer-Encoding: chunked\r\n")
    chunk = b" " * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(6))
    status, _ = _raw(hall, head, body)
    assert status == 413


def test_oversize_page_is_413_before_it_is_read(hall):
    head = (f"PUT /v1/applications/x/pages/p001 HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\n"
            f"Authorization: Bearer {hall.token}\r\nX-Content-SHA256: {'0' * 64}\r\nContent-Length: 200000000\r\n")
    status, _ = _raw(hall, head, b"\xff\xd8")
    assert status == 413


def test_health_answers_while_a_client_dribbles_a_body(hall):
    with socket.create_connection(("127.0.0.1", hall.port), timeout=30) as s:
        s.sendall((f"POST /v1/kiosks/self/heartbeat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                   f"Authorization: Bearer {hall.token}\r\nContent-Length: 200000\r\n\r\n{{").encode())
        assert requests.get(hall.url + "/v1/health", timeout=30).status_code == 200


@pytest.mark.parametrize("body", [
    {"outbox_depth": 2 ** 63},
    {"outbox_depth": 2 ** 31},
    {"health": {f"dev{i}": {"state": "ok"} for i in range(100)}},
    {"health": {"printer": {f"k{i}": "v" for i in range(100)}}},
])
def test_heartbeat_out_of_bounds_is_422_not_500(hall, body):
    r = requests.post(hall.url + "/v1/kiosks/self/heartbeat", json=body, headers=_auth(hall.token), timeout=10)
    assert r.status_code == 422, r.text


@pytest.mark.parametrize("theme", ["¹", "①", "٣", "５"])
def test_theme_numbers_in_other_scripts_are_422_not_500(hall, cat, theme):
    r = requests.post(hall.url + "/v1/tickets", json={"theme": theme}, headers=_auth(hall.token), timeout=10)
    assert r.status_code == 422, r.text
    body, _ = sample_application(cat, "5")
    body["theme"] = theme
    r = requests.post(hall.url + "/v1/applications", json=body, timeout=10,
                      headers={**_auth(hall.token), "Idempotency-Key": f"theme-key-{ord(theme)}"})
    assert r.status_code == 422, r.text


def _create(hall, key, body):
    return requests.post(hall.url + "/v1/applications", json=body, timeout=10,
                         headers={**_auth(hall.token), "Idempotency-Key": key})


def test_form_keys_outside_the_themes_fields_are_refused(hall, cat):
    body, _ = sample_application(cat, "5")
    body["form"]["made-up-field"] = "x"
    r = _create(hall, "extra-field-01", body)
    assert r.status_code == 422 and {"field": "made-up-field", "problem": "not a field of this theme"} in \
        r.json()["details"]


def test_materials_and_pages_outside_the_theme_are_refused(hall, cat):
    body, _ = sample_application(cat, "5")
    body["materials"].append({"id": "made-up-material", "provided": True, "pages": ["p900"]})
    body["pages"].append({"page_id": "p900", "sha256": "0" * 64, "size": 10, "material": "made-up-material"})
    r = _create(hall, "extra-material-1", body)
    problems = r.json()["details"]
    assert r.status_code == 422
    assert any(p.get("material") == "made-up-material" for p in problems)
    assert any(p.get("page") == "p900" for p in problems)


@pytest.mark.parametrize("blank", ["\u200b", " \u200b\u200d ", "\ufeff", "\u3000"])
def test_required_fields_refuse_invisible_only_values(hall, cat, blank):
    body, _ = sample_application(cat, "5")
    body["form"]["name"] = blank
    r = _create(hall, f"blank-key-{ord(blank[0]):05d}{len(blank)}", body)
    assert r.status_code == 422 and any(p.get("field") == "name" for p in r.json()["details"])


def test_receipts_go_on_after_the_9999th_of_a_day(hall, cat):
    day = dt.date.today()
    con = sqlite3.connect(hall.db)
    con.execute("INSERT OR REPLACE INTO counters (name, value) VALUES (?, 9999)", (f"receipt:{day.isoformat()}",))
    con.commit()
    con.close()
    body, pages = sample_application(cat, "5")
    app = _create(hall, "receipt-10000-key", body).json()
    for p in pages:
        requests.put(f"{hall.url}/v1/applications/{app['id']}/pages/{p['page_id']}", data=p["data"],
                     headers={**_auth(hall.token), "X-Content-SHA256": p["sha256"]}, timeout=10)
    r = requests.post(f"{hall.url}/v1/applications/{app['id']}/finalize", json={"ticket": False},
                      headers=_auth(hall.token), timeout=10)
    assert r.status_code == 200, r.text
    assert r.json()["receipt"] == make_receipt(day, 10000) and is_valid_receipt(r.json()["receipt"])
    assert is_valid_receipt(make_receipt(day, 999_999)) and not is_valid_receipt("MX-250101-1234567-0")


def test_readding_a_kiosk_needs_rotate_and_keeps_the_old_credential_otherwise(hall):
    staff = _auth(hall.staff_token)
    first = requests.post(hall.url + "/v1/staff/kiosks", json={"id": "kiosk-rotate"}, headers=staff,
                          timeout=10).json()["token"]
    again = hall.hall("kiosk-add", "kiosk-rotate")
    assert again.returncode == 1 and "--rotate" in again.stderr
    ok = requests.get(hall.url + "/v1/catalogue", headers=_auth(first), timeout=10)
    assert ok.status_code == 200
    rotated = hall.hall("kiosk-add", "kiosk-rotate", "--rotate")
    assert rotated.returncode == 0
    assert requests.get(hall.url + "/v1/catalogue", headers=_auth(first), timeout=10).status_code == 401
    r = requests.post(hall.url + "/v1/staff/kiosks", json={"id": "kiosk-rotate"}, headers=staff, timeout=10)
    assert r.status_code == 409
    r = requests.post(hall.url + "/v1/staff/kiosks", json={"id": "kiosk-rotate", "rotate": True}, headers=staff,
                      timeout=10)
    assert r.status_code == 201


def test_staff_token_with_odd_bytes_is_401_not_500(hall):
    for token in ("staff-test-tokeñ", "\u200b", "x" * 5000):
        r = requests.get(hall.url + "/v1/staff/kiosks", headers={"Authorization": f"Bearer {token}".encode()},
                         timeout=10)
        assert r.status_code == 401


# -- status lookup --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lookup_hall(tmp_path_factory):
    """A server of its own: these tests spend its lookup allowance (the rate-limit test last)."""
    server = HallServer(tmp_path_factory.mktemp("lookup") / "hall.sqlite3")
    server.token = server.add_kiosk("kiosk-l")
    server.start()
    yield server
    server.stop()


def _accepted(hall, cat, key):
    body, pages = sample_application(cat, "5")
    app = _create(hall, key, body).json()
    for p in pages:
        requests.put(f"{hall.url}/v1/applications/{app['id']}/pages/{p['page_id']}", data=p["data"],
                     headers={**_auth(hall.token), "X-Content-SHA256": p["sha256"]}, timeout=10)
    return requests.post(f"{hall.url}/v1/applications/{app['id']}/finalize", json={"ticket": True},
                         headers=_auth(hall.token), timeout=10).json()


def test_public_lookup_has_no_internal_ids_or_staff_notes(lookup_hall, cat):
    acc = _accepted(lookup_hall, cat, "public-key-0001")
    assert len(acc["lookup_code"]) >= 12
    move = f"{lookup_hall.url}/v1/staff/applications/{acc['receipt']}/matters/birth-registration/status"
    requests.post(move, json={"status": "under_review", "note": "申请人电话13812345678，疑似材料造假"},
                  headers=_auth(lookup_hall.staff_token), timeout=10)
    r = requests.get(f"{lookup_hall.url}/v1/status/{acc['receipt']}", params={"code": acc["lookup_code"]}, timeout=10)
    assert r.status_code == 200
    assert acc["id"] not in r.text and "13812345678" not in r.text and "分派至" not in r.text
    assert "id" not in r.json() and all("note" not in h for m in r.json()["matters"] for h in m["history"])
    # The kiosk's own, authenticated view still has its id.
    own = requests.get(f"{lookup_hall.url}/v1/applications/{acc['id']}", headers=_auth(lookup_hall.token), timeout=10)
    assert own.json()["id"] == acc["id"]


def test_lookup_answers_alike_for_missing_and_wrong_and_never_500(lookup_hall, cat):
    acc = _accepted(lookup_hall, cat, "constant-key-01")
    wrong = requests.get(f"{lookup_hall.url}/v1/status/{acc['receipt']}", params={"code": "AAAAAAAAAAAA"}, timeout=10)
    missing = requests.get(f"{lookup_hall.url}/v1/status/MX-000101-0001-0", params={"code": "AAAAAAAAAAAA"},
                           timeout=10)
    odd = requests.get(f"{lookup_hall.url}/v1/status/{acc['receipt']}", params={"code": "码码码"}, timeout=10)
    page = requests.get(f"{lookup_hall.url}/s/{acc['receipt']}", params={"code": "ǅ\u200b"}, timeout=10)
    assert wrong.status_code == missing.status_code == odd.status_code == 404 and page.status_code == 404
    assert wrong.json() == missing.json() == odd.json()


def test_lookup_is_rate_limited_per_receipt_and_per_client(lookup_hall, cat):
    acc = _accepted(lookup_hall, cat, "ratelimit-key-1")
    url = f"{lookup_hall.url}/v1/status/{acc['receipt']}"
    codes = [requests.get(url, params={"code": f"GUESS{i:07d}"}, timeout=10).status_code for i in range(12)]
    assert codes[:10] == [404] * 10 and codes[10:] == [429, 429]
    # Even the right code waits now: the receipt is locked for guessers and owner alike, for a while.
    r = requests.get(url, params={"code": acc["lookup_code"]}, timeout=10)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    # Spreading guesses over receipts runs into the per-client limit.
    spread = [requests.get(f"{lookup_hall.url}/s/MX-000101-{i:04d}-0", params={"code": "X"}, timeout=10).status_code
              for i in range(30)]
    assert 429 in spread and spread.count(404) <= 20
