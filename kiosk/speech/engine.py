"""Text-to-speech engines: the small interface screens rely on, and espeak-ng behind it, offline."""
from __future__ import annotations

import abc
import shutil
import subprocess

from .wav import Audio, WavError, parse_wav

#: Our language codes -> espeak-ng voices. `cmn` is Mandarin (latin letters read as English names,
#: which is what queue numbers such as A012 need).
VOICES = {"zh": "cmn", "zh_CN": "cmn", "en": "en"}


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
        self.rates = {"cmn": rate_zh, "en": rate_en}
        self.pitch, self.word_gap, self.timeout = pitch, word_gap, timeout

    def command(self, lang: str) -> list[str]:
        voice = VOICES.get(lang)
        if voice is None:
            raise ValueError(f"no voice for language {lang!r}; known: {sorted(VOICES)}")
        # -g adds word_gap x 10 ms between words; cmn treats every hanzi as a word, so keep it 0 there.
        return [self.program, "-v", voice, "-s", str(self.rates[voice]), "-p", str(self.pitch),
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
