"""The App shell: configures Kivy for a kiosk, registers the CJK font, loads the catalogue, shows screens."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path


def _prepare_kivy(cfg, size: tuple[int, int]) -> None:
    """Kivy reads its environment and Config at import time: all of this must run before any kivy import."""
    home = cfg.data_dir / "kivy"
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ["KIVY_HOME"] = str(home)
    from kivy.config import Config

    Config.set("graphics", "width", str(size[0]))
    Config.set("graphics", "height", str(size[1]))
    Config.set("graphics", "fullscreen", cfg.get("display", "fullscreen"))
    Config.set("graphics", "resizable", "0")
    # Touch screens also emit mouse events: without this every tap arrives twice.
    Config.set("input", "mouse", "mouse,disable_on_activity")
    # A kiosk has no way out to the desktop for citizens: Escape does not quit.
    Config.set("kivy", "exit_on_escape", "0")


def run_app(simulate: bool = False, smoke: bool = False, screenshot: str | None = None,
            size: str | None = None) -> int:
    from content import ContentInvalid, load_catalogue
    from kiosk.config import ConfigError, load_config

    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("kiosk run: no display (DISPLAY is not set): start it on the kiosk's screen or under Xvfb.",
              file=sys.stderr)
        return 1
    try:
        cfg = load_config()
        if size:
            cfg.values["display"]["size"] = size
        win_size = cfg.window_size
        font = cfg.cjk_font()
        content_dir = cfg.get("kiosk", "content_dir") or None
        catalogue = load_catalogue(content_dir)
    except ConfigError as exc:
        print(f"kiosk run: {exc}", file=sys.stderr)
        return 1
    except ContentInvalid as exc:
        print(f"kiosk run: refusing to start with an invalid catalogue: {exc}", file=sys.stderr)
        return 1

    _prepare_kivy(cfg, win_size)
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.text import DEFAULT_FONT, LabelBase
    from kivy.core.window import Window
    from kivy.uix.screenmanager import NoTransition, ScreenManager

    # Every label uses the CJK font unless it asks otherwise: Roboto has no hanzi (boxes).
    LabelBase.register(DEFAULT_FONT, fn_regular=font)

    from .home import HomeScreen

    class KioskApp(App):
        title = "梅县区一件事自助服务"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.catalogue = catalogue
            self.simulate = simulate
            self.exit_code = 0

        def build(self):
            Window.clearcolor = (0.96, 0.97, 0.98, 1)
            sm = ScreenManager(transition=NoTransition())
            sm.add_widget(HomeScreen(name="home"))
            return sm

        def on_start(self):
            if smoke:
                # Two frames: the first lays out, the second has drawn the laid-out screen.
                Clock.schedule_once(lambda dt: Clock.schedule_once(self._finish_smoke, 0.2), 0)

        def _finish_smoke(self, _dt):
            if screenshot:
                save_screenshot(Window, self.root, screenshot)
            self.stop()

    app = KioskApp()
    app.run()
    return app.exit_code


def visible_labels(root) -> list[dict]:
    """Text and window bounds of every label on screen: tests and the tour check what a citizen sees."""
    from kivy.uix.label import Label

    out = []
    for w in root.walk():
        if isinstance(w, Label) and w.text and w.get_root_window() is not None:
            x, y = w.to_window(w.x, w.y)
            tw, th = w.texture_size
            out.append({"text": w.text, "x": x, "y": y, "width": w.width, "height": w.height,
                        "texture_width": tw, "texture_height": th, "font_size": w.font_size,
                        "halign": w.halign, "valign": w.valign})
    return out


def save_screenshot(window, root, path: str) -> None:
    """Save the window as PNG at `path`, and beside it `<path>.json` listing the visible labels."""
    taken = window.screenshot(name=str(Path(path).with_suffix("")) + ".png")
    shutil.move(taken, path)
    Path(path + ".json").write_text(json.dumps({"size": list(window.size), "labels": visible_labels(root)},
                                               ensure_ascii=False, indent=1), encoding="utf-8")
