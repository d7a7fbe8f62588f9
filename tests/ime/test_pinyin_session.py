"""The keyboard's session: keys, paging, committing part of the input, learning and forgetting."""
from __future__ import annotations


import pytest

from kiosk.ime import Engine, PinyinSession

ENGINE = Engine()


def typed(text: str, page_size: int = 8) -> PinyinSession:
    s = PinyinSession(ENGINE, page_size=page_size)
    for key in text:
        assert s.type(key)
    return s


def test_typing_and_choosing_commits_the_word_and_clears_the_input():
    s = typed("meixian")
    assert s.composition == "mei'xian"
    assert s.choose(0) == "梅县"
    assert s.raw == "" and s.candidates() == []


def test_choosing_a_prefix_word_keeps_the_rest_to_type_on():
    s = typed("zhangsanfeng")
    index = [c.text for c in s.candidates()].index("张三")
    assert s.choose(index) == "张三"
    assert s.composition == "feng"
    assert "丰" in [c.text for c in s.candidates()]


def test_backspace_removes_the_last_key_and_reports_when_empty():
    s = typed("ab")
    assert s.backspace() and s.raw == "a"
    assert s.backspace() and not s.backspace()


def test_pages_do_not_overlap_and_end():
    s = typed("shi", page_size=5)
    first, second = s.candidates(0), s.candidates(1)
    assert len(first) == 5 and len(second) == 5
    assert not {c.text for c in first} & {c.text for c in second}
    assert s.candidates(s.page_count) == [] and s.candidates(-1) == []


def test_choose_on_a_later_page():
    s = typed("shi", page_size=5)
    wanted = s.candidates(1)[2].text
    assert s.choose(2, page=1) == wanted


def test_a_pick_is_boosted_for_the_rest_of_the_session():
    s = typed("zhang")
    index = [c.text for c in s.candidates(0)].index("章")
    s.choose(index)
    for key in "zhang":
        s.type(key)
    assert s.candidates()[0].text == "章"


def pick(s: PinyinSession, text: str) -> str:
    """Choose `text` wherever it is, paging like a user would."""
    for page in range(s.page_count):
        words = [c.text for c in s.candidates(page)]
        if text in words:
            return s.choose(words.index(text), page)
    raise AssertionError(f"{text} not offered")


def test_words_picked_in_parts_come_back_whole():
    s = typed("lixiaohua")
    assert s.candidates()[0].text != "黎晓华"
    assert [pick(s, "黎"), pick(s, "晓"), pick(s, "华")] == ["黎", "晓", "华"]
    for key in "lixiaohua":
        s.type(key)
    assert s.candidates()[0].text == "黎晓华"


def test_reset_forgets_input_and_everything_learned():
    s = typed("zhang")
    s.choose([c.text for c in s.candidates(0)].index("章"))
    s.type("z")
    s.reset()
    assert s.raw == "" and s.learned == []
    for key in "zhang":
        s.type(key)
    assert s.candidates()[0].text == "张"


def test_learning_in_one_session_does_not_leak_into_another():
    a, b = typed("zhang"), typed("zhang")
    a.choose([c.text for c in a.candidates(0)].index("章"))
    assert b.candidates()[0].text == "张"


def test_refused_keys_return_false():
    s = PinyinSession(ENGINE)
    assert not s.type("1") and not s.type("，") and not s.type("ab") and not s.type("'")
    assert s.raw == ""


def test_input_is_capped_rather_than_slowing_down():
    s = PinyinSession(ENGINE)
    accepted = sum(s.type(k) for k in "zhang" * 20)
    assert accepted == 40
    assert isinstance(s.candidates(), list)


def test_choose_out_of_range_raises_index_error():
    s = typed("ma")
    with pytest.raises(IndexError):
        s.choose(99)


def test_each_key_offers_candidates_for_what_is_typed_so_far():
    # How fast each key answers is a benchmark (bench/ime.py, `make bench`), not a test on a busy machine.
    s = PinyinSession(ENGINE)
    for key in "wodemingzijiaozhangsanfeng":
        s.type(key)
        assert s.candidates(), f"no candidates after {key!r}"
