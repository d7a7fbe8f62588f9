"""Spoken queue calls with the real espeak-ng: what each voice is given, WAVs that are not silent in cmn, hak
and yue, calls queued so they never overlap, and settings refused at load with the setting named."""
from __future__ import annotations

import os
import subprocess
import threading

import pytest

from content import load_catalogue
from kiosk.announce import AnnounceError, Announcer, AnnounceSettings, chime, render_call
from kiosk.speech import EspeakEngine, parse_wav
from kiosk.speech.calls import CannotSay, call_text, hakka_missing, spoken_number, voice_text
from support import run_kiosk


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


def test_numbers_are_read_digit_by_digit_or_as_a_number_by_one_setting():
    assert spoken_number("A005") == "A 零零五"
    assert spoken_number("A005", "number") == "A 五"
    assert spoken_number("b112", "number") == "B 一百一十二"
    assert call_text("A005", "一件事综合受理专窗") == "请 A 零零五 号 到 一件事综合受理专窗 办理"
    with pytest.raises(ValueError):
        spoken_number("005A")


def test_hakka_voice_is_given_romanised_hakka_which_it_reads_without_falling_back_to_english():
    text = call_text("A005", "一件事专窗（就业和人才分厅）")
    hak = voice_text(text, "hak")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in hak), hak
    assert hak.startswith("tshiáng ê làng làng ńg hau tau")
    # espeak-ng's phoneme listing shows "(en)" wherever it gave up and switched to English (as it does for
    # every hanzi given to the hak voice): none may remain.
    phonemes = subprocess.run(["espeak-ng", "-v", "hak", "-x", "-q", "--stdin"], input=hak.encode(),
                              capture_output=True, check=True).stdout.decode()
    assert "(en)" not in phonemes and phonemes.count("'") >= 20, phonemes
    raw = subprocess.run(["espeak-ng", "-v", "hak", "-x", "-q", "--stdin"], input=text.encode(),
                         capture_output=True, check=True).stdout.decode()
    assert "(en)" in raw, "the hak voice reads hanzi now: the romanisation may no longer be needed"


def test_mandarin_call_is_said_in_mandarin_not_as_english_pinyin(engine):
    cmd = engine.command("cmn")
    phonemes = subprocess.run([cmd[0], "-v", cmd[2], "-x", "-q", "--stdin"],
                              input=call_text("A005", "一件事综合受理专窗").encode(),
                              capture_output=True, check=True).stdout.decode()
    assert "(en)" not in phonemes, phonemes


def test_every_window_of_the_catalogue_can_be_called_in_hakka():
    cat = load_catalogue()
    missing = {loc.window: hakka_missing(loc.window) for loc in cat.locations.values()}
    assert not any(missing.values()), missing
    AnnounceSettings(voices=("cmn", "hak", "yue")).check_windows(loc.window for loc in cat.locations.values())


def test_a_window_the_hakka_voice_cannot_say_is_refused_at_load_naming_the_characters():
    with pytest.raises(AnnounceError, match="蕉岭"):
        AnnounceSettings(voices=("hak",)).check_windows(["蕉岭窗口"])
    with pytest.raises(CannotSay, match="蕉"):
        voice_text("请到蕉岭办理", "hak")
    AnnounceSettings(voices=("cmn",)).check_windows(["蕉岭窗口"])      # Mandarin reads any hanzi


@pytest.mark.parametrize("values, named", [({"voices": "cmn,klingon"}, "klingon"), ({"voices": " "}, "empty"),
                                           ({"numbers": "roman"}, "numbers"), ({"repeats": "9"}, "repeats"),
                                           ({"repeats": "two"}, "repeats"), ({"chime": "loud"}, "chime")])
def test_bad_announce_settings_are_refused_naming_the_setting(values, named):
    with pytest.raises(AnnounceError, match=named):
        AnnounceSettings.from_values(values)


def _speech_level(path) -> tuple[float, float]:
    audio = parse_wav(path.read_bytes())
    return audio.duration, audio.rms()


def test_each_voice_gives_a_call_that_is_not_silent(engine, tmp_path):
    settings = AnnounceSettings(voices=("cmn",), repeats=1, chime=False)
    levels = {}
    for voice in ("cmn", "hak", "yue"):
        path = tmp_path / f"call-{voice}.wav"
        path.write_bytes(render_call(engine, settings, "A005", "一件事综合受理专窗", voices=(voice,)).to_wav())
        levels[voice] = _speech_level(path)
    for voice, (seconds, rms) in levels.items():
        # About 20 syllables at ~2.3 a second; rms of speech is in the thousands, silence is 0.
        assert 3 < seconds < 20 and rms > 500, (voice, seconds, rms)
    assert len({round(s, 1) for s, _ in levels.values()}) == 3, "three voices gave the same audio"


def test_announce_writes_the_call_in_the_voices_asked_for(tmp_path):
    env = {**os.environ, "KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_ANNOUNCE_REPEATS": "1"}
    env.pop("KIOSK_CONFIG", None)
    out = tmp_path / "call.wav"
    result = run_kiosk("announce", "A005", "--window", "A", "--voice", "cmn", "--voice", "hak", "--voice", "yue",
                       "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "voices cmn,hak,yue" in result.stdout and "一件事综合受理专窗" in result.stdout
    seconds, rms = _speech_level(out)
    assert 10 < seconds < 50 and rms > 500, (seconds, rms)


def test_the_window_is_found_by_its_ticket_letter_and_an_unknown_letter_is_named():
    from kiosk.commands.announce import window_name

    cat = load_catalogue()
    assert window_name(cat, "A005", None) == "一件事综合受理专窗"
    assert window_name(cat, "A005", "B") == "一件事专窗（就业和人才分厅）"
    with pytest.raises(ValueError, match="ticket letter 'Z'"):
        window_name(cat, "Z005", None)


def test_the_configured_voices_repeats_and_chime_make_up_the_announcement(engine):
    one = render_call(engine, AnnounceSettings(voices=("cmn",), repeats=1, chime=False), "A005", "一件事综合受理专窗")
    full = render_call(engine, AnnounceSettings(voices=("cmn", "hak"), repeats=2, chime=True), "A005",
                       "一件事综合受理专窗")
    bell = chime(one.rate)
    assert bell.rms() > 1000
    assert full.duration > 2 * (one.duration * 2) * 0.9 + bell.duration
    assert full.frames[:len(bell.frames)] == bell.frames        # the chime comes first


def test_two_calls_in_quick_succession_are_spoken_one_after_the_other(engine):
    """A real player process per call (it takes the WAV on stdin as aplay does); the announcer must never
    start the second while the first still plays."""
    playing, order, overlaps = [], [], []
    lock = threading.Lock()

    def player(wav: bytes) -> None:
        with lock:
            if playing:
                overlaps.append(len(playing))
            playing.append(1)
        audio = parse_wav(wav)
        # "Plays" for a tenth of its length: a real process reading the whole WAV from stdin.
        subprocess.run(["sh", "-c", f"cat >/dev/null; sleep {audio.duration / 10:.2f}"], input=wav, check=True)
        with lock:
            playing.pop()
            order.append(round(audio.duration, 2))

    said = []
    announcer = Announcer(engine, AnnounceSettings(voices=("cmn",), repeats=1), player,
                          done=lambda ticket, error: said.append((ticket, error)))
    announcer.announce("A005", "一件事综合受理专窗")
    announcer.announce("B006", "一件事专窗（就业和人才分厅）")
    assert announcer.wait_idle(timeout=120)
    announcer.close()
    assert said == [("A005", None), ("B006", None)]
    assert not overlaps
    assert len(order) == 2 and order[0] < order[1]      # B's window name is longer: it came second


def test_a_call_that_cannot_be_played_is_reported_and_the_next_is_still_said(engine):
    said, played = [], []

    def player(wav: bytes) -> None:
        if not played:
            played.append("failed")
            raise RuntimeError("aplay exit 1: no sound card")
        played.append("ok")

    announcer = Announcer(engine, AnnounceSettings(voices=("cmn",), repeats=1, chime=False), player,
                          done=lambda ticket, error: said.append((ticket, error)))
    announcer.announce("A005", "一件事综合受理专窗")
    announcer.announce("A006", "一件事综合受理专窗")
    assert announcer.wait_idle(timeout=120)
    assert said[0][0] == "A005" and "no sound card" in said[0][1] and said[1] == ("A006", None)
    assert played == ["failed", "ok"]
