"""Scrolling does not pile up bindings on screens that live as long as the app (screens/widgets.py KScrollView):
a real Kivy ScrollView on the test X server, scrolled a hundred times."""
from __future__ import annotations

import subprocess
import sys

from support import ROOT

SCRIPT = """
import os
os.environ["KIVY_NO_ARGS"] = "1"
from kivy.uix.widget import Widget
from screens.widgets import KScrollView
view = KScrollView(size=(400, 400))
view.add_widget(Widget(size_hint_y=None, height=5000))
for i in range(100):
    view.scroll_y = 1 - i / 100          # each change runs update_from_scroll, as a finger does
    view.update_from_scroll()
print(len(view.get_property_observers("bar_color")))
"""


def test_a_hundred_scroll_updates_leave_at_most_one_bar_colour_binding(ui_env):
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=ui_env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert int(result.stdout.strip().splitlines()[-1]) <= 1
