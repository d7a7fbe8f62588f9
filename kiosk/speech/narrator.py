"""The kiosk's voice: one utterance at a time on its own thread, interruptible, repeatable, with volume."""
from __future__ import annotations

import logging
import subprocess
import threading
from typing import Callable

from .engine import SpeechEngine
from .reading import Utterance
from .routing import Jack, Route, check_player, detect_headset, resolve_route, speaker_mute_command
from .settings import SpeechSettings
from .voicing import said_text
from .wav import Audio, join

log = logging.getLogger(__name__)
CHUNK = 4096
PlayerCommand = Callable[[Route], list[str]]


def render(engine: SpeechEngine, utterance: Utterance, stop: threading.Event | None = None) -> Audio:
    """Every part in its own voice (a Hakka part romanised for the `hak` voice), joined with its pause."""
    parts, pauses = [], []
    for i, (text, pause) in enumerate(utterance.parts):
        if stop is not None and stop.is_set():
            break
        voice = utterance.voice_of(i)
        parts.append(engine.synthesize(said_text(text, voice), voice))
        pauses.append(pause)
    return join(parts, pauses)


class Narrator:
    """What screens call. Logs say how long and where, never what: speech may hold names and numbers."""

    def __init__(self, engine: SpeechEngine, settings: SpeechSettings | None = None,
                 player_command: PlayerCommand | None = None,
                 jack_detector: Callable[[SpeechSettings], Jack] = detect_headset,
                 mixer: Callable[[list[str]], object] | None = None):
        self.engine = engine
        self.settings = settings or SpeechSettings()
        if player_command is None:
            program = check_player(self.settings.backend)
            player_command = lambda route: route.player_command(program)  # noqa: E731
        self._player_command = player_command
        self._detect = jack_detector
        self._mixer = mixer or (lambda cmd: subprocess.run(cmd, capture_output=True, timeout=5, check=False))
        self.volume = self.settings.volume
        self.output_mode: str | None = None     # the on-screen toggle; None: follow settings.output
        self._speaker_muted = False
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._proc: subprocess.Popen | None = None
        self._last: tuple[Utterance, Audio] | None = None
        self.last_error: str | None = None

    # -- settings the screens change -------------------------------------------------------------
    def set_volume(self, volume: int) -> None:
        """Takes effect from the next utterance (and on repeat), since samples are scaled before play."""
        self.volume = max(0, min(100, int(volume)))

    def set_output(self, mode: str | None) -> Route:
        """The speaker/headset toggle; returns the route now in use so the screen can show it."""
        if mode not in (None, "auto", "speaker", "headset"):
            raise ValueError(f"output must be auto, speaker or headset, not {mode!r}")
        self.output_mode = mode
        return self.route()

    def route(self) -> Route:
        mode = self.output_mode or self.settings.output
        jack = self._detect(self.settings) if mode == "auto" else Jack.UNKNOWN
        route = resolve_route(self.settings, mode, jack)
        want_muted = route.kind == "headset"
        if want_muted != self._speaker_muted:
            cmd = speaker_mute_command(self.settings, want_muted)
            if cmd:
                self._mixer(cmd)
            self._speaker_muted = want_muted
        return route

    # -- speaking --------------------------------------------------------------------------------
    def render(self, utterance: Utterance | str, lang: str = "zh_CN",
               stop: threading.Event | None = None) -> Audio:
        """Synthesize every part and join them with their pauses; synchronous (CLI --out, tests)."""
        if isinstance(utterance, str):
            utterance = Utterance.plain(utterance, lang)
        return render(self.engine, utterance, stop)

    def speak(self, utterance: Utterance | str, lang: str = "zh_CN") -> None:
        """Start speaking and return at once; whatever was being said stops first."""
        if isinstance(utterance, str):
            utterance = Utterance.plain(utterance, lang)
        self._start(utterance, None)

    def repeat(self) -> bool:
        """Say the last utterance again, at the current volume and output; False if nothing was said."""
        if self._last is None:
            return False
        self._start(*self._last)
        return True

    def stop(self, timeout: float = 2.0) -> None:
        with self._lock:
            self._stop.set()
            self._kill()
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def wait(self, timeout: float | None = None) -> bool:
        """True when nothing is playing any more (for the CLI, which must not exit mid-sentence)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    @property
    def speaking(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the worker ------------------------------------------------------------------------------
    def _start(self, utterance: Utterance, audio: Audio | None) -> None:
        self.stop()
        with self._lock:
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, args=(utterance, audio, self._stop),
                                            name="kiosk-speech", daemon=True)
            self._thread.start()

    def _run(self, utterance: Utterance, audio: Audio | None, stop: threading.Event) -> None:
        try:
            if audio is None:
                audio = self.render(utterance, stop=stop)
                if stop.is_set():
                    return
            self._last = (utterance, audio)
            self._play(audio.scaled(self.volume).to_wav(), self.route(), stop)
        except Exception as exc:  # a thread has no caller to raise to: keep it for the screen to ask
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.warning("speech failed: %s", type(exc).__name__)

    def _play(self, wav: bytes, route: Route, stop: threading.Event) -> None:
        cmd = self._player_command(route)
        log.info("speaking %.1f KB to the %s (%s %s)", len(wav) / 1024, route.kind, route.backend, route.device)
        with self._lock:
            if stop.is_set():
                return
            proc = self._proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.PIPE)
        try:
            for i in range(0, len(wav), CHUNK):
                if stop.is_set():
                    break
                proc.stdin.write(wav[i:i + CHUNK])
        except (BrokenPipeError, ValueError, OSError):
            pass  # stopped, or the player died: its exit status below says which
        finally:
            try:
                proc.stdin.close()
            except OSError:
                pass
        while proc.poll() is None and not stop.wait(0.02):
            pass
        if stop.is_set():
            self._kill()
            proc.stderr.close()
            return
        with proc.stderr:
            lines = proc.stderr.read().decode("utf-8", "replace").strip().splitlines()
        err = lines[-1][:200] if lines else ""  # the player's own summary comes last, after ALSA's noise
        if proc.returncode != 0:
            self.last_error = f"{cmd[0]} exit {proc.returncode}: {err}"
            log.warning("audio player %s failed with exit %s: %s", cmd[0], proc.returncode, err)
        else:
            self.last_error = None

    def _kill(self) -> None:
        proc = self._proc
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(0.5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(1)
