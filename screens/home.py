"""Home: the themes, grouped personal / business, as large tiles."""
from __future__ import annotations

from kivy.app import App
from kivy.properties import NumericProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label

from .base import BaseScreen, load_kv_for

CATEGORY_LABELS = {"personal": "个人办事", "business": "企业办事"}


class ThemeTile(ButtonBehavior, BoxLayout):
    theme_id = StringProperty()
    number = NumericProperty()
    title = StringProperty()
    subtitle = StringProperty()


class SectionHeading(Label):
    pass


class HomeScreen(BaseScreen):
    catalogue_version = StringProperty()

    def on_activate(self) -> None:
        cat = App.get_running_app().catalogue
        self.catalogue_version = cat.version
        grid = self.ids.themes
        grid.clear_widgets()
        for category in ("personal", "business"):
            themes = [t for t in cat.enabled_themes() if t.category == category]
            if not themes:
                continue
            grid.add_widget(SectionHeading(text=f"{CATEGORY_LABELS[category]}（{len(themes)}项）"))
            for t in themes:
                depts = {cat.matters[m].department for m in t.matter_ids}
                grid.add_widget(ThemeTile(
                    theme_id=t.id, number=t.no, title=t.short_name or t.name,
                    subtitle=f"{len(t.matters)}个事项 · {len(depts)}个部门 · {cat.theme_location(t).name}"))


load_kv_for(__name__)
