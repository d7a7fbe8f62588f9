"""Offline speech for the kiosk (espeak-ng): engine, output routing, screen reading; no Kivy here."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: name -> submodule. Imported on first use (PEP 562): kiosk.config reads the speech defaults before the
#: first frame, and the engine, narrator and audio code are not needed until something speaks.
_WHERE = {"VOICES": "engine", "EspeakEngine": "engine", "SpeechEngine": "engine", "SpeechUnavailable": "engine",
          "Narrator": "narrator", "render": "narrator", "VoiceChoice": "choice", "in_voice": "voicing",
          "Utterance": "reading", "read_screen": "reading", "screen_items": "reading",
          "speakable": "reading", "Jack": "routing", "Route": "routing", "detect_headset": "routing",
          "resolve_route": "routing", "SPEECH_DEFAULTS": "settings", "SpeechSettings": "settings",
          "Audio": "wav", "parse_wav": "wav"}

if TYPE_CHECKING:
    from .engine import VOICES, EspeakEngine, SpeechEngine, SpeechUnavailable  # noqa: F401
    from .narrator import Narrator
    from .settings import SpeechSettings


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value


__all__ = ["VOICES", "Audio", "EspeakEngine", "Jack", "Narrator", "Route", "SPEECH_DEFAULTS",
           "SpeechEngine", "SpeechSettings", "SpeechUnavailable", "Utterance", "VoiceChoice", "detect_headset", "in_voice",
           "open_narrator", "parse_wav", "read_screen", "render", "resolve_route", "screen_items", "speakable"]


def open_narrator(settings: "SpeechSettings | None" = None) -> "Narrator":
    """The kiosk's voice as configured; raises SpeechUnavailable naming the package that is missing."""
    from .engine import EspeakEngine
    from .narrator import Narrator
    from .settings import SpeechSettings

    settings = settings or SpeechSettings.from_config()
    engine = EspeakEngine(settings.engine, rate_zh=settings.rate_zh, rate_en=settings.rate_en,
                          pitch=settings.pitch)
    return Narrator(engine, settings)
