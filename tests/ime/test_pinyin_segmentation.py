"""Unspaced, ambiguous, abbreviated and separated pinyin is split into the syllables the user meant."""
from __future__ import annotations

import pytest

from kiosk.ime import composition, readings


def splits(text: str) -> list[list[str]]:
    return [[t.text for t in r] for r in readings(text)]


def kinds(text: str) -> str:
    return "".join(t.kind[0] for t in readings(text)[0])


@pytest.mark.parametrize("typed, syllables", [
    ("zhangsan", ["zhang", "san"]), ("meixian", ["mei", "xian"]), ("mei xian", ["mei", "xian"]),
    ("gongjijin", ["gong", "ji", "jin"]), ("yingyezhizhao", ["ying", "ye", "zhi", "zhao"]),
    ("shenfenzheng", ["shen", "fen", "zheng"]), ("ouyang", ["ou", "yang"]),
])
def test_unspaced_pinyin_splits_into_whole_syllables(typed, syllables):
    assert splits(typed)[0] == syllables


def test_ambiguous_xian_keeps_both_readings_with_the_single_syllable_first():
    assert splits("xian") == [["xian"], ["xi", "an"]]


def test_apostrophe_forces_the_split():
    assert splits("xi'an") == [["xi", "an"]]
    assert composition("xi'an") == "xi'an"


def test_fangan_is_ambiguous_both_ways():
    assert sorted(map(tuple, splits("fangan"))) == [("fan", "gan"), ("fang", "an")]


def test_initials_including_zh_ch_sh_are_tokens():
    assert splits("zs") == [["z", "s"]]
    assert splits("zhchsh") == [["zh", "ch", "sh"]] and kinds("zhchsh") == "iii"


def test_mixed_full_syllable_and_initial():
    assert splits("zhangs") == [["zhang", "s"]] and kinds("zhangs") == "fi"


def test_unfinished_last_syllable_is_a_partial():
    assert splits("zhon") == [["zhon"]] and kinds("zhon") == "p"


def test_v_and_u_umlaut_stand_for_u_umlaut():
    assert splits("lv") == [["lv"]]
    assert splits("lü") == [["lv"]]
    assert splits("nue")[0] == ["nve"]


def test_composition_shows_the_segmentation():
    assert composition("meixian") == "mei'xian"
    assert composition("zhangs") == "zhang's"


def test_letters_that_are_no_pinyin_give_no_reading():
    assert readings("iii") == ()
