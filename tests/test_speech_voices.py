"""The spoken language apart from the screen's (普通话 / 客家话), with the real espeak-ng: Hakka where the Hakka
table can say a part, Mandarin part by part (sentence by sentence) otherwise, the choice kept for one session,
`[speech] voices` checked at load, and `kiosk speak --voice hak`.

"请到窗口办理" is covered by the packaged table; "龘" never will be (no screen or catalogue text has it). Tests of
the once-a-session notice point the table at a small copy written here, so they hold whatever the packaged
table covers (the `small_table` fixture, tests/conftest.py)."""
from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from content import load_catalogue
from kiosk.config import ConfigError, load_config
from kiosk.core import KioskCore
from kiosk.speech import EspeakEngine, SpeechSettings, VoiceChoice, parse_wav, read_screen, render, screen_items
from kiosk.speech.calls import hakka_missing, to_hakka
from kiosk.speech.choice import FALLBACK_NOTICE
from support import ROOT

COVERED = "请到窗口办理"
HANZI = range(0x3400, 0xA000)


class RecordingEngine(EspeakEngine):
    """The real espeak-ng; each request (voice, text given) is kept so a test can see which voice said what."""

    def __init__(self):
        super().__init__()
        self.asked: list[tuple[str, str]] = []

    def synthesize(self, text, lang):
        self.asked.append((lang, text))
        return super().synthesize(text, lang)


@pytest.fixture(scope="module")
def engine() -> RecordingEngine:
    return RecordingEngine()


def test_hakka_says_covered_parts_with_the_hak_voice_and_the_others_in_mandarin(engine):
    assert not hakka_missing(COVERED) and hakka_missing("龘")
    choice = VoiceChoice(("cmn", "hak"))
    choice.choose("hak")
    said = choice.prepare(read_screen(screen_items(COVERED, ["龘龘"], ["办理"])))
    engine.asked.clear()
    audio = render(engine, said)
    # The table covers every UI string (tests/test_hakka_readings.py): the notice and "您可以选择：" are Hakka.
    assert engine.asked == [("hak", to_hakka(FALLBACK_NOTICE)), ("hak", to_hakka(COVERED)), ("cmn", "龘龘"),
                            ("hak", to_hakka("您可以选择：")), ("hak", to_hakka("办理"))]
    assert not any(ord(ch) in HANZI for _, text in engine.asked if _ == "hak" for ch in text)
    assert audio.duration > 3 and audio.rms() > 300


def test_a_part_is_split_at_sentence_ends_and_never_said_in_two_voices_within_a_sentence():
    choice = VoiceChoice(("cmn", "hak"))
    choice.choose("hak")
    said = choice.prepare(read_screen([("body", f"{COVERED}。龘在哪里，{COVERED}；{COVERED}")]))
    assert list(zip(said.voices, (t for t, _ in said.parts))) == [("hak", FALLBACK_NOTICE),
        ("hak", f"{COVERED}。"), ("cmn", f"龘在哪里，{COVERED}；"), ("hak", COVERED)]
    assert [p for _, p in said.parts][-1] == 0 and all(p > 0 for _, p in said.parts[:-1])


def test_mandarin_and_english_screens_are_said_in_their_own_voice_whatever_was_chosen():
    choice = VoiceChoice(("cmn", "hak"))
    choice.choose("hak")
    assert choice.prepare(read_screen([("title", "Home")], "en")).voices == ("en",)
    choice.choose("cmn")
    assert choice.prepare(read_screen([("title", COVERED)])).voices == ("cmn",)
    assert not choice.choosable("en") and choice.choosable("zh_CN") and not VoiceChoice(("cmn",)).choosable("zh_CN")
    with pytest.raises(ValueError):
        VoiceChoice(("cmn",)).choose("hak")


def test_logs_count_the_parts_said_in_mandarin_and_never_hold_the_text(caplog):
    caplog.set_level(logging.DEBUG)
    choice = VoiceChoice(("cmn", "hak"))
    choice.choose("hak")
    choice.prepare(read_screen(screen_items(COVERED, ["申请人龘三 身份证 44142119800101123X"])))
    assert "1 of 2 part(s) said in Mandarin" in caplog.text
    assert "龘" not in caplog.text and "123X" not in caplog.text and COVERED not in caplog.text


def test_the_fallback_notice_is_said_once_a_session_in_hakka_when_the_table_covers_it(small_table):
    small_table(COVERED + FALLBACK_NOTICE)
    choice = VoiceChoice(("cmn", "hak"))
    choice.choose("hak")
    first = choice.prepare(read_screen([("title", COVERED), ("body", "龘")]))
    assert first.parts[0][0] == FALLBACK_NOTICE and first.voices[:2] == ("hak", "hak")
    again = choice.prepare(read_screen([("title", COVERED), ("body", "龘")]))
    assert FALLBACK_NOTICE not in again.text
    choice.reset()
    assert choice.current == "cmn"
    choice.choose("hak")
    assert choice.prepare(read_screen([("body", "龘")])).parts[0][0] == FALLBACK_NOTICE
    assert FALLBACK_NOTICE not in choice.prepare(read_screen([("body", COVERED)])).text   # nothing fell back


def test_the_fallback_notice_is_not_said_in_mandarin_when_the_table_lacks_it(small_table):
    small_table(COVERED)
    choice = VoiceChoice(("cmn", "hak"))
    choice.choose("hak")
    said = choice.prepare(read_screen([("title", COVERED), ("body", "龘")]))
    assert said.voices == ("hak", "cmn") and FALLBACK_NOTICE not in said.text


def test_the_choice_lasts_for_the_session_and_goes_back_to_the_first_voice_when_it_ends(tmp_path):
    (tmp_path / "kiosk.ini").write_text("[speech]\nvoices = cmn, hak\n", encoding="utf-8")
    core = KioskCore(load_config(path=tmp_path / "kiosk.ini", environ={"KIOSK_DATA_DIR": str(tmp_path / "k")}),
                     load_catalogue())
    try:
        assert core.voice.current == "cmn"
        core.voice.choose("hak")
        core.journey.begin("birth")
        assert core.voice.current == "hak"
        core.end()
        assert core.voice.current == "cmn"
    finally:
        core.stop()


@pytest.mark.parametrize("raw, problem", [("cmn,yue", "unknown voice yue"), ("hak", "must include cmn"),
                                          ("cmn,hak,cmn", "named twice")])
def test_speech_voices_is_checked_at_load_naming_the_setting(raw, problem, tmp_path):
    (tmp_path / "kiosk.ini").write_text(f"[speech]\nvoices = {raw}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_config(path=tmp_path / "kiosk.ini", environ={})
    assert "[speech] voices" in str(exc.value) and problem in str(exc.value)


def test_speech_voices_defaults_to_mandarin_alone_and_its_order_is_where_a_session_starts(tmp_path):
    (tmp_path / "kiosk.ini").write_text("", encoding="utf-8")
    assert load_config(path=tmp_path / "kiosk.ini", environ={}).get("speech", "voices") == ("cmn",)
    cfg = load_config(path=tmp_path / "kiosk.ini", environ={"KIOSK_SPEECH_VOICES": "hak，cmn"})
    assert SpeechSettings.from_config(cfg, environ={}).voices == ("hak", "cmn")
    assert VoiceChoice(cfg.get("speech", "voices")).current == "hak"


def test_kiosk_speak_voice_hak_writes_hakka_audio_and_names_what_it_said_in_mandarin(engine, tmp_path):
    out = tmp_path / "hak.wav"
    (tmp_path / "kiosk.ini").write_text("[speech]\nvolume = 100\n", encoding="utf-8")
    env = {**os.environ, "KIOSK_CONFIG": str(tmp_path / "kiosk.ini")}
    result = subprocess.run([sys.executable, "-m", "kiosk.cli", "speak", f"{COVERED}。龘", "--voice", "hak",
                             "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "voice hak+cmn" in result.stdout
    assert "龘" in result.stderr and "hakka.toml" in result.stderr
    wav = parse_wav(out.read_bytes())
    hakka = engine.synthesize(to_hakka(f"{COVERED}。"), "hak")
    assert wav.frames.startswith(hakka.frames)          # the covered sentence, said by the hak voice
    assert wav.duration > hakka.duration + 0.3 and wav.rms() > 300
