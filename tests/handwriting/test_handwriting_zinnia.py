"""The ctypes binding: model discovery, loud failures naming Debian packages, thread safety."""
from __future__ import annotations

import threading

import pytest

from kiosk.handwriting import zinnia
from kiosk.handwriting.zinnia import HandwritingUnavailable, ZinniaModel

#: 口 as taught: 丨 down the left, 𠃍 across and down, 一 along the bottom (model canvas coordinates).
KOU = [[(60, 60), (60, 240)], [(60, 60), (240, 60), (240, 240)], [(60, 240), (240, 240)]]


def test_debian_model_opens_and_knows_gb2312_level_one_and_two():
    with ZinniaModel() as model:
        assert model.path == zinnia.DEFAULT_MODEL
        assert model.size == 6763  # every GB2312 hanzi


def test_missing_model_names_the_debian_package(tmp_path):
    with pytest.raises(HandwritingUnavailable) as err:
        ZinniaModel(tmp_path / "nope.model")
    assert "nope.model" in str(err.value)
    assert "tegaki-zinnia-simplified-chinese" in str(err.value)


def test_model_path_from_environment_is_used_and_checked(monkeypatch, tmp_path):
    monkeypatch.setenv(zinnia.MODEL_ENV, str(tmp_path / "elsewhere.model"))
    with pytest.raises(HandwritingUnavailable, match="KIOSK_HANDWRITING_MODEL"):
        ZinniaModel()
    monkeypatch.setenv(zinnia.MODEL_ENV, str(zinnia.DEFAULT_MODEL))
    assert zinnia.model_path() == zinnia.DEFAULT_MODEL


def test_corrupt_model_is_refused_with_zinnias_reason(tmp_path):
    bad = tmp_path / "bad.model"
    bad.write_bytes(b"not a zinnia model at all" * 10)
    with pytest.raises(HandwritingUnavailable, match="cannot open model"):
        ZinniaModel(bad)


def test_missing_library_names_the_debian_package():
    with pytest.raises(HandwritingUnavailable, match="libzinnia0"):
        zinnia.load_library("libzinnia-missing.so.9")


def test_classify_after_close_raises_instead_of_crashing():
    model = ZinniaModel()
    model.close()
    with pytest.raises(HandwritingUnavailable, match="closed"):
        model.classify(KOU, 300, 300, 5)
    model.close()  # twice is harmless


def test_ruled_square_reads_as_a_box_with_scores_best_first():
    with ZinniaModel() as model:
        result = model.classify(KOU, 300, 300, 5)
    assert [c for c, _ in result[:2]] == ["囗", "口"]  # a perfect square is the enclosure 囗 first
    assert len(result) == 5
    scores = [s for _, s in result]
    assert scores == sorted(scores, reverse=True)


def test_one_model_shared_by_threads_gives_the_same_answers(recognizer, medians):
    chars = list(medians)[:12]
    expected = {ch: recognizer.recognize(medians[ch], top=5) for ch in chars}
    results, errors = {}, []

    def work(ch):
        try:
            for _ in range(3):
                results[ch] = recognizer.recognize(medians[ch], top=5)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(ch,)) for ch in chars]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    assert results == expected
