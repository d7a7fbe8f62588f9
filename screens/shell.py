"""The chrome around every screen (language, elder mode, the spoken language and read aloud; back, home,
call staff) and the few dialogs: the timeout warning, leaving a journey, staff called."""
from __future__ import annotations

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.modalview import ModalView

from .base import load_kv_for
from . import widgets  # noqa: F401 - KButton, KLabel rules


class Shell(BoxLayout):
    pass


class VoiceButton(ButtonBehavior, Label):
    """One half of the 普通话 | 客家话 toggle beside 朗读: the chosen half filled blue, white text."""

    name = StringProperty("")
    selected = BooleanProperty(False)


class TimeoutWarning(ModalView):
    """需要更多时间吗？ with a countdown: nothing is lost unless the citizen is really gone."""

    seconds = NumericProperty(30)
    when_more = ObjectProperty(None)


class ConfirmLeave(ModalView):
    when_leave = ObjectProperty(None)


class StaffCalled(ModalView):
    pass


class IntakeClosed(ModalView):
    """This kiosk cannot save an application now: said before the citizen starts, not at the end."""


load_kv_for(__name__)
