"""`kiosk announce A005 --window A [--voice cmn|hak|yue] [--out call.wav]`: what the lobby says for a call."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("announce", help="say a queue call as the lobby does (chime, each voice, repeats) or save a WAV")
    p.add_argument("ticket", help="the queue number, e.g. A005")
    p.add_argument("--window", help="the window: its ticket letter (A) or its name; default: the number's letter")
    p.add_argument("--voice", choices=("cmn", "hak", "yue"), action="append",
                   help="only this voice (repeatable); default: [announce] voices")
    p.add_argument("--out", metavar="FILE.wav", help="write the announcement here instead of playing it")
    p.set_defaults(func=cmd_announce)


def window_name(cat, ticket: str, window: str | None) -> str:
    """A window letter (or the ticket's own) -> the catalogue's window name; a name is kept as given."""
    letter = (window or ticket.lstrip()[:1]).strip()
    for loc in cat.locations.values():
        if loc.ticket_prefix.upper() == letter.upper():
            return loc.window
    if window and len(window) > 1:
        return window
    raise ValueError(f"no window with ticket letter {letter!r} in the catalogue "
                     f"(known: {', '.join(sorted(l.ticket_prefix for l in cat.locations.values()))})")


def cmd_announce(args: argparse.Namespace) -> int:
    from content import load_catalogue

    from ..announce import AnnounceError, AnnounceSettings, render_call, speaker_player
    from ..config import ConfigError, load_config
    from ..speech import EspeakEngine, SpeechSettings, SpeechUnavailable
    from ..speech.calls import CannotSay

    try:
        cfg = load_config()
        settings = AnnounceSettings.from_config(cfg)
        speech = SpeechSettings.from_config(cfg)
        cat = load_catalogue(cfg.get("kiosk", "content_dir") or None)
        window = window_name(cat, args.ticket, args.window)
        engine = EspeakEngine(speech.engine, rate_zh=speech.rate_zh, rate_en=speech.rate_en, pitch=speech.pitch)
        voices = tuple(args.voice) if args.voice else settings.voices
        audio = render_call(engine, settings, args.ticket, window, voices, volume=speech.volume)
        if args.out:
            Path(args.out).write_bytes(audio.to_wav())
            print(f"{args.out}: {audio.duration:.1f} s, {audio.rate} Hz, voices {','.join(voices)}, "
                  f"{settings.repeats}x, window {window}")
            return 0
        speaker_player(speech)(audio.to_wav())
    except (ConfigError, AnnounceError, CannotSay, SpeechUnavailable, ValueError, RuntimeError) as exc:
        print(f"kiosk announce: {exc}", file=sys.stderr)
        return 1
    return 0
