"""Where speech goes: speaker or headset, the player command for each, and headset-jack detection.

EN 301 549 §5.1 asks that plugging a headset mutes the speaker. We read the jack where the hardware
reports one: ALSA exposes it as a read-only boolean control of interface CARD named like
"Headphone Jack" or "Headset Jack" (HDA codecs, most USB/ASoC boards), listed by
`amixer -c CARD contents` as

    numid=18,iface=CARD,name='Headphone Jack'
      ; type=BOOLEAN,access=r-------,values=1
      : values=on

`/proc/asound/cards` tells "no sound card at all" apart from "a card without a jack control". Where
neither reports anything, the `speech.output` setting and the on-screen toggle decide.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Callable

from .engine import require_program
from .settings import SpeechSettings

PROGRAMS = {"alsa": ("aplay", "alsa-utils"), "pulse": ("paplay", "pulseaudio-utils")}
JACK_NAME = re.compile(r"head(phone|set).*jack", re.IGNORECASE)
Runner = Callable[..., subprocess.CompletedProcess]


class Jack(Enum):
    PLUGGED = "plugged"
    UNPLUGGED = "unplugged"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Route:
    """One output: which kind, through which sound system, to which device or sink."""

    kind: str          # "speaker" or "headset"
    backend: str       # "alsa" or "pulse"
    device: str        # ALSA PCM name (default, plughw:1,0, ...) or PulseAudio sink name

    def player_command(self, program: str | None = None) -> list[str]:
        """The player reading one WAV on stdin; stdin rather than a file keeps speech off the disk."""
        name = program or PROGRAMS[self.backend][0]
        if self.backend == "alsa":
            return [name, "-q", "-t", "wav", "-D", self.device or "default", "-"]
        cmd = [name, "--client-name=kiosk-speech"]
        if self.device and self.device != "default":
            cmd.append(f"--device={self.device}")
        return cmd


def speaker_mute_command(settings: SpeechSettings, mute: bool) -> list[str] | None:
    """Silence (or restore) the loudspeaker while the headset is used; None when nothing to switch."""
    if settings.backend == "pulse":
        if settings.headset_device and settings.headset_device != settings.speaker_device:
            return ["pactl", "set-sink-mute", settings.speaker_device, "1" if mute else "0"]
        return None
    if not settings.speaker_control:
        return None
    return ["amixer", "-q", "-c", settings.alsa_card, "sset", settings.speaker_control,
            "mute" if mute else "unmute"]


def resolve_route(settings: SpeechSettings, mode: str | None = None, jack: Jack = Jack.UNKNOWN) -> Route:
    """`mode` (the on-screen toggle) wins over the setting; `auto` follows the jack, else the speaker."""
    mode = mode or settings.output
    if mode == "auto":
        mode = "headset" if jack is Jack.PLUGGED else "speaker"
    if mode == "speaker":
        return Route("speaker", settings.backend, settings.speaker_device)
    if mode != "headset":
        raise ValueError(f"output must be speaker, headset or auto, not {mode!r}")
    if not settings.headset_device and speaker_mute_command(settings, True) is None:
        # Privacy: a citizen who chose the headset must never hear their details from the speaker.
        raise ValueError("headset output needs speech.headset_device (its own device or sink) or "
                         "speech.speaker_control (the mixer switch that mutes the speaker)")
    return Route("headset", settings.backend, settings.headset_device or settings.speaker_device)


def parse_jack_controls(amixer_contents: str, name: str = "") -> Jack:
    """Read `amixer contents` output: PLUGGED if any matching jack control is on."""
    state, current = Jack.UNKNOWN, None
    for line in amixer_contents.splitlines():
        m = re.match(r"numid=\d+,iface=(\w+),name='([^']*)'", line.strip())
        if m:
            current = m.group(2) if m.group(1) == "CARD" else None
            continue
        v = re.match(r":\s*values=(\w+)", line.strip())
        if v and current and (current == name if name else JACK_NAME.search(current)):
            if v.group(1) in ("on", "1"):
                return Jack.PLUGGED
            state = Jack.UNPLUGGED
    return state


def has_sound_card(proc_root: Path = Path("/proc/asound")) -> bool:
    cards = proc_root / "cards"
    try:
        text = cards.read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return bool(text.strip()) and "no soundcards" not in text


def detect_headset(settings: SpeechSettings, run: Runner = subprocess.run,
                   proc_root: Path = Path("/proc/asound")) -> Jack:
    """The jack as ALSA reports it; UNKNOWN when there is no card, no amixer or no jack control."""
    if not has_sound_card(proc_root):
        return Jack.UNKNOWN
    try:
        proc = run(["amixer", "-c", settings.alsa_card, "contents"], capture_output=True, text=True,
                   timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return Jack.UNKNOWN
    if proc.returncode != 0:
        return Jack.UNKNOWN
    return parse_jack_controls(proc.stdout, settings.jack_control)


def check_player(backend: str) -> str:
    program, package = PROGRAMS[backend]
    return require_program(program, package, "audio player")
