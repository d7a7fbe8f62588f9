"""The scrolling physics every ScrollView of the kiosk uses (set for all of them in widgets.kv)."""
from __future__ import annotations

from kivy.effects.dampedscroll import DampedScrollEffect


class SteadyScrollEffect(DampedScrollEffect):
    """Kivy's damped scrolling with its physics stepped at no more than 30 frames' worth of time.

    DampedScrollEffect applies its spring once per frame but moves by velocity × frame time: on a busy
    machine one slow frame (half a second) makes the spring overshoot, the next overshoots more, and the
    form flies off the screen for good (seen in the tour under load: y = -1.4e11 and growing). Taking a
    slow frame as an ordinary one only slows the animation down. Every ScrollView uses it (widgets.kv).
    """

    def update_velocity(self, dt):
        super().update_velocity(min(dt, 2 * self.std_dt))
