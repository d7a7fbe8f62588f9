"""Recognition off the UI thread (StrokeSession.recognize_async): results arrive through `post`, and a
result for strokes that have since changed is dropped, with the real zinnia model."""
from __future__ import annotations

import random

from kiosk.handwriting.synth import densify, distort


def _written(medians, ch):
    return distort(densify(medians[ch], 16.0), random.Random(3), scale=0.5, jitter=5)


def test_background_recognition_delivers_through_post_only(recognizer, medians):
    session = recognizer.session(box=(1040, 460))
    posted, got = [], []
    for stroke in _written(medians, "王"):
        session.push(stroke)
    assert session.candidates == []                  # push alone never recognises
    session.recognize_async(posted.append, lambda found, ms: got.append((found, ms))).join(10)
    assert got == []                                 # nothing happens until the UI thread runs it
    [deliver] = posted
    deliver()
    [(found, ms)] = got
    assert found[0].char == "王" and session.candidates == found and 0 < ms < 5000


def test_a_result_for_strokes_that_changed_meanwhile_is_dropped(recognizer, medians):
    session = recognizer.session(box=(1040, 460))
    strokes = _written(medians, "王")
    posted, got = [], []
    for stroke in strokes[:3]:
        session.push(stroke)
    session.recognize_async(posted.append, lambda found, ms: got.append(found)).join(10)
    session.push(strokes[3])                         # the finger was faster than the recogniser
    posted.pop()()
    assert got == [] and session.candidates == []
    session.recognize_async(posted.append, lambda found, ms: got.append(found)).join(10)
    session.pop()                                    # 撤销 before the result came back
    posted.pop()()
    assert got == []
    session.clear()
    assert session.strokes == [] and session.generation > 0
