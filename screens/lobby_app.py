"""`kiosk lobby`: the hall's lobby display. Configures Kivy, then runs LobbyApp (screens/lobby.py).

Like app.py for the kiosk, nothing here imports Kivy at module level: Kivy reads its configuration when
first imported, so the window size and the font are set before that.
"""
from __future__ import annotations

import os
import sys


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

    app = LobbyApp(cfg=cfg, rotation=rotation, seconds=secs, once=once, out=out)
    try:
        app.run()
    except Exception:
        # Kivy's console log is off and it routes stderr to its logger: say why on the real stderr.
        import traceback
        print("kiosk lobby: stopped by an unexpected error:\n" + traceback.format_exc(), file=sys.__stderr__)
        return 1
    return app.exit_code
