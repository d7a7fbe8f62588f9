"""The journey's core without widgets: validation, prefill, steps, inactivity, wipe, masking, printouts."""
from __future__ import annotations

import datetime as dt

import pytest

from content import load_catalogue
from content.merge import notice
from devices.printer import open_printer, save_preview
from kiosk import journey, printouts
from kiosk.form import card_holders, derive, prefill
from kiosk.inactivity import ACTIVE, EXPIRED, WARNING, Inactivity
from kiosk.privacy import mask_id_number, mask_name, mask_phone
from kiosk.session import Session, wipe_leftovers
from kiosk.validation import check, credit_code_ok, normalize

CARD = {"name": "张三", "sex": "男", "id_number": "441403199001011233", "address": "广东省梅州市梅县区新城",
        "birth": "1990-01-01", "nation": "汉", "expired": False}


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def field(type_, **kw):
    return {"id": "f", "label": "字段", "type": type_, "source": "typed", "required": True, **kw}


@pytest.mark.parametrize("type_, good, bad", [
    ("id_number", "441403199001011233", "441403199001011234"),
    ("phone", "13800138000", "1380013800"),
    ("phone", "0753-2188888", "2188888"),
    ("date", "2026-11-29", "2026-02-30"),
    ("credit_code", "91350100M000100Y43", "91350100M000100Y44"),
    ("plate_number", "粤M12345", "M12345"),
    ("email", "a@b.cn", "a@b"),
    ("integer", "12", "1.5"),
])
def test_values_are_checked_by_type_and_the_message_names_the_field(type_, good, bad):
    assert check(field(type_), good) is None
    problem = check(field(type_), bad)
    assert problem is not None and "字段" in problem.text()


def test_required_field_left_empty_is_named():
    assert check(field("text"), "  ").text() == "请填写字段"
    assert check(field("text", required=False), "") is None


def test_credit_code_check_character_follows_gb_32100():
    assert credit_code_ok("91110108551385082Q")
    assert not credit_code_ok("91110108551385082R")


def test_codes_typed_in_lower_case_are_taken_in_capitals():
    assert normalize(field("id_number"), " 44140319900101123x ") == "44140319900101123X"
    assert normalize(field("text", pattern="[A-Z][0-9]{9}"), "r440123456") == "R440123456"


def test_applicants_card_fills_the_fathers_fields_when_the_theme_names_parents(cat):
    fields = notice(cat, cat.theme(5))["fields"]
    assert card_holders(CARD, fields) == {"applicant", "father"}
    values = prefill(fields, CARD)
    assert values["name@father"] == "张三" and values["id-number@father"] == CARD["id_number"]
    assert "name@mother" not in values
    mother = dict(CARD, sex="女", name="王芳")
    assert prefill(fields, mother)["name@mother"] == "王芳"


def test_derived_values_come_from_the_id_number_and_today():
    fields = [{"id": "age", "source": "derived", "derive": "age_from_id_number", "holder": "applicant"},
              {"id": "d", "source": "derived", "derive": "today", "holder": "applicant"}]
    out = derive(fields, {"id-number": "441403199001011233"}, "梅县区政务服务中心", dt.date(2026, 11, 29))
    assert out == {"age": "36", "d": "2026-11-29"}


def test_journey_asks_one_question_per_screen_between_identify_and_form(cat):
    theme = cat.theme(13)
    steps = journey.steps(theme)
    assert steps[:2] == ["notice", "identify"] and steps[-2:] == ["submitting", "done"]
    assert [s for s in steps if s.startswith("question:")] == [f"question:{q.id}" for q in theme.questions]
    assert journey.previous_step(theme, "done") is None


def test_inactivity_warns_then_expires_and_elder_mode_gives_more_time():
    t = Inactivity(idle_s=10, countdown_s=5, enabled=True)
    t.touch(0)
    assert t.state(9) == ACTIVE and t.state(11) == WARNING and t.state(16) == EXPIRED
    t.elder = True
    assert t.state(14) == ACTIVE
    assert Inactivity(idle_s=1, enabled=False).state(100) == ACTIVE


def test_wipe_clears_memory_files_and_tells_the_screens(tmp_path):
    s = Session(root=tmp_path / "sessions")
    s.card, s.form["phone"] = dict(CARD), "13800138000"
    (s.folder / "p001.jpg").write_bytes(b"jpeg")
    told = []
    s.on_wipe(lambda: told.append(True))
    s.wipe()
    assert s.card is None and s.form == {} and told == [True]
    assert not any((tmp_path / "sessions").iterdir())
    assert not s.has_personal_data


def test_session_folders_left_by_a_crash_are_deleted_at_start(tmp_path):
    (tmp_path / "s-dead").mkdir()
    (tmp_path / "s-dead" / "p.jpg").write_bytes(b"x")
    assert wipe_leftovers(tmp_path) == 1 and not (tmp_path / "s-dead").exists()


def test_masks_keep_just_enough_to_recognise():
    assert mask_id_number("441403199001011233") == "4414**********1233"
    assert mask_name("欧阳小明") == "欧***"
    assert mask_phone("13812345678") == "138****5678"


def test_receipt_printout_masks_the_name_and_lists_what_is_owed(tmp_path):
    result = {"receipt": "MX-261129-0001-8", "accepted_at": "2026-11-29T10:00:00", "due_date": "2027-01-05",
              "due_provisional": True, "ticket": "A001",
              "owed": [{"name": "结婚证", "received": False}]}
    doc = printouts.receipt("婴儿“出生一件事”", result, "张三", "http://x/s/MX")
    texts = " ".join(getattr(i, "text", "") for i in doc.items)
    assert "张*" in texts and "张三" not in texts
    assert "结婚证" in texts and "暂定" in texts
    data = open_printer("sim://").print_document(doc)
    save_preview(data, str(tmp_path / "r.png"), 576)
    assert (tmp_path / "r.png").stat().st_size > 1000
