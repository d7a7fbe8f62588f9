"""Recognition of real strokes of kiosk characters, as written, distorted, stroke by stroke, and garbage."""
from __future__ import annotations

import random

import pytest

from kiosk.handwriting import Candidate, Recognizer, default_recognizer
from kiosk.handwriting import strokes as g
from kiosk.handwriting.synth import distort, variants

#: Written in the PRC school stroke order these miss the model's top 5: its training data (Tegaki,
#: 2009) orders them differently (女: 一 first; 退 道: 辶 first). bench/handwriting.py counts them.
KNOWN_ORDER_MISMATCH = set("医区女退道迁")
#: The words a citizen writes most at this kiosk; each must be top 1 when written cleanly.
CORE = "王李梅县户口证明身份号码姓名住房社保结婚办理申请登记政府中心电话年月日男黄林江程镇村街公积金"


def chars_of(result: list[Candidate]) -> list[str]:
    return [c.char for c in result]


def test_fixture_holds_the_kiosk_characters(medians):
    assert len(medians) >= 80
    assert set(CORE) <= set(medians)


def test_core_kiosk_characters_are_first_candidate(recognizer, medians):
    wrong = {ch: chars_of(recognizer.recognize(medians[ch], top=5)) for ch in CORE}
    wrong = {ch: got for ch, got in wrong.items() if got[0] != ch}
    assert not wrong


def test_every_fixture_character_is_in_top_five_bar_known_order_mismatches(recognizer, medians):
    top1 = 0
    missed = []
    for ch, strokes in medians.items():
        got = chars_of(recognizer.recognize(strokes, top=5))
        top1 += got[:1] == [ch]
        if ch not in got:
            missed.append(ch)
    assert set(missed) <= KNOWN_ORDER_MISMATCH, f"new misses: {set(missed) - KNOWN_ORDER_MISMATCH}"
    assert top1 >= 0.75 * len(medians)


def test_swapped_neighbour_strokes_still_offer_the_character(recognizer, medians):
    # 生 in school order: the model, trained on another order, ranks it only after a swap.
    assert "生" in chars_of(recognizer.recognize(medians["生"], top=5))
    as_written_only = Recognizer(model=recognizer.model, swap_strokes=False)
    assert "生" not in chars_of(as_written_only.recognize(medians["生"], top=5))


@pytest.mark.parametrize("scale, shift", [(0.15, (0, 0)), (0.5, (700, 40)), (2.0, (-900, 3000))])
def test_size_and_place_on_the_pad_do_not_change_the_answer(recognizer, medians, scale, shift):
    rng = random.Random(1)
    for ch in CORE[:12]:
        moved = distort(medians[ch], rng, scale=scale, shift=shift)
        assert chars_of(recognizer.recognize(moved, top=1)) == [ch]


def test_shaky_distorted_writing_is_mostly_still_recognised(recognizer, medians):
    total = top1 = top5 = 0
    for ch, strokes in medians.items():
        if ch in KNOWN_ORDER_MISMATCH:
            continue
        (_, shaky), = variants(strokes, seed=ord(ch), count=1)
        got = chars_of(recognizer.recognize(shaky, top=5))
        total += 1
        top1 += got[:1] == [ch]
        top5 += ch in got
    assert top1 >= 0.75 * total
    assert top5 >= 0.93 * total


def test_candidates_appear_after_each_stroke_and_end_on_the_character(recognizer, medians):
    session = recognizer.session(box=(600, 600))
    seen = []
    for stroke in medians["梅"]:
        seen.append(session.add_stroke(stroke))
    assert all(seen)
    assert chars_of(seen[-1])[0] == "梅"
    assert seen[-1] == recognizer.recognize(medians["梅"], box=(600, 600))
    assert session.undo() == seen[-2]
    session.clear()
    assert session.strokes == [] and session.candidates == []
    assert session.undo() == []


def test_bad_stroke_in_a_session_is_refused_and_not_kept(recognizer, medians):
    session = recognizer.session()
    session.add_stroke(medians["口"][0])
    with pytest.raises(ValueError):
        session.add_stroke([(1, 2), (float("nan"), 3)])
    assert len(session.strokes) == 1


@pytest.mark.parametrize("strokes", [
    [], [[]], [[(10, 10)]], [[(10, 10), (10, 10), (10, 10)]], [[(5, 5)], [(5, 5)]],
])
def test_nothing_drawn_gives_no_candidates(recognizer, strokes):
    assert recognizer.recognize(strokes) == []


def test_more_strokes_than_any_hanzi_gives_no_candidates(recognizer):
    scribble = [[(i * 7 % 300, 0), (i * 7 % 300, 300)] for i in range(g.MAX_STROKES + 1)]
    assert recognizer.recognize(scribble) == []


def test_random_scribbles_never_crash(recognizer):
    rng = random.Random(7)
    for _ in range(12):
        strokes = [[(rng.uniform(-1e6, 1e6), rng.uniform(-1e6, 1e6)) for _ in range(rng.randint(1, 30))]
                   for _ in range(rng.randint(1, 15))]
        result = recognizer.recognize(strokes, top=5)
        assert len(result) <= 5
        assert all(isinstance(c, Candidate) and len(c.char) == 1 for c in result)


def test_malformed_input_is_a_clear_value_error(recognizer):
    with pytest.raises(ValueError, match="stroke 1"):
        recognizer.recognize([[(0, 0), (9, 9)], [(0, 0), ("a", "b")]])


def test_top_limits_and_orders_the_candidates(recognizer, medians):
    assert recognizer.recognize(medians["王"], top=0) == []
    three = recognizer.recognize(medians["王"], top=3)
    assert len(three) == 3
    assert three[1].score >= three[2].score


def test_default_recognizer_is_opened_once():
    assert default_recognizer() is default_recognizer()
