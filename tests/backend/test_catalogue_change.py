"""An application is accepted against the catalogue it was made with: a catalogue published between its
creation and its finalize (an option renamed) never turns into a 500 the kiosk retries for ever."""
from __future__ import annotations

import json

import requests

from content import load_catalogue, read_folder
from kiosk.sample import sample_application

THEME = "offsite-medical-filing"


def _auth(token):
    return {"Authorization": f"Bearer {token}"}


def _draft(hall, cat, key: str, version: str | None = None, answer: str | None = None) -> str:
    """A draft application with every page uploaded, made with catalogue `version` (default: packaged)."""
    body, pages = sample_application(cat, THEME)
    if version:
        body["catalogue_version"] = version
        body["answers"] = {cat.theme(THEME).questions[0].id: answer}
    r = requests.post(hall.url + "/v1/applications", json=body, timeout=10,
                      headers={**_auth(hall.token), "Idempotency-Key": key})
    assert r.status_code == 201, r.text
    app = r.json()
    for p in pages:
        r = requests.put(f"{hall.url}/v1/applications/{app['id']}/pages/{p['page_id']}", data=p["data"],
                         headers={**_auth(hall.token), "X-Content-SHA256": p["sha256"]}, timeout=10)
        assert r.status_code == 201
    return app["id"]


def _publish_renamed(hall, version: str, new_value: str) -> None:
    data = json.loads(read_folder().to_bundle())
    docs = data["documents"]
    docs["catalogue.toml"]["version"] = version
    docs[f"themes/{THEME}.toml"]["questions"][0]["options"][0]["value"] = new_value
    r = requests.put(hall.url + "/v1/staff/catalogue", data=json.dumps(data).encode(), timeout=30,
                     headers=_auth(hall.staff_token))
    assert r.status_code == 200, r.text


def _finalize(hall, app_id: str) -> requests.Response:
    return requests.post(f"{hall.url}/v1/applications/{app_id}/finalize", json={"ticket": True},
                         headers=_auth(hall.token), timeout=30)


def test_renamed_option_in_a_new_catalogue_does_not_stop_an_application_made_before(hall):
    cat = load_catalogue()
    app_id = _draft(hall, cat, "made-before-rename")
    _publish_renamed(hall, cat.version + "-renamed", "retired_elsewhere")
    r = _finalize(hall, app_id)
    assert r.status_code == 200, r.text        # was 500: the answer no longer matched the new catalogue
    assert r.json()["receipt"]


def test_a_catalogue_replaced_under_the_same_version_is_a_clear_refusal_not_a_server_error(hall):
    cat = load_catalogue()
    version = cat.version + "-same"
    _publish_renamed(hall, version, "retired_elsewhere")
    app_id = _draft(hall, cat, "same-version-replaced", version=version, answer="retired_elsewhere")
    _publish_renamed(hall, version, "moved_away")          # staff republish without bumping the version
    r = _finalize(hall, app_id)
    assert r.status_code == 422, r.text                    # was 500
    assert "catalogue" in r.json()["error"]


def test_publishing_wrongly_typed_documents_answers_422_listing_every_error(hall):
    # Before: the reference checks crashed on them and the route answered 500.
    data = json.loads(read_folder().to_bundle())
    docs = data["documents"]
    docs["themes/birth.toml"]["no"] = [5]
    docs["departments.toml"]["department"][0]["aliases"] = 7
    docs["themes/offsite-medical-filing.toml"]["questions"][0]["options"] = ["retiree", "temporary"]
    r = requests.put(hall.url + "/v1/staff/catalogue", data=json.dumps(data).encode(), timeout=30,
                     headers=_auth(hall.staff_token))
    assert r.status_code == 422, r.text
    details = r.json()["details"]
    assert any(d.startswith("themes/birth.toml: no:") for d in details)
    assert any("department/0/aliases" in d for d in details)
    assert any("questions/0/options/1" in d for d in details)
