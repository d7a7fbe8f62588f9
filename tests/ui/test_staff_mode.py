"""Staff mode and catalogue updates on the real widgets under Xvfb: the tour's staff journeys tap the hall
name's corner with real touch events, type PINs on the pad, and watch the home list change at rest; a
restart shows the stored catalogue."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hanzi import hanzi_labels, label_match
from kiosk.staff import hash_pin
from support import HallServer, kiosk_env, run_kiosk

WQY = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
PIN = "735911"
HIDDEN = "异地就医备案（异地退休、居住、工作、就医）一件事"     # theme 3, hidden by the published catalogue
pytestmark = pytest.mark.timeout(900)


@pytest.fixture(scope="module")
def tour(xvfb_display, tmp_path_factory):
    out = tmp_path_factory.mktemp("staff-tour")
    env = kiosk_env(xvfb_display, out / "data", KIOSK_STAFF_PIN_HASH=hash_pin(PIN), KIOSK_TOUR_STAFF_PIN=PIN)
    result = run_kiosk("tour", "--out", str(out / "shots"), "--journey", "staff_mode", "--journey",
                       "catalogue_update", "--journey", "staff_exit", env=env, timeout=800)
    index = json.loads((out / "shots" / "index.json").read_text(encoding="utf-8"))
    return result, out / "shots", index


def test_wrong_pin_is_refused_and_keeps_the_citizen_session(tour):
    _, _, index = tour
    s = index["checks"]["staff"]
    assert s["citizen_had_card"] and s["pad_after_four_taps"] is False
    wrong = s["after_wrong_pin"]
    assert wrong["step"] == "form" and wrong["pad_open"] and wrong["card_kept"]
    assert "密码不正确，还可再试4次。" in wrong["labels"]


def test_right_pin_wipes_the_session_and_opens_the_staff_page_with_its_figures(tour):
    _, shots, index = tour
    entry = index["checks"]["staff"]["on_entry"]
    assert entry["card"] is None and entry["theme"] is None and entry["form"] == {}
    assert entry["name_on_any_widget"] is False
    assert entry["devices"].count("正常") == 4               # sim reader, printer, camera, QR scanner all ready
    assert "qr: 正常" in entry["devices"]
    assert entry["outbox"] == "待发送 0 · 发送中 0 · 已送达 0 · 被退回 0"
    assert entry["hall"].startswith("可以连接") and "正在使用" in entry["catalogue"]
    [shot] = [e for e in index["entries"] if e["what"] == "staff"]
    png = str(shots / shot["file"])
    scores = [label_match(png, lb, WQY) for lb in hanzi_labels(png)[:6]]
    assert scores and max(scores) > 0.6, scores
    assert any(e["what"] == "printout" and e["journey"] == "staff_mode" for e in index["entries"])   # test page


def test_five_wrong_pins_lock_the_pad(tour):
    _, _, index = tour
    locked = index["checks"]["staff"]["locked"]
    assert "尝试次数过多，请5分钟后再试。" in locked["labels"]
    assert locked["seconds"] > 290 and locked["ok_enabled"] is False and locked["step"] != "staff"
    assert locked["keys_enabled"] == [False] * len(PIN)


def test_staff_mode_is_left_by_the_button_and_by_inactivity(tour):
    _, _, index = tour
    s = index["checks"]["staff"]
    assert s["left"] == {"active": False, "step": "attract"}
    assert s["timed_out"] == {"active": False}


def test_published_catalogue_reaches_the_home_list_only_at_rest(tour):
    _, _, index = tour
    c = index["checks"]["catalogue"]
    assert c["publish"]["code"] == 0, c["publish"]["out"]
    assert "婴儿“出生一件事”" in c["before"]["titles"] and HIDDEN in c["before"]["titles"]
    mid = c["mid_journey"]
    assert mid["pending"] == "2026.11.29-tour" and mid["version"] == c["before"]["version"]
    assert mid["step"] == "notice" and mid["theme"] == "birth"
    assert c["home_before_rest"]["titles"] == c["before"]["titles"]   # home with no session is not at rest
    assert c["at_rest"]["version"] == "2026.11.29-tour" and HIDDEN not in c["at_rest"]["featured_pool"]
    after = c["after"]
    assert "新生儿出生一件事" in after["titles"] and "婴儿“出生一件事”" not in after["titles"]
    assert HIDDEN not in after["titles"] and len(after["titles"]) == len(c["before"]["titles"]) - 1
    assert "新生儿出生一件事" in after["labels"]                      # drawn on screen, not only in the list
    assert c["staff_check"]["outcome"] == "unchanged" and c["staff_check"]["message"] == "目录已是最新"


def test_exit_to_desktop_is_only_on_the_staff_page_and_ends_with_code_0(tour):
    result, _, index = tour
    assert index["checks"]["staff"]["exit_button_outside_staff"] is False
    assert index["checks"]["exit_on_home"] is False and index["checks"]["exit_pressed"] is True
    assert index["error"] is None and result.returncode == 0, result.stderr[-2000:]


def test_restart_shows_the_stored_catalogue_with_the_hall_down(ui_env, tmp_path, catalogue_copy):
    from kiosk.catalogue_sync import CatalogueStore, CatalogueSync
    from kiosk.hall_client import HallClient

    from content import load_catalogue

    hall = HallServer(tmp_path / "hall.sqlite3")
    token = hall.add_kiosk("mx-test-02")
    birth = catalogue_copy / "themes" / "birth.toml"
    birth.write_text(re.sub(r'(?m)^name = ".*"$', 'name = "新生儿出生一件事"', birth.read_text("utf-8"), count=1),
                     "utf-8")
    assert hall.hall("publish", "--dir", str(catalogue_copy)).returncode == 0
    hall.start()
    try:
        packaged = load_catalogue()
        sync = CatalogueSync(HallClient(hall.url, token), CatalogueStore(Path(ui_env["KIOSK_DATA_DIR"]) / "catalogue"),
                             f'"{packaged.digest}"', packaged.version)
        assert sync.check().outcome == "new"
    finally:
        hall.stop()
    shot = str(tmp_path / "home.png")
    result = run_kiosk("run", "--smoke", "--screenshot", shot,
                       env={**ui_env, "KIOSK_BACKEND_URL": hall.url, "KIOSK_KIOSK_TOKEN": token})
    assert result.returncode == 0, result.stderr
    texts = [lb["text"] for lb in json.loads(Path(shot + ".json").read_text(encoding="utf-8"))["labels"]]
    assert "新生儿出生一件事" in texts and "婴儿“出生一件事”" not in texts
