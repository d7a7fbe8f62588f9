"""Speaker or headset: the player's device arguments, muting the speaker, reading the headset jack."""
from __future__ import annotations

import subprocess

import pytest

from kiosk.speech import EspeakEngine, Jack, Narrator, SpeechSettings, detect_headset, resolve_route
from kiosk.speech.routing import parse_jack_controls

AMIXER_PLUGGED = """\
numid=17,iface=CARD,name='Front Headphone Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values=on
numid=16,iface=CARD,name='Mic Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values=off
numid=2,iface=MIXER,name='Headphone Playback Switch'
  ; type=BOOLEAN,access=rw------,values=2
  : values=on,on
"""
AMIXER_NO_JACK = """\
numid=2,iface=MIXER,name='Master Playback Volume'
  ; type=INTEGER,access=rw---R--,values=1,min=0,max=87,step=0
  : values=60
"""


def narrator(settings: SpeechSettings, jack: Jack = Jack.UNKNOWN, mixer_log: list | None = None) -> Narrator:
    return Narrator(EspeakEngine(), settings, player_command=lambda route: route.player_command(),
                    jack_detector=lambda s: jack, mixer=(mixer_log.append if mixer_log is not None else None))


def test_headset_mode_plays_on_the_headset_alsa_device():
    n = narrator(SpeechSettings(speaker_device="plughw:0,0", headset_device="plughw:1,0"))
    route = n.set_output("headset")
    assert route.kind == "headset"
    assert route.player_command() == ["aplay", "-q", "-t", "wav", "-D", "plughw:1,0", "-"]
    assert n.set_output("speaker").player_command() == ["aplay", "-q", "-t", "wav", "-D", "plughw:0,0", "-"]


def test_headset_mode_on_pulseaudio_names_the_sink_and_mutes_the_speaker_sink():
    log: list = []
    n = narrator(SpeechSettings(backend="pulse", speaker_device="alsa_output.pci.analog-stereo",
                                headset_device="alsa_output.usb-headset"), mixer_log=log)
    route = n.set_output("headset")
    assert route.player_command() == ["paplay", "--client-name=kiosk-speech", "--device=alsa_output.usb-headset"]
    assert log == [["pactl", "set-sink-mute", "alsa_output.pci.analog-stereo", "1"]]
    n.set_output("speaker")
    assert log[-1] == ["pactl", "set-sink-mute", "alsa_output.pci.analog-stereo", "0"]


def test_headset_on_the_same_codec_mutes_the_speaker_control_and_restores_it():
    log: list = []
    n = narrator(SpeechSettings(speaker_device="default", speaker_control="Speaker", alsa_card="1"), mixer_log=log)
    assert n.set_output("headset").device == "default"
    assert log == [["amixer", "-q", "-c", "1", "sset", "Speaker", "mute"]]
    n.set_output("headset")                              # no second switch when nothing changed
    n.set_output("speaker")
    assert log == [["amixer", "-q", "-c", "1", "sset", "Speaker", "mute"],
                   ["amixer", "-q", "-c", "1", "sset", "Speaker", "unmute"]]


def test_headset_mode_refuses_when_the_speaker_could_not_be_silenced():
    with pytest.raises(ValueError, match="headset_device"):
        resolve_route(SpeechSettings(), "headset")


def test_auto_follows_the_jack_and_falls_back_to_the_speaker():
    settings = SpeechSettings(headset_device="plughw:1,0")
    assert resolve_route(settings, "auto", Jack.PLUGGED).kind == "headset"
    assert resolve_route(settings, "auto", Jack.UNPLUGGED).kind == "speaker"
    assert resolve_route(settings, "auto", Jack.UNKNOWN).kind == "speaker"
    assert narrator(settings, Jack.PLUGGED).route().device == "plughw:1,0"


def test_jack_controls_are_read_from_amixer_contents():
    assert parse_jack_controls(AMIXER_PLUGGED) is Jack.PLUGGED
    assert parse_jack_controls(AMIXER_PLUGGED.replace(": values=on\nnumid=16", ": values=off\nnumid=16")) \
        is Jack.UNPLUGGED
    assert parse_jack_controls(AMIXER_NO_JACK) is Jack.UNKNOWN
    assert parse_jack_controls(AMIXER_PLUGGED, name="Mic Jack") is Jack.UNPLUGGED


def test_no_sound_card_means_unknown_and_amixer_is_not_asked(tmp_path):
    calls = []
    assert detect_headset(SpeechSettings(), run=lambda *a, **k: calls.append(a), proc_root=tmp_path) \
        is Jack.UNKNOWN
    (tmp_path / "cards").write_text("--- no soundcards ---\n")
    assert detect_headset(SpeechSettings(), run=lambda *a, **k: calls.append(a), proc_root=tmp_path) \
        is Jack.UNKNOWN
    assert calls == []


def test_a_card_with_a_plugged_jack_is_detected(tmp_path):
    (tmp_path / "cards").write_text(" 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n")
    seen = []

    def amixer(cmd, **kwargs):
        seen.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, AMIXER_PLUGGED, "")

    assert detect_headset(SpeechSettings(alsa_card="0"), run=amixer, proc_root=tmp_path) is Jack.PLUGGED
    assert seen == [["amixer", "-c", "0", "contents"]]


def test_settings_come_from_the_environment_and_are_checked():
    s = SpeechSettings.from_config(environ={"KIOSK_SPEECH_OUTPUT": "headset", "KIOSK_SPEECH_VOLUME": "35",
                                            "KIOSK_SPEECH_HEADSET_DEVICE": "plughw:1,0"})
    assert (s.output, s.volume, s.headset_device) == ("headset", 35, "plughw:1,0")
    with pytest.raises(ValueError, match="volume"):
        SpeechSettings.from_config(environ={"KIOSK_SPEECH_VOLUME": "150"})
    with pytest.raises(ValueError, match="output"):
        SpeechSettings.from_config(environ={"KIOSK_SPEECH_OUTPUT": "loud"})


def test_an_unknown_toggle_value_is_refused():
    with pytest.raises(ValueError):
        narrator(SpeechSettings()).set_output("bluetooth")
