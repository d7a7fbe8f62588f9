"""The App shell: configures Kivy for a kiosk, registers the CJK font, owns the chrome (top and bottom
bars that stay in the same places on every screen) and routes between screens. State lives in kiosk/."""
from __future__ import annotations

import json
import os
import shutil
import sys
import time
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


def load(simulate: bool, size: str | None):
    """Configuration, font and catalogue, checked before any window opens. Returns (cfg, font, cat)."""
    from kiosk.catalogue_sync import initial_catalogue
    from kiosk.config import load_config

    cfg = load_config()
    if size:
        cfg = cfg.replace({("display", "size"): size})
    font = cfg.cjk_font()
    catalogue, _etag = initial_catalogue(cfg)     # the last good published one, else packaged
    return cfg, font, catalogue


def run_app(simulate: bool = False, smoke: bool = False, screenshot: str | None = None,
            size: str | None = None, script=None) -> int:
    from content import ContentInvalid
    from kiosk.config import ConfigError

    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("kiosk run: no display (DISPLAY is not set): start it on the kiosk's screen or under Xvfb.",
              file=sys.stderr)
        return 1
    try:
        cfg, font, catalogue = load(simulate, size)
        from kiosk.core import check_location
        check_location(cfg, catalogue)          # before any window: a wrong place is named, not a crash
    except ConfigError as exc:
        print(f"kiosk run: {exc}", file=sys.stderr)
        return 1
    except ContentInvalid as exc:
        print(f"kiosk run: refusing to start with an invalid catalogue: {exc}", file=sys.stderr)
        return 1
    local_hall = None
    if simulate:
        from kiosk.local_hall import LocalHall

        local_hall = LocalHall(cfg.data_dir / "local-hall").start(launch=False)    # launched after the first frame
        cfg = cfg.replace({("kiosk", "backend_url"): local_hall.url, ("kiosk", "token"): local_hall.token,
                           ("kiosk", "status_url"): local_hall.url + "/s/{receipt}?code={code}",
                           ("catalogue", "public_keys"): local_hall.public_key,     # its dev key (kiosk/local_hall.py)
                           **{("devices", device): "sim://" for device in ("idcard", "printer", "camera")}})
    _prepare_kivy(cfg, cfg.window_size)
    from kivy.core.text import DEFAULT_FONT, LabelBase

    # Every label uses the CJK font unless it asks otherwise: Roboto has no hanzi (boxes).
    LabelBase.register(DEFAULT_FONT, fn_regular=font)
    from .kiosk_app import KioskApp

    app = KioskApp(cfg=cfg, catalogue=catalogue, simulate=simulate, smoke=smoke, screenshot=screenshot,
                   script=script, after_first_frame=[local_hall.launch] if local_hall else [])
    try:
        app.run()
    finally:
        app.shutdown()
        if local_hall:
            local_hall.stop()
    return app.exit_code


def visible_labels(root) -> list[dict]:
    """Text and window bounds of every label on screen: tests and the tour check what a citizen sees."""
    from kivy.uix.behaviors import ButtonBehavior
    from kivy.uix.label import Label

    out = []
    if hasattr(root, "walk"):
        roots = [root]
    else:   # the Window: an open dialog covers (and darkens) everything under it
        from kivy.uix.modalview import ModalView
        dialogs = [c for c in root.children if isinstance(c, ModalView)]
        roots = dialogs[:1] or list(root.children)
    widgets = [w for r in roots for w in r.walk(restrict=True)]
    for w in widgets:
        if isinstance(w, Label) and w.text and w.get_root_window() is not None and w.opacity > 0 \
                and w.width > 1 and w.height > 1 and _on_screen(w):
            x, y = w.to_window(w.x, w.y)
            tw, th = w.texture_size
            out.append({"text": w.text, "x": x, "y": y, "width": w.width, "height": w.height,
                        "texture_width": tw, "texture_height": th, "font_size": w.font_size,
                        "halign": w.halign, "valign": w.valign, "name": getattr(w, "name", ""),
                        "button": isinstance(w, ButtonBehavior), "role": getattr(w, "role", "")})
    return out


def labels_drawn(window) -> bool:
    """Every visible label has drawn its text: a loaded machine lays out and draws a new screen some
    frames after it is shown, so a picture taken before this holds an older layout than its labels."""
    from kivy.uix.label import Label

    for root in list(window.children):
        for w in root.walk(restrict=True):
            if isinstance(w, Label) and w.text.strip() and _on_screen(w) and w.opacity > 0:
                if w.texture is None or w.texture_size[0] < 2 or w.width < 2:
                    return False
    return True


def _on_screen(w) -> bool:
    from kivy.uix.screenmanager import Screen
    from kivy.uix.scrollview import ScrollView

    node = w
    for _ in range(200):     # the Window is its own parent: stop there
        if node is None or node.parent is node:
            break
        if isinstance(node, Screen) and node.manager is not None and node.manager.current_screen is not node:
            return False
        if node.opacity <= 0 or node.height < 1:      # a hidden bar hides its buttons
            return False
        if isinstance(node, ScrollView) and node is not w:   # scrolled out of view, even in part
            sx, sy = node.to_window(node.x, node.y)
            wx, wy = w.to_window(w.x, w.y)
            shown = min(wy + w.height, sy + node.height) - max(wy, sy)
            if shown < 0.8 * w.height:
                return False
        node = node.parent
    win = w.get_root_window()
    x, y = w.to_window(w.x, w.y)
    return x < win.width and y < win.height and x + w.width > 0 and y + w.height > 0


def save_screenshot(window, root, path: str) -> None:
    """Save the window as PNG at `path`, and beside it `<path>.json` listing the visible labels."""
    # Kivy reads the back buffer, which after a swap may hold an older frame (Kivy redraws only on change):
    # draw the current state into it first, so the picture is what the labels below describe.
    window.dispatch("on_draw")
    taken = window.screenshot(name=str(Path(path).with_suffix("")) + ".png")
    shutil.move(taken, path)
    Path(path + ".json").write_text(json.dumps({"size": list(window.size), "labels": visible_labels(root),
                                                "time": time.time()}, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
