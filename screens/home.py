"""Home: find your 一件事 — by category, most used first, or by searching hanzi or pinyin initials."""
from __future__ import annotations

from kiosk.i18n import _

from kivy.properties import NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from .base import BaseScreen, load_kv_for
from .keyboard import InputPanel


class ThemeTile(ButtonBehavior, BoxLayout):
    name = StringProperty("")
    theme_id = StringProperty()
    number = NumericProperty()
    title = StringProperty()
    subtitle = StringProperty()


class HomeScreen(BaseScreen):
    category = StringProperty("all")      # all, personal, business
    query = StringProperty("")
    count = NumericProperty(0)
    catalogue_version = StringProperty("")

    def on_activate(self) -> None:
        self.catalogue_version = self.core.catalogue.version
        self.query = ""
        self.refresh()

    def on_category(self, *_args):
        self.refresh()

    def refresh(self) -> None:
        core = self.core
        if self.query:
            themes = core.journey.index.search(self.query)
        else:
            themes = core.journey.themes_by_use()
        if self.category != "all":
            themes = [t for t in themes if t.category == self.category]
        grid = self.ids.themes
        grid.clear_widgets()
        for t in themes:
            depts = {core.catalogue.matters[m].department for m in t.matter_ids}
            place, here = core.journey.where(t)
            subtitle = _("{m}个事项 · {d}个部门 · {place}").format(m=len(t.matters), d=len(depts), place=place.name) \
                if here else _("{m}个事项 · 本点不能办理，请到{place}").format(m=len(t.matters), place=place.name)
            grid.add_widget(ThemeTile(
                name=f"theme_{t.no}", theme_id=t.id, number=t.no,
                title=_(t.name) if self.app.lang == "zh_CN" else (t.name_en or t.name), subtitle=subtitle))
        self.count = len(themes)

    def choose(self, theme_id: str) -> None:
        if self.core.services.intake_problem():      # told now, before the citizen invests any time
            from .shell import IntakeClosed
            IntakeClosed().open()
            return
        self.core.journey.begin(theme_id)
        self.app.go("notice")

    def open_search(self) -> None:
        InputPanel(title=_("搜索事项"), hint=_("可输入汉字，或拼音首字母，如“出生”输入 cs"),
                   value=self.query, live=True, when_changed=self._search, when_done=self._search).open()

    def _search(self, text: str) -> None:
        self.query = text.strip()
        self.refresh()


load_kv_for(__name__)
