"""Text-to-speech engines: the small interface screens rely on, and espeak-ng behind it, offline."""
from __future__ import annotations

import abc
import shutil
import subprocess

from .wav import Audio, WavError, parse_wav

#: Our language codes -> espeak-ng voices. Mandarin is `cmn-latn-pinyin`: Debian's espeak-ng 1.51 `cmn`
#: reads many hanzi as their pinyin spelled out in English (请 as "king three", espeak-ng issue 1236); the
#: pinyin voice says them in Mandarin, and a lone latin letter as Mandarin speakers do (A012: "ei 零一二").
#: `hak` (Hakka) reads romanised text only (kiosk/speech/calls.py turns hanzi into it); `yue` is Cantonese.
VOICES = {"zh": "cmn-latn-pinyin", "zh_CN": "cmn-latn-pinyin", "cmn": "cmn-latn-pinyin", "en": "en",
          "hak": "hak", "yue": "yue"}


class SpeechUnavailable(RuntimeError):
    """The engine or player cannot run here; the message names the Debian package to install."""


def require_program(program: str, package: str, role: str) -> str:
    """Fail at start-up, loudly, instead of staying silent for a blind user mid-journey."""
    found = shutil.which(program)
    if found is None:
        raise SpeechUnavailable(f"{role} {program!r} not found: install the Debian package {package} "
                                f"(apt-get install {package}) or fix the configured path")
    return found


class SpeechEngine(abc.ABC):
    """The least a real engine must do: text in one language to PCM audio."""

    @abc.abstractmethod
    def synthesize(self, text: str, lang: str) -> Audio:
        """Speak `text` in `lang` ("zh_CN"/"zh" or "en") into 16-bit PCM audio."""


class EspeakEngine(SpeechEngine):
    """espeak-ng as a subprocess; the text goes on stdin so it never shows in `ps` or a crash log."""

    def __init__(self, program: str = "espeak-ng", rate_zh: int = 180, rate_en: int = 140, pitch: int = 40,
                 word_gap: int = 0, timeout: float = 30.0):
        self.program = require_program(program, "espeak-ng", "speech engine")
        self.rates = {"en": rate_en}
        self.rate_zh = rate_zh         # every Chinese voice (cmn, hak, yue)
        self.pitch, self.word_gap, self.timeout = pitch, word_gap, timeout

    def command(self, lang: str) -> list[str]:
        voice = VOICES.get(lang)
        if voice is None:
            raise ValueError(f"no voice for language {lang!r}; known: {sorted(VOICES)}")
        # -g adds word_gap x 10 ms between words; cmn treats every hanzi as a word, so keep it 0 there.
        return [self.program, "-v", voice, "-s", str(self.rates.get(voice, self.rate_zh)), "-p", str(self.pitch),
                "-g", str(self.word_gap), "--stdin", "--stdout"]

    def synthesize(self, text: str, lang: str) -> Audio:
        try:
            proc = subprocess.run(self.command(lang), input=text.encode("utf-8"), capture_output=True,
                                  timeout=self.timeout, check=False)
        except FileNotFoundError:
            raise SpeechUnavailable(f"speech engine {self.program!r} disappeared: reinstall the Debian "
                                    "package espeak-ng") from None
        except subprocess.TimeoutExpired:
            raise SpeechUnavailable(f"espeak-ng took longer than {self.timeout:.0f} s") from None
        if proc.returncode != 0:
            # stderr only: espeak-ng reports voices and data files there, never the text spoken.
            err = proc.stderr.decode("utf-8", "replace").strip()[:200]
            raise SpeechUnavailable(f"espeak-ng failed (exit {proc.returncode}): {err}; "
                                    "is espeak-ng-data installed?")
        try:
            return parse_wav(proc.stdout)
        except WavError as exc:
            raise SpeechUnavailable(f"espeak-ng wrote no usable audio: {exc}") from None
