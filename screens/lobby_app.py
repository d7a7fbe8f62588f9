"""`kiosk lobby`: the hall's lobby display. Configures Kivy, then runs LobbyApp (screens/lobby.py).

Like app.py for the kiosk, nothing here imports Kivy at module level: Kivy reads its configuration when
first imported, so the window size and the font are set before that.
"""
from __future__ import annotations

import os
import sys


def calls_settings(cfg, rotation, headless: bool):
    """Check [lobby] calls/poll_ms/recent and [announce] once, at start; the announcer factory, or None when
    the lobby does not speak (calls = band or off, or --out). A missing voice fails here, loudly."""
    from kiosk.announce import AnnounceError, AnnounceSettings, Announcer, speaker_player
    from kiosk.lobby import LobbyError
    from kiosk.speech import EspeakEngine, SpeechSettings, SpeechUnavailable

    calls = cfg.get("lobby", "calls").strip().lower()
    if calls not in ("on", "band", "off"):
        raise LobbyError(f"lobby.calls must be on (band and voice), band (no voice) or off, not {calls!r}")
    cfg.values["lobby"]["calls"] = calls
    for key, low, high in (("poll_ms", 100, 5000), ("recent", 0, 10)):
        text = cfg.get("lobby", key)
        if not text.strip().isdigit() or not low <= int(text) <= high:
            raise LobbyError(f"lobby.{key} must be a whole number {low}-{high}, not {text!r}")
    if calls != "on" or headless:
        return None
    try:
        settings = AnnounceSettings.from_config(cfg)
        settings.check_windows(loc.window for loc in rotation.catalogue.locations.values())
        speech = SpeechSettings.from_config(cfg)
        engine = EspeakEngine(speech.engine, rate_zh=speech.rate_zh, rate_en=speech.rate_en, pitch=speech.pitch)
        player = speaker_player(speech)
    except (AnnounceError, SpeechUnavailable, ValueError) as exc:
        raise LobbyError(f"{exc} (or set [lobby] calls = band for calls on screen only)") from None
    return lambda done: Announcer(engine, settings, player, volume=speech.volume, done=done)


def run_lobby(size: str | None = None, seconds: str | None = None, themes: str | None = None,
              once: bool = False, out: str | None = None) -> int:
    from content import ContentInvalid
    from kiosk.config import ConfigError, load_config
    from kiosk.lobby import LobbyError, Rotation, parse_seconds, parse_themes

    from .app import _prepare_kivy

    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("kiosk lobby: no display (DISPLAY is not set): start it on the lobby screen, or use --out.",
              file=sys.stderr)
        return 1
    try:
        cfg = load_config()
        changes = {("display", "size"): size or cfg.values["lobby"]["size"]}
        if out:     # slides of exactly --size, whatever screen a developer runs this on
            changes[("display", "fullscreen")] = "0"
        cfg = cfg.replace(changes)
        width, height = cfg.window_size
        if width <= height:
            raise LobbyError(f"the lobby is laid out for a landscape screen, not {width}x{height}")
        font = cfg.cjk_font()
        secs = parse_seconds(seconds if seconds is not None else cfg.get("lobby", "seconds"))
        only = parse_themes(themes if themes is not None else cfg.get("lobby", "themes"))
        rotation = Rotation(cfg.get("kiosk", "content_dir") or None, only)
        announcer_factory = calls_settings(cfg, rotation, headless=bool(out))
    except (ConfigError, LobbyError) as exc:
        print(f"kiosk lobby: {exc}", file=sys.stderr)
        return 1
    except ContentInvalid as exc:
        print(f"kiosk lobby: refusing to start with an invalid catalogue: {exc}", file=sys.stderr)
        return 1
    for note in rotation.notes:
        print(f"kiosk lobby: {note}", file=sys.stderr)
    _prepare_kivy(cfg, (width, height))
    from kivy.core.text import DEFAULT_FONT, LabelBase

    from kiosk import i18n

    LabelBase.register(DEFAULT_FONT, fn_regular=font)     # hanzi, never boxes
    # Always Chinese first with English beside it (names from the catalogue, captions from the English
    # catalogue): a lobby speaks to everyone at once, so display.language (the kiosk's start) does not apply.
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    from .lobby import LobbyApp

    app = LobbyApp(cfg=cfg, rotation=rotation, seconds=secs, once=once, out=out,
                   announcer_factory=announcer_factory)
    try:
        app.run()
    except Exception:
        # Kivy's console log is off and it routes stderr to its logger: say why on the real stderr.
        import traceback
        print("kiosk lobby: stopped by an unexpected error:\n" + traceback.format_exc(), file=sys.__stderr__)
        return 1
    return app.exit_code
