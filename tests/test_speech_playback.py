"""Playback through real player processes: volume on the samples, stop is quick, repeat, no text in logs."""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import pytest

from kiosk.speech import EspeakEngine, Narrator, SpeechSettings, parse_wav

# A stand-in for aplay that plays at real-time speed into a file: a real process, fed through a real
# pipe, so stop and repeat are exercised as on the kiosk, without a sound card.
SLOW_PLAYER = r"""
import struct, sys, time
src, out = sys.stdin.buffer, open(sys.argv[1], "wb")
head = src.read(44); out.write(head); out.flush()
per_second = struct.unpack("<I", head[28:32])[0]
while True:
    chunk = src.read(per_second // 20)
    if not chunk:
        break
    out.write(chunk); out.flush(); time.sleep(0.05)
"""
FAST_PLAYER = "import sys; open(sys.argv[1], 'wb').write(sys.stdin.buffer.read())"


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


def player(tmp_path: Path, source: str, out: Path):
    script = tmp_path / "player.py"
    script.write_text(source)
    return lambda route: [sys.executable, str(script), str(out)]


def wait_until_playing(out: Path) -> None:
    deadline = time.monotonic() + 10
    while not (out.exists() and out.stat().st_size > 10_000) and time.monotonic() < deadline:
        time.sleep(0.02)


def test_volume_fifty_halves_the_amplitude(engine):
    audio = engine.synthesize("音量", "zh_CN")
    half = audio.scaled(50)
    assert abs(half.peak() - audio.peak() / 2) <= 1
    assert half.rms() == pytest.approx(audio.rms() / 2, rel=0.01)
    assert audio.scaled(0).peak() == 0 and audio.scaled(100) == audio


def test_stop_interrupts_a_long_utterance_quickly(engine, tmp_path):
    out = tmp_path / "played.wav"
    narrator = Narrator(engine, player_command=player(tmp_path, SLOW_PLAYER, out))
    narrator.speak("请将身份证放在读卡区。" * 30)
    wait_until_playing(out)
    assert narrator.speaking, "the player never started"
    narrator.stop()
    assert not narrator.speaking
    assert narrator._proc.poll() is not None        # the player process is gone, not orphaned
    full = narrator._last[1].duration
    assert full > 30 and parse_wav(out.read_bytes()).duration < full / 3


def test_repeat_says_the_last_utterance_again_at_the_new_volume(engine, tmp_path):
    out = tmp_path / "played.wav"
    narrator = Narrator(engine, player_command=player(tmp_path, FAST_PLAYER, out))
    assert narrator.repeat() is False                   # nothing said yet
    narrator.set_volume(100)
    narrator.speak("您的排队号 A012")
    assert narrator.wait(10)
    first = parse_wav(out.read_bytes())
    narrator.set_volume(50)
    assert narrator.repeat() is True
    assert narrator.wait(10)
    again = parse_wav(out.read_bytes())
    assert len(again.frames) == len(first.frames)
    assert abs(again.peak() - first.peak() / 2) <= 1
    assert narrator.last_error is None


def test_new_speech_stops_what_was_being_said(engine, tmp_path):
    out = tmp_path / "played.wav"
    narrator = Narrator(engine, player_command=player(tmp_path, SLOW_PLAYER, out))
    narrator.speak("正在读取身份证。" * 30)
    wait_until_playing(out)
    old = narrator._proc
    narrator.speak("停止")
    assert old is not None and old.poll() is not None
    assert narrator.wait(10)


def test_aplay_accepts_our_wav_on_stdin_on_the_null_device(engine):
    # The real ALSA player and argument list; `null` discards the samples, so no card is needed.
    narrator = Narrator(engine, SpeechSettings(speaker_device="null"))
    narrator.speak("重复")
    assert narrator.wait(10)
    assert narrator.last_error is None


def test_a_failing_player_is_reported_not_raised_in_the_thread(engine):
    narrator = Narrator(engine, player_command=lambda route: [sys.executable, "-c", "import sys; sys.exit(3)"])
    narrator.speak("打印")
    assert narrator.wait(10)
    assert "exit 3" in narrator.last_error


def test_logs_never_hold_what_was_said(engine, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    narrator = Narrator(engine, player_command=player(tmp_path, FAST_PLAYER, tmp_path / "o.wav"))
    narrator.speak("申请人张三 身份证 44142119800101123X")
    assert narrator.wait(10)
    assert caplog.records, "the narrator should log that it spoke"
    assert "张三" not in caplog.text and "4414" not in caplog.text and "123X" not in caplog.text
