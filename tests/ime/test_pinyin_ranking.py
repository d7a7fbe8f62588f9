"""The words citizens type at the kiosk come out first, or at least on the first row of candidates."""
from __future__ import annotations

import pytest

from kiosk.ime import Engine

ENGINE = Engine()


def texts(pinyin: str) -> list[str]:
    return [c.text for c in ENGINE.candidates(pinyin).candidates]


@pytest.mark.parametrize("pinyin, word", [
    ("zhang", "张"), ("meixian", "梅县"), ("mei xian", "梅县"), ("chusheng", "出生"), ("ouyang", "欧阳"),
    ("gongjijin", "公积金"), ("chengjiang", "程江"), ("yanyang", "雁洋"), ("songkou", "松口"),
    ("hukoubu", "户口簿"), ("yingyezhizhao", "营业执照"), ("shenfenzheng", "身份证"), ("shejiang", "畲江"),
    ("dabu", "大埔"), ("zhangsan", "张三"), ("wangfang", "王芳"), ("zhongguo", "中国"),
])
def test_expected_word_is_the_first_candidate(pinyin, word):
    assert texts(pinyin)[0] == word


@pytest.mark.parametrize("pinyin, word", [
    ("liming", "李明"), ("chenjing", "陈静"), ("ouyangfang", "欧阳芳"), ("bingcun", "丙村"),
    ("taoyao", "桃尧"), ("minzhengju", "民政局"), ("shebaoka", "社保卡"), ("budongchan", "不动产"),
    ("xian", "现"), ("wode", "我的"),
])
def test_expected_word_is_in_the_top_three(pinyin, word):
    assert word in texts(pinyin)[:3]


def test_surname_boost_puts_zhang_before_the_commoner_general_characters():
    words = texts("zhang")
    assert words.index("张") < words.index("长")


def test_local_place_beats_the_general_homophone():
    words = texts("chengjiang")
    assert words.index("程江") < words.index("澄江")


def test_catalogue_words_are_boosted_from_the_content_files():
    # 公积金 is in the catalogue's department names; 缴存 comes only from the matters/themes
    assert texts("jiaocun")[0] == "缴存"


def test_initials_find_place_and_name():
    assert texts("mx")[0] == "梅县"
    assert "王芳" in texts("wf")[:5]
    assert "张三" in texts("zs")


def test_mixed_full_and_initial_gives_names_starting_with_the_full_syllable():
    firsts = [w for w in texts("zhangs")[:8] if len(w) == 2]
    assert any(w.startswith("张") for w in firsts)


def test_long_input_gets_a_whole_sentence_guess_first():
    first = ENGINE.candidates("wodemingzi").candidates[0]
    assert first.text == "我的名字" and first.kind == "sentence"


def test_prefix_candidates_report_how_many_syllables_they_consume():
    result = ENGINE.candidates("zhangsanfeng")
    by_text = {c.text: c.syllables for c in result.candidates}
    assert by_text["张"] == 1 and by_text["张三"] == 2 and by_text["张三丰"] == 3


def test_whole_input_candidates_come_before_partial_ones():
    cands = ENGINE.candidates("gongjijin").candidates
    covering = [c.syllables == 3 for c in cands]
    assert covering[0] and covering == sorted(covering, reverse=True)


def test_single_characters_are_offered_too():
    assert "梅" in texts("mei")[:40]
