"""The baseline for the start-up benchmark: a bare Kivy app that opens one label, in the kiosk's window size
and font, and reports its first drawn frame the way `kiosk run --smoke` does (a line on stdout)."""
from __future__ import annotations

import os
import sys

os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


def main(size: str = "1080x1920", fullscreen: str = "0") -> int:
    from kivy.config import Config

    width, height = size.split("x")
    Config.set("graphics", "width", width)
    Config.set("graphics", "height", height)
    Config.set("graphics", "resizable", "0")
    Config.set("graphics", "fullscreen", fullscreen)     # "auto" as the kiosk in a hall, "0" a window
    from kivy.app import App
    from kivy.core.window import Window
    from kivy.uix.label import Label

    class Bare(App):
        def build(self):
            return Label(text="梅县区“一件事”自助服务", font_name=FONT, font_size="40sp")

        def on_start(self):
            Window.bind(on_flip=self.first_frame)

        def first_frame(self, *_args):
            Window.unbind(on_flip=self.first_frame)
            print("kiosk: first interactive frame", flush=True)
            self.stop()

    Bare().run()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
