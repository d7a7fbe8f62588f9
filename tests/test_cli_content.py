"""`kiosk content …` prints the shapes field engineers, the hall server and tests rely on."""
from __future__ import annotations

import json

from support import run_kiosk


def _json(*args):
    result = run_kiosk(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_dump_json_lists_all_forty_themes_with_their_matters():
    data = _json("content", "dump", "--json")
    assert isinstance(data["version"], str) and data["version"]
    assert [t["no"] for t in data["themes"]] == list(range(1, 41))
    for t in data["themes"]:
        assert set(t) >= {"id", "no", "name", "category", "location", "notes", "matters"}
        assert t["category"] in ("personal", "business")
        for m in t["matters"]:
            assert set(m) >= {"id", "name", "department", "approval_level"}
            assert m["approval_level"] in ("district", "city")


def test_notice_json_by_number_and_by_id_are_the_same():
    by_no = _json("content", "notice", "5", "--json")
    by_id = _json("content", "notice", "birth", "--json")
    assert by_no == by_id
    assert set(by_no["counts"]) >= {"materials_separate", "materials_merged", "fields_separate", "fields_merged"}
    for m in by_no["materials"]:
        assert set(m) >= {"id", "name", "serves", "key"}
    for f in by_no["fields"]:
        assert set(f) >= {"id", "label", "source"}


def test_notice_for_unknown_theme_exits_2_with_a_reason():
    result = run_kiosk("content", "notice", "99", "--json")
    assert result.returncode == 2 and "no theme '99'" in result.stderr


def test_notice_with_a_malformed_answer_exits_2_with_a_reason():
    result = run_kiosk("content", "notice", "5", "--answer", "novalue", "--json")
    assert result.returncode == 2 and "KEY=VALUE" in result.stderr


def test_stats_totals_cover_every_theme():
    data = _json("content", "stats", "--json")
    assert len(data["themes"]) == 40
    total = data["total"]
    assert total["materials_separate"] == sum(r["materials_separate"] for r in data["themes"])
    assert total["materials_merged"] < total["materials_separate"]
    assert total["fields_merged"] < total["fields_separate"]


def test_flowchart_json_is_a_graph():
    fc = _json("content", "flowchart", "5", "--json")
    ids = {n["id"] for n in fc["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in fc["edges"])


def test_devices_list_reports_each_device_and_fails_when_one_has_failed(tmp_path):
    import os

    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path)}
    ok = run_kiosk("devices", "list", "--json", env=env)
    assert ok.returncode == 0, ok.stderr
    states = {d["device"]: d["state"] for d in json.loads(ok.stdout)}
    assert states == {"idcard": "ready", "printer": "ready", "camera": "ready", "qr": "ready"}
    bad = run_kiosk("devices", "list", "--json", env={**env, "KIOSK_DEVICES_IDCARD": str(tmp_path / "ttyNONE")})
    assert bad.returncode == 1
    [idcard] = [d for d in json.loads(bad.stdout) if d["device"] == "idcard"]
    assert idcard["state"] == "failed" and "ttyNONE" in idcard["reason"]
