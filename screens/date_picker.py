"""A month calendar for date fields: one tap on the day instead of typing ten keys (2026-11-29).

Opens on the month of the value already there, else this month; ‹ › change month, 今天 / 昨天 pick at once,
"输入日期" opens the digit keyboard for dates far back (a birth date in 1950). Each day button is named
`date_YYYY-MM-DD` for the tour and tests. A session wipe (timeout, cancel) closes it: a date is personal."""
from __future__ import annotations

from kiosk.i18n import _

import calendar
import datetime as dt

from kivy.app import App
from kivy.properties import NumericProperty, ObjectProperty, StringProperty
from kivy.uix.modalview import ModalView

from .base import load_kv_for
from .widgets import KButton, KLabel

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class DatePicker(ModalView):
    title = StringProperty("")
    year = NumericProperty(2026)
    month = NumericProperty(1)
    value = StringProperty("")              # ISO date already in the field, if any
    when_done = ObjectProperty(None)        # (iso text) -> None
    when_typing = ObjectProperty(None)      # () -> None: open the keyboard instead

    def __init__(self, today: dt.date | None = None, **kw):
        super().__init__(**kw)
        self.core = App.get_running_app().core
        self.today = today or dt.date.today()
        try:
            shown = dt.date.fromisoformat(self.value)
        except ValueError:
            shown = self.today
        self.year, self.month = shown.year, shown.month

    def on_pre_open(self):
        self.core.session.on_wipe(self.dismiss)
        self._build_days()

    def on_dismiss(self):
        self.core.session.off_wipe(self.dismiss)

    @property
    def heading(self) -> str:
        if App.get_running_app().lang == "en":
            return f"{calendar.month_name[self.month]} {self.year}"
        return _("{y}年{m}月").format(y=self.year, m=self.month)

    def shift(self, months: int) -> None:
        index = self.year * 12 + (self.month - 1) + months
        self.year, self.month = divmod(index, 12)
        self.month += 1
        self._build_days()

    def pick(self, day: dt.date) -> None:
        self.dismiss()
        self.when_done(day.isoformat())

    def type_instead(self) -> None:
        self.dismiss()
        self.when_typing()

    def _build_days(self) -> None:
        grid = self.ids.days
        grid.clear_widgets()
        english = App.get_running_app().lang == "en"
        for name in WEEKDAYS_EN if english else WEEKDAYS:
            grid.add_widget(KLabel(text=name, role="small", halign="center", valign="middle"))
        chosen = self.value
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(int(self.year), int(self.month)):
            for day in week:
                iso = day.isoformat()
                b = KButton(text=str(day.day), kind="secondary" if day == self.today else "option",
                            name=f"date_{iso}", selected=iso == chosen, hidden=day.month != self.month)
                b.halign = "center"
                b.bind(on_release=lambda _b, d=day: self.pick(d))
                grid.add_widget(b)
        self.ids.heading.text = self.heading


load_kv_for(__name__)
