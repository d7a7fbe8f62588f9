"""The hall server's API over real HTTP: idempotency, isolation between kiosks, pages, statuses, catalogue."""
from __future__ import annotations

import json

import pytest
import requests

from content import load_catalogue, read_folder
from kiosk.sample import sample_application


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _create(hall, token, key, body):
    return requests.post(hall.url + "/v1/applications", json=body, timeout=10,
                         headers={**_auth(token), "Idempotency-Key": key})


def _full(hall, token, cat, key, theme="5"):
    body, pages = sample_application(cat, theme)
    app = _create(hall, token, key, body).json()
    for p in pages:
        r = requests.put(f"{hall.url}/v1/applications/{app['id']}/pages/{p['page_id']}", data=p["data"],
                         headers={**_auth(token), "X-Content-SHA256": p["sha256"]}, timeout=10)
        assert r.status_code == 201
    r = requests.post(f"{hall.url}/v1/applications/{app['id']}/finalize", json={"ticket": True},
                      headers=_auth(token), timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def test_repeating_a_create_returns_the_same_application(hall, cat):
    body, _ = sample_application(cat, "5")
    first = _create(hall, hall.token, "repeat-key-0001", body)
    again = _create(hall, hall.token, "repeat-key-0001", body)
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]


def test_same_key_with_a_different_application_is_a_conflict(hall, cat):
    body, _ = sample_application(cat, "5")
    assert _create(hall, hall.token, "conflict-key-01", body).status_code == 201
    body["form"]["phone"] = "13912345678"
    r = _create(hall, hall.token, "conflict-key-01", body)
    assert r.status_code == 409 and "different" in r.json()["error"]


def test_a_kiosk_cannot_read_another_kiosks_application(hall, cat):
    other = hall.add_kiosk("kiosk-b")
    body, _ = sample_application(cat, "5")
    app = _create(hall, hall.token, "isolation-key-1", body).json()
    mine = requests.get(f"{hall.url}/v1/applications/{app['id']}", headers=_auth(hall.token), timeout=10)
    theirs = requests.get(f"{hall.url}/v1/applications/{app['id']}", headers=_auth(other), timeout=10)
    assert mine.status_code == 200
    assert theirs.status_code == 404


def test_requests_without_a_valid_credential_are_refused(hall, cat):
    body, _ = sample_application(cat, "5")
    assert _create(hall, None, "nocred-key-0001", body).status_code == 401
    assert _create(hall, "kiosk-a:wrong", "nocred-key-0002", body).status_code == 401


def test_page_whose_content_does_not_match_its_hash_is_refused(hall, cat):
    body, pages = sample_application(cat, "5")
    app = _create(hall, hall.token, "hash-key-00001", body).json()
    p = pages[0]
    r = requests.put(f"{hall.url}/v1/applications/{app['id']}/pages/{p['page_id']}", data=p["data"] + b"x",
                     headers={**_auth(hall.token), "X-Content-SHA256": p["sha256"]}, timeout=10)
    assert r.status_code == 422


def test_finalize_before_all_pages_arrive_names_the_missing_pages(hall, cat):
    body, pages = sample_application(cat, "5")
    app = _create(hall, hall.token, "missing-pages-1", body).json()
    r = requests.post(f"{hall.url}/v1/applications/{app['id']}/finalize", json={}, headers=_auth(hall.token),
                      timeout=10)
    assert r.status_code == 409
    assert {d["page"] for d in r.json()["details"]} == {p["page_id"] for p in pages}


def test_application_missing_a_required_field_is_refused_naming_it(hall, cat):
    body, _ = sample_application(cat, "5")
    del body["form"]["newborn-name"]
    r = _create(hall, hall.token, "missing-field-1", body)
    assert r.status_code == 422
    assert any(d.get("field") == "newborn-name" for d in r.json()["details"])


def test_accepted_application_records_what_may_follow_later_and_due_dates(hall, cat):
    acc = _full(hall, hall.token, cat, "accept-key-0001")
    assert acc["status"] == "accepted" and acc["ticket"]
    assert [o["material"] for o in acc["owed"]] == ["marriage-certificate"]
    assert all(m["due_date"] <= acc["due_date"] for m in acc["matters"])
    assert acc["owed"][0]["due_date"] == acc["due_date"]


def test_citizen_follows_progress_with_the_receipt_and_code_and_staff_move_statuses(hall, cat):
    acc = _full(hall, hall.token, cat, "lookup-key-0001")
    url = f"{hall.url}/v1/status/{acc['receipt']}"
    assert requests.get(url, params={"code": "00000000"}, timeout=10).status_code == 404
    staff = {"Authorization": f"Bearer {hall.staff_token}"}
    move = f"{hall.url}/v1/staff/applications/{acc['receipt']}/matters/birth-registration/status"
    assert requests.post(move, json={"status": "approved"}, headers=staff, timeout=10).status_code == 409
    for status in ("under_review", "approved", "result_ready"):
        assert requests.post(move, json={"status": status}, headers=staff, timeout=10).status_code == 200
    # The marriage certificate is still owed (容缺): no result is handed over until it comes in.
    refused = requests.post(move, json={"status": "collected"}, headers=staff, timeout=10)
    assert refused.status_code == 409 and refused.json()["details"] == [{"material": "marriage-certificate"}]
    view = requests.get(url, params={"code": acc["lookup_code"]}, timeout=10).json()
    matter = next(m for m in view["matters"] if m["matter"] == "birth-registration")
    assert matter["status"] == "result_ready"
    assert [h["status"] for h in matter["history"]] == ["received", "dispatched", "under_review", "approved",
                                                          "result_ready"]
    assert "form" not in json.dumps(view)


def test_queue_numbers_count_up_per_window(hall):
    a = requests.post(hall.url + "/v1/tickets", json={"theme": "4"}, headers=_auth(hall.token), timeout=10).json()
    b = requests.post(hall.url + "/v1/tickets", json={"theme": "11"}, headers=_auth(hall.token), timeout=10).json()
    assert a["ticket"][0] == b["ticket"][0] == "B"      # both at the employment branch
    assert int(b["ticket"][1:]) == int(a["ticket"][1:]) + 1


def test_catalogue_bundle_is_served_with_an_etag_and_not_modified_after(hall):
    r = requests.get(hall.url + "/v1/catalogue/bundle", headers=_auth(hall.token), timeout=10)
    assert r.status_code == 200 and r.headers["ETag"]
    again = requests.get(hall.url + "/v1/catalogue/bundle", timeout=10,
                         headers={**_auth(hall.token), "If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304


def test_publishing_an_invalid_catalogue_is_refused_and_the_old_one_stays(hall):
    docs = read_folder()
    data = json.loads(docs.to_bundle())
    del data["documents"]["departments.toml"]
    staff = {"Authorization": f"Bearer {hall.staff_token}"}
    r = requests.put(hall.url + "/v1/staff/catalogue", data=json.dumps(data).encode(), headers=staff, timeout=10)
    assert r.status_code == 422 and any("departments.toml" in d for d in r.json()["details"])
    current = requests.get(hall.url + "/v1/catalogue", headers=_auth(hall.token), timeout=10).json()
    assert current["digest"] == docs.digest()


def test_heartbeat_reports_health_and_answers_the_current_catalogue(hall):
    r = requests.post(hall.url + "/v1/kiosks/self/heartbeat", headers=_auth(hall.token), timeout=10,
                      json={"health": {"printer": {"state": "degraded", "reason": "paper near end"}},
                            "outbox_depth": 2, "catalogue_version": "old"})
    assert r.status_code == 200 and r.json()["version"] == load_catalogue().version


def test_malformed_json_gets_a_clear_error(hall):
    r = requests.post(hall.url + "/v1/applications", data=b"{not json", timeout=10,
                      headers={**_auth(hall.token), "Idempotency-Key": "malformed-1", "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["error"] == "invalid request"



def test_receipt_qr_page_shows_progress_without_personal_data(hall, cat):
    acc = _full(hall, hall.token, cat, "qr-page-key-001")
    page = requests.get(f"{hall.url}/s/{acc['receipt']}", params={"code": acc["lookup_code"]}, timeout=10)
    assert page.status_code == 200 and "国（境）内出生登记" in page.text and "已分派" in page.text
    assert "张三" not in page.text and "441403" not in page.text
    assert requests.get(f"{hall.url}/s/{acc['receipt']}", params={"code": "wrong"}, timeout=10).status_code == 404
