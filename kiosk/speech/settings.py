"""Speech settings with documented defaults: a `[speech]` section in the kiosk INI, or KIOSK_SPEECH_* env.

`SPEECH_DEFAULTS` has the shape of kiosk.config.DEFAULTS, which lists it as its `[speech]` section;
`from_config` reads that section when present and environment variables otherwise.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any, Mapping

#: Voices a citizen may choose for Chinese text (named in kiosk/speech/choice.py).
CHOOSABLE = ("cmn", "hak")


def parse_voices(raw: str) -> tuple[str, ...]:
    """`cmn,hak` -> ("cmn", "hak"); ValueError saying what is wrong (unknown, repeated, no cmn)."""
    voices = tuple(v.strip() for v in raw.replace("，", ",").split(",") if v.strip())
    unknown = [v for v in voices if v not in CHOOSABLE]
    if unknown:
        raise ValueError(f"unknown voice {', '.join(unknown)} (known: {', '.join(CHOOSABLE)})")
    if len(set(voices)) != len(voices):
        raise ValueError("a voice is named twice")
    if "cmn" not in voices:
        raise ValueError("must include cmn: what the Hakka voice cannot say is said in Mandarin")
    return voices


#: key -> (default, what it means[, kind]). Rates and pitch are chosen for elderly listeners: age-related
#: hearing loss hits high frequencies first and slows processing, so we speak slower and a little lower
#: than espeak-ng's defaults (175, pitch 50).
SPEECH_DEFAULTS: dict[str, tuple] = {
    "engine": ("espeak-ng", "The espeak-ng program (Debian package espeak-ng)."),
    "rate_zh": ("180", "Mandarin speed (espeak-ng -s, 80-450). cmn counts each hanzi as a word: 180 is about "
                       "2.3 syllables a second, unhurried next to everyday speech's 4-5."),
    "rate_en": ("140", "English words per minute; espeak-ng's default 175 is too quick for many older listeners."),
    "pitch": ("40", "Pitch 0-99 (espeak-ng -p); a little lower than the default 50."),
    "volume": ("80", "Speech volume 0-100, applied to the samples so it works on any output."),
    "output": ("auto", "speaker, headset, or auto (headset when the jack reports one plugged)."),
    "backend": ("alsa", "alsa (aplay -D DEVICE) or pulse (paplay --device=SINK)."),
    "speaker_device": ("default", "ALSA device name or PulseAudio sink for the loudspeaker."),
    "headset_device": ("", "ALSA device name or PulseAudio sink for the headset jack; empty: none fitted."),
    "alsa_card": ("0", "ALSA card number or name whose jack control and speaker switch are used."),
    "jack_control": ("", "Jack control name, e.g. 'Headphone Jack'; empty: any '...Head(phone|set) Jack'."),
    "speaker_control": ("", "Mixer control muted while the headset is used, e.g. 'Speaker'; empty: none."),
    "voices": ("cmn", "Voices a citizen may choose for reading Chinese screens aloud (朗读, 语音导办), comma-"
                      "separated, the first being the voice each session starts in: cmn (普通话) and hak (客家话, "
                      "梅县话). cmn alone (the default) shows no choice; cmn,hak puts 普通话 | 客家话 beside 朗读. "
                      "Hakka is off until a hall turns it on, as for [announce] voices: the Hakka table "
                      "(kiosk/speech/hakka.toml) is still to be checked by a 梅县话 speaker. cmn must be there: "
                      "a part the Hakka table cannot say is said in Mandarin. English screens are read in English.",
               parse_voices),
}


@dataclass(frozen=True)
class SpeechSettings:
    engine: str = "espeak-ng"
    rate_zh: int = 180
    rate_en: int = 140
    pitch: int = 40
    volume: int = 80
    output: str = "auto"
    backend: str = "alsa"
    speaker_device: str = "default"
    headset_device: str = ""
    alsa_card: str = "0"
    jack_control: str = ""
    speaker_control: str = ""
    voices: tuple[str, ...] = ("cmn",)

    def __post_init__(self) -> None:
        if self.output not in ("auto", "speaker", "headset"):
            raise ValueError(f"speech.output must be auto, speaker or headset, not {self.output!r}")
        if self.backend not in ("alsa", "pulse"):
            raise ValueError(f"speech.backend must be alsa or pulse, not {self.backend!r}")
        try:
            parse_voices(",".join(self.voices))
        except ValueError as exc:
            raise ValueError(f"speech.voices = {','.join(self.voices)!r}: {exc}") from None
        for name, low, high in (("rate_zh", 80, 450), ("rate_en", 80, 450), ("pitch", 0, 99), ("volume", 0, 100)):
            if not low <= getattr(self, name) <= high:
                raise ValueError(f"speech.{name} must be {low}-{high}, not {getattr(self, name)}")

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> SpeechSettings:
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in values and values[f.name] != "":
                raw = values[f.name]
                try:
                    kwargs[f.name] = int(raw) if f.type in ("int", int) else raw
                except ValueError:
                    raise ValueError(f"speech.{f.name} must be a whole number, not {raw!r}") from None
                if f.name == "voices":
                    try:
                        kwargs[f.name] = parse_voices(raw)
                    except ValueError as exc:
                        raise ValueError(f"speech.voices = {raw!r}: {exc}") from None
        return cls(**kwargs)

    @classmethod
    def from_config(cls, config: Any = None, environ: Mapping[str, str] | None = None) -> SpeechSettings:
        """Section `speech` of a kiosk Config when it has one, then KIOSK_SPEECH_<KEY> overrides."""
        env = os.environ if environ is None else environ
        values: dict[str, str] = {}
        section = getattr(config, "values", {}).get("speech") if config is not None else None
        if section:
            values.update(section)
        for key in SPEECH_DEFAULTS:
            name = f"KIOSK_SPEECH_{key.upper()}"
            if name in env:
                values[key] = env[name]
        return cls.from_mapping(values)
