"""The catalogue editor's service layer through a real hall server: the draft kept apart from what kiosks
get, every save checked with the error's field path, publish as a new signed release, history, rollback,
diff for citizens, notice preview, department review; and the TOML folder round-tripping byte for byte."""
from __future__ import annotations

import base64
import json
import re
import tomllib

import pytest
import requests

from content import DATA_DIR, load_catalogue
from content.signature import verify
from content.texts import read_texts
from support import HallServer, hall_signing_key

PACKAGED = load_catalogue()


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("editor")
    key, public = hall_signing_key(tmp)
    server = HallServer(tmp / "hall.sqlite3", extra=("--signing-key", str(key)))
    server.token = server.add_kiosk("mx-editor-01")
    server.public_key = public
    server.start()
    yield server
    server.stop()


def call(hall, method, path, expect=200, **body):
    resp = requests.request(method, hall.url + "/v1/staff/catalogue" + path, timeout=60,
                            headers={"Authorization": f"Bearer {hall.staff_token}"}, json=body or None)
    assert resp.status_code == expect, resp.text[:3000]
    return resp.json() if "json" in resp.headers.get("content-type", "") else resp.text


def kiosk_bundle(hall):
    resp = requests.get(hall.url + "/v1/catalogue/bundle", headers={"Authorization": f"Bearer {hall.token}"},
                        timeout=60)
    assert resp.status_code == 200
    return resp


def test_editor_reorders_switches_off_fixes_an_error_publishes_and_rolls_back(hall):
    draft = call(hall, "GET", "/draft")
    assert draft["base"] == 1 and draft["errors"] == []
    before = [t["no"] for t in draft["home"]]
    assert before[:4] == [1, 2, 3, 4]
    out = call(hall, "POST", "/draft/edits", by="editor-wang", ops=[
        {"op": "reorder", "themes": [5, 3]},
        {"op": "enable", "theme": 2, "enabled": False},
        {"op": "set", "file": "matters/birth-registration.toml", "path": "time_limit_days", "value": "三天"},
        {"op": "set", "file": "catalogue.toml", "path": "version", "value": "2026.12.01-editor"}])
    assert not out["ok"]
    assert {"file": "matters/birth-registration.toml", "path": "time_limit_days",
            "message": "'三天' is not of type 'integer'"} in out["errors"]
    refused = call(hall, "POST", "/draft/publish", expect=422, by="editor-wang")
    assert any("time_limit_days" in d for d in refused["details"])
    assert kiosk_bundle(hall).headers["X-Catalogue-Release"] == "1"          # kiosks still get release 1
    fixed = call(hall, "POST", "/draft/edits", by="editor-wang", ops=[
        {"op": "set", "file": "matters/birth-registration.toml", "path": "time_limit_days", "value": 3}])
    assert fixed == {"ok": True, "errors": []}
    diff = call(hall, "GET", "/diff")
    assert [t["no"] for t in diff["themes_removed"]] == [2]
    assert {"no": 5, "from": 4, "to": 1} in [{k: t[k] for k in ("no", "from", "to")} for t in diff["reordered"]]
    assert any("time limit 1 → 3" in line for line in diff["summary"])
    published = call(hall, "POST", "/draft/publish", by="editor-wang")
    assert published["release"] == 2 and published["version"] == "2026.12.01-editor"
    bundle = kiosk_bundle(hall)
    assert bundle.headers["X-Catalogue-Release"] == "2"
    assert verify(base64.b64decode(hall.public_key), base64.b64decode(bundle.headers["X-Catalogue-Signature"]),
                  2, bundle.content)
    home = call(hall, "GET", "/draft")["home"]
    assert [t["no"] for t in home][:3] == [5, 3, 1] and 2 not in [t["no"] for t in home]
    history = call(hall, "GET", "/releases")
    assert history[0]["number"] == 2 and history[0]["published_by"] == "editor-wang"
    assert any("leaves the home screen" in line for line in history[0]["changes"])
    back = call(hall, "POST", "/releases/1/rollback", by="manager-li")
    assert back["release"] == 3 and back["rollback_of"] == 1 and back["version"] == PACKAGED.version
    assert kiosk_bundle(hall).headers["ETag"] == f'"{PACKAGED.digest}-3"'
    assert call(hall, "GET", "/releases")[0]["action"] == "rollback"
    draft = call(hall, "GET", "/draft")
    assert draft["base"] == 3 and [t["no"] for t in draft["home"]] == before        # the draft followed


def test_preview_shows_the_merged_notice_in_every_situation(hall):
    data = call(hall, "GET", "/preview/3?source=live")
    theme = PACKAGED.theme(3)
    assert len(data["situations"]) == 1 + sum(len(q.options) for q in theme.questions)
    assert data["situations"][1]["notice"]["counts"]["matters"] == 1        # one option: its one matter
    page = call(hall, "GET", "/preview/3?source=live&format=html")
    assert page.count("<article class='notice'>") == len(data["situations"]) and theme.name in page


def test_department_confirms_on_its_sheet_and_the_confirmation_reaches_the_catalogue(hall):
    sheet = call(hall, "GET", "/review/public-security")
    assert sheet["pending"] == len(sheet["matters"]) > 0 and sheet["confirmed"] == 0
    birth = next(m for m in sheet["matters"] if m["id"] == "birth-registration")
    assert any(t["no"] == 5 for t in birth["themes"]) and birth["materials"] and birth["fields"]
    html = call(hall, "GET", "/review/public-security?format=html")
    assert "size:A4" in html and birth["name"] in html and "break-inside:avoid" in html
    wrong = call(hall, "POST", "/review/tax/matters/birth-registration/confirm", expect=403, by="reviewer-zhao")
    assert "belongs to public-security" in wrong["error"]
    done = call(hall, "POST", "/review/public-security/matters/birth-registration/confirm", by="reviewer-zhao")
    assert done["review"] == "confirmed" and done["reviewed_by"] == "reviewer-zhao" and not done["draft_errors"]
    call(hall, "POST", "/review/public-security/matters/birth-registration/comments", expect=201,
         by="reviewer-zhao", text="出生医学证明须为原件")
    status = call(hall, "GET", "/review")
    dept = next(d for d in status["departments"] if d["department"] == "public-security")
    assert dept["confirmed"] == 1 and status["comments"][-1]["text"] == "出生医学证明须为原件"
    assert next(t for t in status["themes"] if t["no"] == 5)["confirmed"] == 1
    live = call(hall, "GET", "/releases")[0]["version"]
    published = call(hall, "POST", "/draft/publish", by="editor-wang")   # content changed, version not:
    assert published["version"] != live and re.fullmatch(r"\d{4}\.\d\d\.\d\d-\d{6}", published["version"])
    doc = json.loads(kiosk_bundle(hall).content)["documents"]["matters/birth-registration.toml"]
    assert doc["review"] == "confirmed" and doc["reviewed_by"] == "reviewer-zhao" and doc["reviewed_at"]
    # A later change to the matter asks the department again.
    call(hall, "POST", "/draft/edits", by="editor-wang",
         ops=[{"op": "set", "file": "matters/birth-registration.toml", "path": "fee/amount", "value": 0}])
    text = call(hall, "GET", "/draft/sources")["sources"]["matters/birth-registration.toml"]
    assert tomllib.loads(text)["review"] == "pending" and "reviewed_by" not in tomllib.loads(text)


class Result:
    def __init__(self, code, captured):
        self.returncode, self.stdout, self.stderr = code, captured.out, captured.err


@pytest.fixture
def hall_cli(capsys):
    """`kiosk-hall catalogue …` on a database, in this process (the same entry point as the command)."""
    from backend.cli import main

    def run(db, *args):
        capsys.readouterr()
        code = main(["catalogue", *args, "--db", str(db)])
        return Result(code, capsys.readouterr())
    return run


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_import_export_is_byte_identical_and_an_edit_changes_only_its_line(tmp_path, hall_cli):
    db = tmp_path / "hall.sqlite3"
    assert hall_cli(db, "export", "--dir", str(tmp_path / "one")).returncode == 0
    imported = hall_cli(db, "import", "--dir", str(tmp_path / "one"))
    assert imported.returncode == 0 and "0 error(s)" in imported.stdout
    assert hall_cli(db, "export", "--dir", str(tmp_path / "two")).returncode == 0
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert one == two and one == {k: v.encode() for k, v in read_texts(DATA_DIR).items()}
    edit = hall_cli(db, "edit", json.dumps({"op": "enable", "theme": 3, "enabled": False}))
    assert edit.returncode == 0, edit.stdout + edit.stderr
    assert hall_cli(db, "export", "--dir", str(tmp_path / "two")).returncode == 0
    changed = {k for k in one if files(tmp_path / "two")[k] != one[k]}
    assert changed == {"themes/offsite-medical-filing.toml"}
    old = one["themes/offsite-medical-filing.toml"].decode().splitlines()
    new = files(tmp_path / "two")["themes/offsite-medical-filing.toml"].decode().splitlines()
    assert [line for line in new if line not in old] == ["enabled = false"] and len(new) == len(old) + 1
    broken = hall_cli(db, "edit", json.dumps({"op": "set", "file": "themes/birth.toml", "path": "matters/0/ref",
                                              "value": "no-such-matter"}))
    assert broken.returncode == 1 and "unknown matter 'no-such-matter'" in broken.stdout
    refused = hall_cli(db, "publish")
    assert refused.returncode == 1 and "themes/birth.toml: matters/0/ref" in refused.stderr
    assert json.loads(hall_cli(db, "history", "--json").stdout)[0]["number"] == 1     # nothing published


def test_a_hall_upgraded_in_place_keeps_serving_the_catalogue_it_had_published(tmp_path):
    import sqlite3

    from backend.hall import Hall
    from content import read_folder

    docs = read_folder()
    docs.docs["catalogue.toml"]["version"] = "2026.10.01-hall"
    db = tmp_path / "old-hall.sqlite3"
    with sqlite3.connect(db) as conn:      # the table halls had before releases were numbered
        conn.execute("CREATE TABLE catalogues (version VARCHAR(64) PRIMARY KEY, digest VARCHAR(32) NOT NULL, "
                     "bundle BLOB NOT NULL, published_at DATETIME NOT NULL, active BOOLEAN NOT NULL)")
        conn.execute("INSERT INTO catalogues VALUES (?, ?, ?, '2026-10-01 09:00:00', 1)",
                     ("2026.10.01-hall", docs.digest(), docs.to_bundle()))
    hall = Hall(str(db))
    assert hall.catalogue.version == "2026.10.01-hall" and hall.release == 1 and hall.bundle == docs.to_bundle()
    with hall.engine.connect() as conn:
        from backend.catalogue_versions import history
        assert history(conn)[0]["action"] == "migrated"
    from backend import catalogue_draft               # editors start from it: the same documents as TOML files
    texts, base = catalogue_draft.load(hall)
    assert base == 1 and catalogue_draft.check(texts) == []
    assert tomllib.loads(texts["catalogue.toml"])["version"] == "2026.10.01-hall"
