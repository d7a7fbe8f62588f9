"""Reading a screen aloud: order and pauses, numbers said naturally, ID numbers never in full."""
from __future__ import annotations

import pytest

from kiosk.speech import read_screen, screen_items, speakable
from kiosk.speech.reading import cardinal_zh


def test_queue_number_is_read_letter_then_digit_by_digit():
    assert speakable("您的排队号 A012") == "您的排队号 A 零 一 二"
    assert speakable("Your queue number A012", "en") == "Your queue number A, 0 1 2"


@pytest.mark.parametrize("n, said", [(0, "零"), (5, "五"), (10, "十"), (12, "十二"), (20, "二十"),
                                     (105, "一百零五"), (110, "一百一十"), (1001, "一千零一"),
                                     (10010, "一万零一十"), (20300, "二万零三百")])
def test_counts_are_said_as_mandarin_numbers(n, said):
    assert cardinal_zh(n) == said


def test_numbers_dates_and_times_in_a_sentence():
    assert speakable("共12个事项，3个部门") == "共十二个事项，三个部门"
    assert speakable("请到5号窗口") == "请到五号窗口"
    assert speakable("预约 2024年5月3日 09:30") == "预约 二零二四年五月三日 九点三十分"
    assert speakable("2024-05-03 14:00") == "二零二四年五月三日 十四点整"
    assert speakable("费用 12.5元，完成 50%") == "费用 十二点五元，完成 百分之五十"
    assert speakable("受理编号 20240503001") .startswith("受理编号 号码尾号")  # 11+ digits: masked
    assert speakable("验证码 0365") == "验证码 零 三 六 五"
    assert speakable("2024-05-03", "en") == "3 May 2024"


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("number", ["44142119800101123X", "441421198001011234", "441421800101123"])
def test_id_numbers_are_never_read_in_full(number, lang):
    said = speakable(f"身份证 {number} 已读取", lang)
    assert number not in said and number[:6] not in said.replace(" ", "")
    assert ("尾号" in said) if lang == "zh_CN" else ("ending" in said)
    tail = number[-4:]
    assert said.replace(" ", "").endswith(("".join("零一二三四五六七八九"[int(c)] if c.isdigit() else c
                                                  for c in tail) + "已读取") if lang == "zh_CN" else
                                         tail + "已读取")


def test_phone_and_already_masked_numbers_only_say_the_last_four():
    assert speakable("手机 13800138000") == "手机 号码尾号 八 零 零 零"
    assert speakable("证件 4414**********1234") == "证件 号码尾号 一 二 三 四"


def test_screen_is_read_title_alert_body_then_buttons_with_pauses():
    items = [("button", "个人办事"), ("body", "请选择您要办理的事情"), ("title", "首页"),
             ("alert", "网络暂时中断"), ("button", "企业办事"), ("body", "")]
    u = read_screen(items)
    assert [t for t, _ in u.parts] == ["首页", "网络暂时中断", "请选择您要办理的事情", "您可以选择：",
                                       "个人办事", "企业办事"]
    pauses = [p for _, p in u.parts]
    assert pauses[0] > pauses[2] > pauses[4] > 0 and pauses[-1] == 0


def test_screen_helper_strips_markup_and_reads_english():
    u = read_screen(screen_items("[b]Home[/b]", ["Your number is [color=ff0000]A012[/color]"], ["Print"]), "en")
    assert u.text == "Home / Your number is A, 0 1 2 / You can choose: / Print"
    assert u.lang == "en"


def test_an_empty_screen_is_an_error_not_silence():
    with pytest.raises(ValueError):
        read_screen([("title", "  "), ("body", "")])
