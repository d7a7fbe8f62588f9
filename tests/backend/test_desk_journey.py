"""一窗受理 end to end: a real kiosk process submits an application to a real hall server; the window's clerk
calls it by its ticket, sights the originals and accepts it; each department's reviewer moves their own
matter; the hand-over is refused while the 容缺 item is owed, the item comes in with its page, and the
results are collected. Every step is in the audit trail with the user who took it."""
from __future__ import annotations

import json

import requests

from conftest import kiosk_env
from desk_helpers import add_staff, bearer, jpeg, login
from support import HallServer, run_kiosk

MATTERS = {"rev-police": "birth-registration", "rev-hr": "social-security-card-application",
           "rev-med": "resident-medical-insurance-enrolment"}


def test_kiosk_application_is_called_by_its_ticket_and_carried_to_collected_with_every_step_audited(tmp_path):
    hall = HallServer(tmp_path / "hall.sqlite3")
    kiosk_token = hall.add_kiosk("kiosk-journey")
    add_staff(hall.db, {"clerk-a": ("clerk", None, "A"), "boss": ("supervisor", None, None),
                        "rev-police": ("reviewer", "public-security", None),
                        "rev-hr": ("reviewer", "civil-affairs-hr", None),
                        "rev-med": ("reviewer", "healthcare-security", None)})
    hall.start()
    try:
        env = kiosk_env(tmp_path / "kiosk", hall.url, kiosk_token)
        submitted = run_kiosk("submit", "--sample", "5", env=env)
        assert submitted.returncode == 0, submitted.stderr
        flushed = run_kiosk("outbox", "flush", env=env)
        assert flushed.returncode == 0, flushed.stderr
        [app] = hall.applications()
        assert app["status"] == "pre_accepted" and app["ticket"].startswith("A")
        assert {m["status"] for m in app["matters"]} == {"received"}       # nothing dispatched before 受理
        receipt = app["receipt"]
        t = {name: login(hall, name).json()["token"] for name in ("clerk-a", "boss", *MATTERS)}

        def post(who, path, **kw):
            r = requests.post(hall.url + path, headers=bearer(t[who]), timeout=30, **kw)
            assert r.status_code == 200, (path, r.text)
            return r.json()

        called = post("clerk-a", "/v1/windows/A/call-next")
        assert (called["ticket"], called["receipt"], called["theme"]) == (app["ticket"], receipt, "birth")
        lobby = requests.get(hall.url + "/v1/queue/now-serving", timeout=30).json()
        assert [(c["window"], c["ticket"]) for c in lobby] == [("A", app["ticket"])]
        assert receipt not in json.dumps(lobby)

        view = requests.get(f"{hall.url}/v1/desk/applications/{receipt}", headers=bearer(t["clerk-a"]),
                            timeout=30).json()
        assert view["status"] == "pre_accepted" and len(view["pages"]) == app["pages"]
        assert any(f["id"] == "newborn-name" and f["value"] for f in view["form"])
        assert [o["material"] for o in view["owed"] if not o["received"]] == ["marriage-certificate"]

        post("clerk-a", f"/v1/desk/applications/{receipt}/originals")
        accepted = post("clerk-a", f"/v1/desk/applications/{receipt}/accept")
        assert accepted["status"] == "accepted"
        assert {m["status"] for m in accepted["matters"]} == {"dispatched"}

        for who, matter in MATTERS.items():
            for status in ("under_review", "approved", "result_ready"):
                post(who, f"/v1/staff/applications/{receipt}/matters/{matter}/status", json={"status": status})

        refused = requests.post(f"{hall.url}/v1/desk/applications/{receipt}/handover", json={"how": "collected"},
                                headers=bearer(t["clerk-a"]), timeout=30)
        assert refused.status_code == 409 and "结婚证" in refused.json()["error"]

        r = requests.put(f"{hall.url}/v1/desk/applications/{receipt}/owed/marriage-certificate", data=jpeg("结婚证"),
                         headers=bearer(t["clerk-a"]), timeout=30)
        assert r.status_code == 200, r.text
        page_id = next(o["page"] for o in r.json()["owed"] if o["material"] == "marriage-certificate")
        page = requests.get(f"{hall.url}/v1/desk/applications/{receipt}/pages/{page_id}",
                            headers=bearer(t["clerk-a"]), timeout=30)
        assert page.status_code == 200 and page.content[:3] == b"\xff\xd8\xff"

        done = post("clerk-a", f"/v1/desk/applications/{receipt}/handover", json={"how": "collected"})
        assert done["status"] == "completed" and {m["status"] for m in done["matters"]} == {"collected"}
        nobody = post("clerk-a", "/v1/windows/A/call-next")
        assert nobody["ticket"] is None
        queue = requests.get(hall.url + "/v1/windows/A/queue", headers=bearer(t["clerk-a"]), timeout=30).json()
        [served] = queue["served"]
        assert served["ticket"] == app["ticket"] and served["called_at"] <= served["served_at"]

        trail = requests.get(hall.url + "/v1/audit", params={"receipt": receipt}, headers=bearer(t["boss"]),
                             timeout=30).json()
        steps = [(a["user"], a["action"], a["target"]) for a in reversed(trail)]
        expected = [("clerk-a", "call", app["ticket"]), ("clerk-a", "originals-sighted", None),
                    ("clerk-a", "accept", None)]
        for who, matter in MATTERS.items():
            expected += [(who, f"matter-{s}", matter) for s in ("under_review", "approved", "result_ready")]
        expected += [("clerk-a", "owed-received", "marriage-certificate"), ("clerk-a", "handover-collected", None),
                     ("clerk-a", "served", app["ticket"])]
        assert sorted(steps, key=str) == sorted(expected, key=str)
        assert steps[:3] == expected[:3] and steps[-3:] == expected[-3:]
        # The application's own history names the user of every step after the kiosk handed it in.
        events = requests.get(f"{hall.url}/v1/desk/applications/{receipt}", headers=bearer(t["boss"]),
                              timeout=30).json()["events"]
        after_kiosk = [e for e in events if e["status"] not in ("draft", "received", "pre_accepted")]
        assert after_kiosk and {e["user"] for e in after_kiosk} <= {"clerk-a", *MATTERS}
    finally:
        hall.stop()
