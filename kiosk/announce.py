"""Queue calls said out loud in the lobby: a chime, then "请 A005 号 到 一件事综合受理专窗 办理" in each
configured voice (cmn, and per hall hak and/or yue), the whole repeated as configured.

Calls are queued and spoken by one worker thread, one after the other: two clerks pressing "call next" in the
same second never talk over each other, and a call is never cut short by the next. Settings come from the
`[announce]` section (kiosk/config.py declares them) and are checked once, when the lobby starts.
"""
from __future__ import annotations

import logging
import queue
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from .speech.calls import CALL_VOICES, NUMBER_STYLES, CannotSay, call_text, hakka_missing, voice_text
from .speech.wav import Audio, join

log = logging.getLogger(__name__)

Player = Callable[[bytes], None]          # plays one WAV to the end (blocking); raises on failure


class AnnounceError(ValueError):
    """An [announce] setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class AnnounceSettings:
    voices: tuple[str, ...] = ("cmn",)
    numbers: str = "digits"
    repeats: int = 2
    chime: bool = True
    gap_ms: int = 700

    def __post_init__(self) -> None:
        if not self.voices:
            raise AnnounceError("announce.voices is empty: name at least one of cmn, hak, yue")
        unknown = [v for v in self.voices if v not in CALL_VOICES]
        if unknown:
            raise AnnounceError(f"announce.voices: unknown voice {', '.join(unknown)} (known: cmn, hak, yue)")
        if self.numbers not in NUMBER_STYLES:
            raise AnnounceError(f"announce.numbers must be digits (A 零零五) or number (A 五), not {self.numbers!r}")
        if not 1 <= self.repeats <= 5:
            raise AnnounceError(f"announce.repeats must be 1-5, not {self.repeats}")
        if not 0 <= self.gap_ms <= 5000:
            raise AnnounceError(f"announce.gap_ms must be 0-5000, not {self.gap_ms}")

    @classmethod
    def from_values(cls, values: dict[str, str]) -> AnnounceSettings:
        voices = tuple(v.strip() for v in values.get("voices", "cmn").replace("，", ",").split(",") if v.strip())
        try:
            repeats, gap = int(values.get("repeats", "2")), int(values.get("gap_ms", "700"))
        except ValueError:
            raise AnnounceError("announce.repeats and announce.gap_ms must be whole numbers") from None
        chime = values.get("chime", "on").strip().lower()
        if chime not in ("on", "off", "1", "0", "yes", "no", "true", "false"):
            raise AnnounceError(f"announce.chime must be on or off, not {chime!r}")
        return cls(voices, values.get("numbers", "digits").strip(), repeats,
                   chime in ("on", "1", "yes", "true"), gap)

    @classmethod
    def from_config(cls, cfg) -> AnnounceSettings:
        return cls.from_values(cfg.values["announce"])

    def check_windows(self, windows: Iterable[str]) -> None:
        """Every window name must be sayable in every configured voice: refuse at start, not mid-call."""
        if "hak" not in self.voices:
            return
        problems = [f"{w} ({''.join(hakka_missing(w))})" for w in windows if hakka_missing(w)]
        if problems:
            raise AnnounceError("announce.voices has hak, but the Hakka voice has no reading for characters in: "
                                + "; ".join(problems) + " (add them to kiosk/speech/hakka.toml)")


@lru_cache(maxsize=4)
def chime(rate: int, channels: int = 1) -> Audio:
    """A two-note ding-dong (E5 then C5) with a soft decay: people look up before the words start."""
    import numpy as np     # with OpenCV already: the lobby's UI thread must not wait on a Python sample loop

    notes = []
    for freq, seconds in ((659.25, 0.45), (523.25, 0.65)):
        t = np.arange(int(rate * seconds)) / rate
        env = np.minimum(1.0, t / 0.01) * np.exp(-3.2 * t)
        notes.append(12000 * env * (np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t)))
    samples = np.repeat(np.concatenate(notes).astype("<i2"), channels)
    return Audio(rate, channels, samples.tobytes())


def scaled(audio: Audio, volume: int) -> Audio:
    """Audio.scaled in C speed (numpy): a ten-second call is 220 000 samples."""
    import numpy as np

    volume = max(0, min(100, int(volume)))
    if volume == 100:
        return audio
    s = np.fix(np.frombuffer(audio.frames, dtype="<i2") * (volume / 100))
    return Audio(audio.rate, audio.channels, s.astype("<i2").tobytes())


def render_call(engine, settings: AnnounceSettings, ticket: str, window: str,
                voices: Iterable[str] | None = None, volume: int = 100) -> Audio:
    """The whole announcement as one Audio: chime, then every voice in turn, `repeats` times."""
    text = call_text(ticket, window, settings.numbers)
    said = [engine.synthesize(voice_text(text, v), v) for v in (tuple(voices) if voices else settings.voices)]
    parts, pauses = [], []
    if settings.chime:
        parts.append(chime(said[0].rate, said[0].channels))
        pauses.append(300)
    for _ in range(settings.repeats):
        for audio in said:
            parts.append(audio)
            pauses.append(settings.gap_ms)
    pauses[-1] = 0
    return scaled(join(parts, pauses), volume)


def speaker_player(speech_settings) -> Player:
    """Play through the lobby's loudspeaker as the kiosk's [speech] settings name it (aplay or paplay)."""
    from .speech.routing import Route, check_player

    program = check_player(speech_settings.backend)
    cmd = Route("speaker", speech_settings.backend, speech_settings.speaker_device).player_command(program)

    def play(wav: bytes) -> None:
        proc = subprocess.run(cmd, input=wav, capture_output=True, timeout=120, check=False)
        if proc.returncode != 0:
            err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"{cmd[0]} exit {proc.returncode}: {err[-1][:200] if err else ''}")
    return play


class Announcer:
    """Speaks queued calls one after another on its own thread. `done(ticket, error)` follows each call
    exactly once (error None when it was played), on the worker thread."""

    def __init__(self, engine, settings: AnnounceSettings, player: Player, volume: int = 100,
                 done: Callable[[str, str | None], None] | None = None):
        self.engine, self.settings, self.player, self.volume = engine, settings, player, volume
        self.done = done
        self._queue: queue.Queue = queue.Queue()
        self._busy = threading.Event()
        self._thread = threading.Thread(target=self._run, name="announcer", daemon=True)
        self._thread.start()

    def announce(self, ticket: str, window: str) -> None:
        self._busy.set()
        self._queue.put((ticket, window))

    def wait_idle(self, timeout: float | None = None) -> bool:
        """True once every queued call has been said (for the CLI and tests)."""
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self) -> None:
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if isinstance(item, threading.Event):
                item.set()
                continue
            ticket, window = item
            error = None
            try:
                audio = render_call(self.engine, self.settings, ticket, window, volume=self.volume)
                self.player(audio.to_wav())
            except (CannotSay, Exception) as exc:   # a worker has no caller: report through `done`
                error = f"{type(exc).__name__}: {exc}"
                log.warning("announcement of %s failed: %s", ticket, error)
            if self.done is not None:
                self.done(ticket, error)
