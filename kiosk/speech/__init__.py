"""Offline speech for the kiosk (espeak-ng): engine, output routing, screen reading; no Kivy here."""
from __future__ import annotations

from .engine import VOICES, EspeakEngine, SpeechEngine, SpeechUnavailable
from .narrator import Narrator
from .reading import Utterance, read_screen, screen_items, speakable
from .routing import Jack, Route, detect_headset, resolve_route
from .settings import SPEECH_DEFAULTS, SpeechSettings
from .wav import Audio, parse_wav

__all__ = ["VOICES", "Audio", "EspeakEngine", "Jack", "Narrator", "Route", "SPEECH_DEFAULTS",
           "SpeechEngine", "SpeechSettings", "SpeechUnavailable", "Utterance", "detect_headset",
           "open_narrator", "parse_wav", "read_screen", "resolve_route", "screen_items", "speakable"]


def open_narrator(settings: SpeechSettings | None = None) -> Narrator:
    """The kiosk's voice as configured; raises SpeechUnavailable naming the package that is missing."""
    settings = settings or SpeechSettings.from_config()
    engine = EspeakEngine(settings.engine, rate_zh=settings.rate_zh, rate_en=settings.rate_en,
                          pitch=settings.pitch)
    return Narrator(engine, settings)
