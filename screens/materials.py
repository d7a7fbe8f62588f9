"""One set of documents (一套材料): each document once, with the matters it serves; live preview with the
page outline and auto-capture; retake; "I don't have it now" for non-key documents (容缺)."""
from __future__ import annotations

from kiosk.i18n import _

from kivy.graphics import Color, Line
from kivy.graphics.texture import Texture
from kivy.properties import DictProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.modalview import ModalView

from .base import BaseScreen, load_kv_for
from .widgets import KButton, KLabel

FORMS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件", "electronic": "电子版"}


class CaptureView(ModalView):
    """The camera preview for one document."""

    material = DictProperty({})
    status = StringProperty("")
    texture = ObjectProperty(None, allownone=True)
    corners = ListProperty([])
    when_page = ObjectProperty(None)

    def on_open(self):
        from kivy.app import App

        self.core = App.get_running_app().core
        self.status = _("请把材料平放在拍摄区，保持不动")
        self.core.services.camera.start(self._preview, self._captured, self._problem)

    def on_dismiss(self):
        self.core.services.camera.stop()

    def _preview(self, rgb, corners, state, messages) -> None:
        h, w = rgb.shape[:2]
        if self.texture is None or self.texture.size != (w, h):
            self.texture = Texture.create(size=(w, h), colorfmt="rgb")
            self.texture.flip_vertical()
        self.texture.blit_buffer(rgb.tobytes(), colorfmt="rgb", bufferfmt="ubyte")
        self.ids.preview.canvas.ask_update()
        self.corners = [] if corners is None else [(x / w, 1 - y / h) for x, y in corners]
        from kivy.app import App
        lang = App.get_running_app().lang
        key = "en" if lang == "en" else "zh"
        if messages:
            self.status = messages[0].get(key) or messages[0].get("zh", "")
        elif state == "searching":
            self.status = _("正在寻找材料…")

    def _captured(self, jpeg: bytes) -> None:
        if self.when_page:
            self.when_page(jpeg)
        self.dismiss()

    def _problem(self, reason: str) -> None:
        from kivy.app import App
        self.status = _("摄像头暂时不能使用，请呼叫工作人员") + f"（{reason}）"


class MaterialRow(BoxLayout):
    material = DictProperty({})
    state_text = StringProperty("")
    serves_text = StringProperty("")


class MaterialsScreen(BaseScreen):
    error = StringProperty("")
    claim = StringProperty("")

    def on_activate(self) -> None:
        self.error = ""
        total, fewer = self.core.journey.path_claim()      # the citizen's own answers, not every situation at once
        self.claim = _("按您的情况共{n}份材料，比分别办理少{m}份。").format(n=total, m=fewer) if fewer > 0 \
            else _("按您的情况共{n}份材料。").format(n=total)
        self.build()

    def build(self) -> None:
        core = self.core
        names = {m.id: m.title for m in core.catalogue.matters.values()}
        box = self.ids.rows
        box.clear_widgets()
        for m in core.journey.materials_to_capture():
            pages = core.session.pages.get(m["id"], [])
            if pages:
                state = _("已拍摄{n}页").format(n=len(pages))
            elif m["id"] in core.session.deferred:
                state = _("稍后补交（容缺受理）")
            else:
                state = _("未拍摄") + ("" if m["key"] else _("（可稍后补交）"))
            row = MaterialRow(material=m, state_text=state,
                              serves_text=_("用于：") + "、".join(names[s] for s in m["serves"]))
            actions = row.ids.actions
            cap = KButton(text=_("再拍一页") if pages else _("拍摄"), name=f"capture_{m['id']}")
            cap.bind(on_release=lambda _b, mat=m: self.capture(mat))
            actions.add_widget(cap)
            if pages:
                re = KButton(text=_("重拍"), kind="secondary", name=f"retake_{m['id']}")
                re.bind(on_release=lambda _b, mat=m: self.retake(mat))
                actions.add_widget(re)
            if not m["key"] and not pages and m["id"] not in core.session.deferred:
                later = KButton(text=_("暂时没有，稍后补交"), kind="secondary", name=f"defer_{m['id']}")
                later.bind(on_release=lambda _b, mat=m: self.defer(mat))
                actions.add_widget(later)
            box.add_widget(row)

    def capture(self, material: dict) -> None:
        CaptureView(material=material, when_page=lambda data, mid=material["id"]: self._got(mid, data)).open()

    def _got(self, material_id: str, data: bytes) -> None:
        self.core.journey.add_page(material_id, data)
        self.build()

    def retake(self, material: dict) -> None:
        self.core.journey.remove_pages(material["id"])
        self.capture(material)

    def defer(self, material: dict) -> None:
        self.core.journey.defer(material["id"])
        self.build()

    def next(self) -> None:
        missing = self.core.journey.missing_key_materials()
        if missing:
            self.error = _("还缺以下必须提供的材料：") + "、".join(m["name"] for m in missing)
            return
        undecided = [m for m in self.core.journey.materials_to_capture()
                     if not self.core.session.pages.get(m["id"]) and m["id"] not in self.core.session.deferred]
        for m in undecided:        # non-key and neither captured nor deferred: it follows later
            self.core.journey.defer(m["id"])
        self.app.next()

    def clear_personal(self) -> None:
        self.error = ""
        if "rows" in self.ids:
            self.ids.rows.clear_widgets()


load_kv_for(__name__)
