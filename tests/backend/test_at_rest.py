"""The hall's database at rest: page images and forms encrypted with the hall's data key; page images of
finished applications deleted after the retention period. Real server, real SQLite file."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import pytest
import requests

from content import load_catalogue
from kiosk.sample import sample_application
from support import ROOT, HallServer


@pytest.fixture(scope="module")
def sealed_hall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sealed")
    key = folder / "data.key"
    made = subprocess.run([sys.executable, "-m", "backend.cli", "data-key", str(key)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0 and oct(key.stat().st_mode & 0o777) == "0o600"
    old = os.environ.get("HALL_DATA_KEY_FILE")
    os.environ["HALL_DATA_KEY_FILE"] = str(key)
    try:
        server = HallServer(folder / "hall.sqlite3")
        server.token = server.add_kiosk("kiosk-s")
        server.start()
        yield server
        server.stop()
    finally:
        if old is None:
            os.environ.pop("HALL_DATA_KEY_FILE", None)
        else:
            os.environ["HALL_DATA_KEY_FILE"] = old


def _accept(hall, key):
    body, pages = sample_application(load_catalogue(), "5", seed=7)
    auth = {"Authorization": f"Bearer {hall.token}"}
    app = requests.post(hall.url + "/v1/applications", json=body, headers={**auth, "Idempotency-Key": key},
                        timeout=10).json()
    for p in pages:
        r = requests.put(f"{hall.url}/v1/applications/{app['id']}/pages/{p['page_id']}", data=p["data"],
                         headers={**auth, "X-Content-SHA256": p["sha256"]}, timeout=10)
        assert r.status_code == 201
    acc = requests.post(f"{hall.url}/v1/applications/{app['id']}/finalize", json={"ticket": False},
                        headers=auth, timeout=10)
    assert acc.status_code == 200, acc.text
    return body, pages, acc.json()


def test_forms_and_page_images_are_not_readable_in_the_database_file(sealed_hall):
    body, pages, acc = _accept(sealed_hall, "sealed-key-0001")
    con = sqlite3.connect(sealed_hall.db)
    con.execute("PRAGMA wal_checkpoint(FULL)")
    con.close()
    raw = b"".join(p.read_bytes() for p in sealed_hall.db.parent.glob("hall.sqlite3*"))
    for secret in (body["form"]["id-number@father"], body["form"]["name@father"], body["form"]["phone"]):
        assert secret.encode() not in raw and secret.encode("utf-8") not in raw
    assert pages[0]["data"][200:300] not in raw
    listed = sealed_hall.applications()            # staff tools still read them through the key
    assert any(a["receipt"] == acc["receipt"] and a["pages"] == len(pages) for a in listed)


def test_page_images_are_deleted_after_the_retention_period_and_it_is_logged(sealed_hall):
    _body, pages, acc = _accept(sealed_hall, "sealed-key-0002")
    matter = acc["matters"][0]["matter"]
    staff = {"Authorization": f"Bearer {sealed_hall.staff_token}"}
    for m in acc["matters"]:
        for status in ("under_review", "approved", "result_ready", "collected"):
            url = f"{sealed_hall.url}/v1/staff/applications/{acc['receipt']}/matters/{m['matter']}/status"
            assert requests.post(url, json={"status": status}, headers=staff, timeout=10).status_code == 200
    con = sqlite3.connect(sealed_hall.db)
    app_id = con.execute("SELECT id FROM applications WHERE receipt = ?", (acc["receipt"],)).fetchone()[0]

    def stored() -> int:
        return con.execute("SELECT COUNT(*) FROM pages WHERE application_id = ?", (app_id,)).fetchone()[0]
    kept = sealed_hall.hall("retention", "--days", "30")        # collected today: kept for now
    assert kept.returncode == 0 and "deleted 0 page image(s)" in kept.stdout and stored() == len(pages)
    gone = sealed_hall.hall("retention", "--days", "0")
    assert gone.returncode == 0, gone.stderr
    assert f"deleted {len(pages)} page image(s) of 1 application(s)" in gone.stdout
    assert "retention: deleted" in gone.stderr + gone.stdout
    assert stored() == 0 and matter
    con.close()
