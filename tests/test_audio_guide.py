"""The audio guide's lists and words (kiosk.audio_guide), over the real catalogue, without a screen."""
from __future__ import annotations

import pytest

from content import load_catalogue
from content.merge import notice
from kiosk import i18n
from kiosk.audio_guide import AudioGuide


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def guide(catalogue):
    i18n.set_language("zh_CN")
    g = AudioGuide(catalogue, lambda tid: notice(catalogue, catalogue.theme(tid), {}))
    g.start()
    return g


def test_lists_do_not_wrap_round_and_say_so_at_either_end(guide):
    assert guide.previous().text.startswith("已是第一项。")
    assert guide.index == 0
    for _ in range(len(guide.items) - 1):
        guide.next()
    said = guide.next().text
    assert said.startswith("已是最后一项。") and guide.current.kind == "exit"


def test_themes_of_a_category_come_by_number_with_their_position(guide, catalogue):
    said = guide.choose().text
    personal = sorted((t for t in catalogue.enabled_themes() if t.category == "personal"), key=lambda t: t.no)
    assert [i.key for i in guide.items] == [t.id for t in personal]
    assert said.endswith(f"：{personal[0].name}") and "第一项" in said


def test_after_the_notice_one_choose_prints_and_back_climbs_to_where_the_citizen_was(guide):
    guide.choose()
    while guide.current.key != "birth":
        guide.next()
    position = guide.index
    said = guide.choose()
    assert "请带齐以下五项材料" in said.text and said.action is None
    assert guide.current.kind == "print"
    assert guide.choose().action == "print"
    assert guide.previous().text.startswith("收费")       # section by section, backwards
    assert guide.back().text.startswith("返回事项列表") and guide.index == position
    assert guide.back().text.startswith("返回分类") and guide.current.key == "personal"
    assert guide.back().action == "exit"


def test_a_failed_print_sends_the_citizen_to_staff(guide):
    assert "工作人员" in guide.printed(False).text
    assert "已打印" in guide.printed(True).text


def test_numbers_are_said_as_words_in_mandarin(guide):
    guide.choose()
    while guide.current.key != "birth":
        guide.next()
    text = guide.choose().text
    assert "十二个工作日" in text and "12" not in text


def test_a_guide_offering_hakka_starts_with_the_voice_entry_and_switches_the_sessions_voice(catalogue, small_table):
    from kiosk.speech import VoiceChoice

    small_table("已改用客家话")
    voice = VoiceChoice(("cmn", "hak"))
    g = AudioGuide(catalogue, lambda tid: notice(catalogue, catalogue.theme(tid), {}), "zh_CN", voice)
    start = g.start()
    assert g.current.kind == "voice" and g.current.label == "客家话" and set(start.utterance.voices) == {"cmn"}
    said = g.choose()
    assert voice.current == "hak" and g.current.kind == "voice" and g.current.label == "普通话"
    assert said.utterance.parts[0][0] == "已改用客家话。" and said.utterance.voices == ("hak", "cmn")
    assert g.choose().utterance.voices[0] == "cmn" and voice.current == "cmn"     # and back


def test_a_theme_notice_in_hakka_says_each_part_the_table_covers_in_hakka_and_the_rest_in_mandarin(catalogue):
    from kiosk.speech import VoiceChoice
    from kiosk.speech.calls import hakka_missing

    voice = VoiceChoice(("cmn", "hak"))
    voice.choose("hak")
    g = AudioGuide(catalogue, lambda tid: notice(catalogue, catalogue.theme(tid), {}), "zh_CN", voice)
    g.start()
    g.next()                                  # past the voice entry, to 个人办事
    g.choose()
    while g.current.key != "birth":
        g.next()
    u = g.choose().utterance
    assert "请带齐以下五项材料" in u.text.replace(" / ", "")        # nothing dropped
    assert u.voices == tuple("cmn" if hakka_missing(t) else "hak" for t, _ in u.parts)


def test_an_english_guide_offers_no_voice_entry(catalogue):
    from kiosk.speech import VoiceChoice

    i18n.set_language("en")
    try:
        g = AudioGuide(catalogue, lambda tid: notice(catalogue, catalogue.theme(tid), {}), "en", VoiceChoice(("cmn", "hak")))
        g.start()
        assert [i.kind for i in g.items] == ["category", "category", "exit"]
        assert set(g.repeat().utterance.voices) == {"en"}
    finally:
        i18n.set_language("zh_CN")
