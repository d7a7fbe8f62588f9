"""Citizen journeys through the real widgets under Xvfb: the scripted tour presses what a citizen presses
(buttons, keyboard keys, pinyin candidates) with simulated devices and a real hall server."""
from __future__ import annotations

import json
import re

import pytest
from PIL import Image

from hanzi import screens_show_hanzi
from queue_seed import seed_window
from support import run_tour

pytestmark = pytest.mark.timeout(2400)   # the tour runs nine journeys through the real UI
#: The journeys this file checks. The tour's others run in their own files, each in a kiosk of its own
#: (test_keyboard_access, test_date_picker, test_audio_mode): run here too, they only made this one
#: kiosk's run longer (it timed out near 900 s on a loaded machine).
JOURNEYS = ("birth_with_card", "situations_theme3", "business_theme13", "party_forms", "timeout_wipes",
            "offline_submission", "status_lookup", "elder_mode", "english")


@pytest.fixture(scope="module")
def tour(xvfb_display, tmp_path_factory):
    out = tmp_path_factory.mktemp("tour")
    # Window A of the tour's hall served three tickets today in 4, 6 and 8 minutes; two more wait: the
    # birth journey's ticket is told 2 ahead x median 6 min (issue 13).
    seed_window(out / "data" / "local-hall" / "hall.sqlite3", "A", served_minutes=(4, 6, 8), waiting=2)
    return out / "shots", run_tour(xvfb_display, out, *JOURNEYS, timeout=1800)


def _whats(index, journey):
    return [e["what"] for e in index["entries"] if e["journey"] == journey]


def test_birth_journey_goes_from_idle_to_ticket_with_every_screen_and_printout(tour):
    _, index = tour
    whats = _whats(index, "birth_with_card")
    expected = ["attract", "notice", "printout", "identify", "card-read", "mothers-card", "form-filled", "materials", "camera",
                "materials-done", "check-answers", "consent", "printout", "printout", "done"]
    assert whats == expected
    result = index["checks"]["results"]["birth_with_card"]
    assert re.fullmatch(r"MX-\d{6}-\d{4}-[0-9X]", result["receipt"])
    assert re.fullmatch(r"A\d{3}", result["ticket"])
    assert [o["material"] for o in result["owed"]] == ["marriage-certificate"]      # 容缺: brought later


def test_the_other_parents_card_fills_her_name_and_number_and_the_first_card_is_refused_for_her(tour):
    _, index = tour
    second = index["checks"]["second_card"]
    assert second["offered"] == ["mother"] and second["offered_after"] == []
    assert "刚才读过" in second["refused"]
    assert second["name"] == "李四妹" and second["id_number"].startswith("44140319580715202")
    assert second["marked"] == ["id-number@mother", "name@mother"]
    assert second["card_kept"] == "张三"            # the applicant's card stays the session's card


def test_situation_question_selects_one_matter(tour):
    _, index = tour
    result = index["checks"]["results"]["situations_theme3"]
    assert len(result["matters"]) == 1


def test_forms_ask_each_party_under_its_own_heading(tour):
    shots, index = tour
    headings = index["checks"]["party_forms"]
    assert headings["39"] == ["施工单位的信息", "施工单位经办人的信息", "使用单位的信息", "使用单位经办人的信息",
                              "办理事项的信息"]
    assert headings["27"] == ["见习人员的信息", "用人单位的信息", "经办人的信息"]
    assert any(e["what"] == "form-theme27" for e in index["entries"])


def test_business_theme_is_accepted(tour):
    _, index = tour
    assert index["checks"]["results"]["business_theme13"]["status"] == "accepted"


def test_timeout_warns_then_wipes_session_files_and_widget_text(tour):
    _, index = tour
    assert _whats(index, "timeout_wipes")[:2] == ["timeout-warning", "wiped"]
    t = index["checks"]["timeout"]
    assert t["had_card"] is True
    assert t["card_after"] is None and t["form_after"] == {} and t["pages_after"] == 0
    assert t["session_folders_after"] == []
    assert t["name_on_any_widget"] is False


def _done_texts(shots, index, journey) -> list[str]:
    [done] = [e for e in index["entries"] if e["journey"] == journey and e["what"] == "done"]
    return [lb["text"] for lb in json.loads((shots / (done["file"] + ".json")).read_text(encoding="utf-8"))["labels"]]


def test_the_done_screen_tells_the_wait_from_the_hall_and_the_plain_line_when_it_is_down(tour):
    shots, index = tour
    result = index["checks"]["results"]["birth_with_card"]
    assert result["wait"] == {"ahead": 2, "minutes": 12}
    assert "前面还有 2 人，预计等待约 12 分钟" in _done_texts(shots, index, "birth_with_card")
    offline = _done_texts(shots, index, "offline_submission")
    assert "请留意叫号" in offline and not any("预计等待" in t for t in offline)


def test_offline_submission_keeps_the_application_and_delivers_it_later(tour):
    _, index = tour
    off = index["checks"]["offline"]
    # Kept, not delivered: waiting, or in the middle of an attempt at the unreachable hall when counted.
    assert off["outbox"]["pending"] + off["outbox"]["in_flight"] == 1 and off["outbox"]["dead"] == 0
    assert off["after"]["pending"] == off["after"]["in_flight"] == off["after"]["dead"] == 0
    assert off["after"]["delivered"] == off["outbox"]["delivered"] + 1           # delivered once the hall is back
    assert "printout" in _whats(index, "offline_submission")


def test_status_lookup_shows_each_departments_progress(tour):
    shots, index = tour
    [entry] = [e for e in index["entries"] if e["journey"] == "status_lookup"]
    texts = [lb["text"] for lb in json.loads((shots / (entry["file"] + ".json")).read_text(encoding="utf-8"))["labels"]]
    assert any("公安局" in t for t in texts) and any("已分派" in t for t in texts)


def test_elder_mode_text_is_at_least_one_and_a_half_times_larger(tour):
    shots, index = tour
    assert index["checks"]["elder_scale"] >= 1.5

    def body_sizes(journey, what):
        [e] = [e for e in index["entries"] if e["journey"] == journey and e["what"] == what]
        labels = json.loads((shots / (e["file"] + ".json")).read_text(encoding="utf-8"))["labels"]
        # the screen's own text, not the bars (their buttons keep one size so they never move)
        return {lb["text"]: lb["font_size"] for lb in labels if 130 < lb["y"] < 1920 - 200}

    normal = body_sizes("birth_with_card", "notice")
    elder = body_sizes("elder_mode", "notice-elder")
    common = [t for t in normal if t in elder and len(t) > 4]
    assert common and all(elder[t] >= 1.5 * normal[t] - 0.01 for t in common)
    assert min(elder[t] for t in common) >= 36       # elder body text well above 18 dp


def test_english_switch_shows_english_names_and_buttons(tour):
    shots, index = tour
    [e] = [e for e in index["entries"] if e["what"] == "notice-english"]
    texts = [lb["text"] for lb in json.loads((shots / (e["file"] + ".json")).read_text(encoding="utf-8"))["labels"]]
    assert "A baby's birth" in texts
    assert "Home" in texts and "Back" in texts


def test_every_screenshot_shows_hanzi_not_boxes(tour):
    """With a font lacking hanzi every label fails; a label caught mid-animation may fail alone."""
    shots, index = tour
    scores = screens_show_hanzi(shots, index)
    assert len(scores) > 60
    assert sum(s > 0.6 for s in scores) >= 0.9 * len(scores), sorted(scores)[:10]


def test_attract_and_camera_screenshots_carry_what_their_screens_show(tour):
    # The attract screenshot used to be blank (taken before its first frame) and the camera preview white
    # (taken before the camera's first frame): each is now taken once its screen has drawn.
    from PIL import ImageStat

    shots, index = tour
    [attract] = [e for e in index["entries"] if e["journey"] == "birth_with_card" and e["what"] == "attract"]
    img = Image.open(shots / attract["file"]).convert("RGB")
    title = img.crop((0, img.height // 12, img.width, img.height // 4))      # 梅县区“一件事” 自助服务
    assert max(ImageStat.Stat(title).stddev) > 20, "the attract screenshot has no text"
    labels = json.loads((shots / (attract["file"] + ".json")).read_text(encoding="utf-8"))["labels"]
    assert any("自助服务" in lb["text"] for lb in labels)
    cameras = [e for e in index["entries"] if e["what"] == "camera"]
    assert cameras
    for e in cameras:
        img = Image.open(shots / e["file"]).convert("L")
        preview = img.crop((img.width // 10, img.height // 5, img.width * 9 // 10, img.height * 3 // 5))
        assert ImageStat.Stat(preview).stddev[0] > 10, f"{e['file']}: the preview shows no camera picture"


def test_printouts_are_real_previews(tour):
    shots, index = tour
    prints = [e for e in index["entries"] if e["kind"] == "printout"]
    assert len(prints) >= 7
    for e in prints:
        img = Image.open(shots / e["file"])
        assert img.width == 576 and img.height > 300
