"""A second person's ID card fills that person's fields (theme 5: the mother's, when the father applied),
and only a card that can be theirs is taken."""
from __future__ import annotations

import pytest

from content import load_catalogue
from kiosk.config import load_config
from kiosk.core import KioskCore

FATHER = {"name": "张三", "sex": "男", "id_number": "441403199001011233", "address": "广东省梅州市梅县区新城",
          "birth": "1990-01-01", "nation": "汉", "expired": False}
MOTHER = {"name": "李四妹", "sex": "女", "id_number": "441403195807152029", "address": "广东省梅州市梅县区程江镇",
          "birth": "1958-07-15", "nation": "畲", "expired": False}


@pytest.fixture
def core(tmp_path):
    (tmp_path / "kiosk.ini").write_text("")
    core = KioskCore(load_config(path=tmp_path / "kiosk.ini", environ={"KIOSK_DATA_DIR": str(tmp_path / "k")}),
                     load_catalogue())
    core.journey.begin("5")
    core.journey.use_card(FATHER)
    yield core
    core.stop()


def test_the_mother_is_offered_once_the_father_applied_with_his_card(core):
    assert core.journey.other_card_holders() == ["mother"]
    assert core.journey.role_label("mother") == "母亲" and core.journey.role_label("mother", "en") == "Mother"


def test_her_card_fills_only_her_name_and_number_and_marks_them(core):
    filled, why = core.journey.use_card_for("mother", MOTHER)
    assert why is None and sorted(filled) == ["id-number@mother", "name@mother"]
    values = core.journey.form_values()
    assert values["name@mother"] == "李四妹" and values["id-number@mother"] == "441403195807152029"
    assert {"id-number@mother", "name@mother"} <= core.session.prefilled
    assert core.session.card["name"] == "张三"                  # the applicant's card stays the session's
    assert "程江镇" not in str(core.session.form)                 # nothing else of her card is kept
    assert core.journey.other_card_holders() == []


@pytest.mark.parametrize("card, why", [
    (FATHER, "same_card"),
    ({**MOTHER, "sex": "男", "id_number": "441403197511300016"}, "wrong_person"),
    ({**MOTHER, "expired": True}, "expired"),
])
def test_a_card_that_cannot_be_hers_is_refused_and_fills_nothing(core, card, why):
    assert core.journey.use_card_for("mother", card) == ([], why)
    assert "name@mother" not in core.session.form
