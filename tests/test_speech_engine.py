"""espeak-ng really speaks: WAV of plausible length, Mandarin non-silent, missing engine fails loudly."""
from __future__ import annotations

import argparse
import wave

import pytest

from kiosk.commands import speech as speech_cmd
from kiosk.speech import (EspeakEngine, SpeechSettings, SpeechUnavailable, open_narrator, parse_wav,
                          read_screen, screen_items)

HOME = screen_items("梅县区“一件事”自助服务", ["请选择您要办理的事情 · 一次告知、一表申请、一套材料"],
                    ["个人办事", "企业办事"])
LONG = screen_items("检查您填写的信息", [f"第{n}项：申请人 张三，办理事项 新生儿出生一件事，共12个事项，3个部门。"
                                          for n in range(1, 5)],
                    ["修改", "提交", "返回"])


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine()


def render(engine, items, lang="zh_CN"):
    from kiosk.speech import Narrator
    return Narrator(engine, player_command=lambda route: ["true"]).render(read_screen(items, lang))


def test_screen_text_gives_wav_of_plausible_length_growing_with_text(engine):
    short, long = render(engine, HOME), render(engine, LONG)
    # 38 hanzi and 5 pauses at about 2.3 syllables a second: 15-25 s; much more means a runaway engine.
    assert 10 < short.duration < 30
    assert long.duration > 2 * short.duration
    assert short.rate == 22050 and short.channels == 1


def test_mandarin_text_is_not_silence(engine):
    audio = engine.synthesize("请将身份证放在读卡区", "zh_CN")
    assert audio.duration > 1
    assert audio.rms() > 100


def test_english_voice_speaks_too(engine):
    audio = engine.synthesize("Place your ID card on the card reader", "en")
    assert audio.duration > 1 and audio.rms() > 100


def test_slower_rate_gives_longer_audio_for_elderly_listeners():
    slow = EspeakEngine(rate_zh=120).synthesize("您的排队号 A 零 一 二", "zh_CN")
    fast = EspeakEngine(rate_zh=260).synthesize("您的排队号 A 零 一 二", "zh_CN")
    assert slow.duration > 1.4 * fast.duration


def test_missing_engine_names_the_debian_package():
    with pytest.raises(SpeechUnavailable) as err:
        EspeakEngine("/nonexistent/bin/espeak-ng")
    assert "apt-get install espeak-ng" in str(err.value)


def test_misconfigured_engine_path_fails_at_start_not_mid_journey():
    with pytest.raises(SpeechUnavailable, match="Debian package espeak-ng"):
        open_narrator(SpeechSettings.from_config(environ={"KIOSK_SPEECH_ENGINE": "/opt/none/espeak"}))


def test_unknown_language_is_refused(engine):
    with pytest.raises(ValueError, match="no voice"):
        engine.synthesize("bonjour", "fr")


def test_streamed_wav_with_placeholder_sizes_is_read():
    data = bytearray(EspeakEngine().synthesize("你好", "zh_CN").to_wav())
    data[4:8] = data[40:44] = b"\x24\xf0\xff\x7f"      # what `espeak-ng --stdout` writes
    assert parse_wav(bytes(data)).duration > 0.3


def speak_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    speech_cmd.register(parser.add_subparsers(dest="group", required=True))
    args = parser.parse_args(["speak", *argv])
    return args.func(args)


def test_speak_command_writes_a_wav_file(tmp_path, capsys):
    out = tmp_path / "queue.wav"
    assert speak_cli("您的排队号 A012，请到5号窗口", "--out", str(out)) == 0
    with wave.open(str(out)) as w:
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
        assert w.getnframes() / w.getframerate() > 2
    assert "queue.wav" in capsys.readouterr().out


def test_speak_command_reports_a_missing_engine(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("KIOSK_SPEECH_ENGINE", str(tmp_path / "espeak-ng"))
    assert speak_cli("hello", "--lang", "en", "--out", str(tmp_path / "x.wav")) == 1
    assert "espeak-ng" in capsys.readouterr().err
