"""The lobby display (LobbyApp) and its slide: one theme's number and name, its flowchart, the departments
reviewing in parallel, how long, the window and the one set of documents, for a landscape hall screen
read from a few metres.

LobbyApp is a small App of its own, not a mode of KioskApp: the kiosk's App owns a citizen session and
its wipe, devices, the outbox sender, the inactivity timer and touchable chrome. A lobby needs none of
them, so it cannot show personal data, open a device or wait for the hall server.

It is a display: nothing on it can be pressed, and every touch is swallowed (see LobbyScreen.on_touch_down).
Texts are Chinese with English beside them where it fits: English names come from the catalogue
(`name_en`), English lines from the kiosk's English catalogue (kiosk.po), whatever display.language says.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

from kiosk import i18n
from kiosk.i18n import N_, _
from kiosk.lobby import Rotation
from kiosk.now_serving import Board, Call

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from . import style
from .base import load_kv_for
from .flowchart import Flowchart  # noqa: F401 - used in kv


#: The layout is drawn for this many lines; other screens scale every size by height / 1080.
DESIGN_HEIGHT = 1080
#: How long a new call stays highlighted on the band.
HIGHLIGHT_S = 10.0


def english(msgid: str) -> str:
    """A line's English, for the line under its Chinese; the current language when English is missing."""
    return i18n.catalogue("en").get(msgid) or _(msgid)


def both(msgid: str) -> str:
    """'请到自助服务机办理 · Apply at the self-service kiosks': Chinese and English on one line."""
    en = english(msgid)
    return f"{_(msgid)} · {en}" if en != msgid else _(msgid)


class LobbyLabel(Label):
    """A label that wraps to its width and takes the height of its text; `role` picks the size."""

    role = StringProperty("body")   # title, value, body, muted, bar


class LobbyTile(BoxLayout):
    heading = StringProperty("")
    value = StringProperty("")
    detail = StringProperty("")
    value_sp = NumericProperty(style.LOBBY_VALUE_SP)


class SlideProgress(Widget):
    """How much of this slide's time has passed (0-1): people see when the next theme comes."""

    progress = NumericProperty(0.0)


_told: set[str] = set()


def ignored(what: str) -> None:
    """One line per slide and kind when a touch or key is ignored: a field engineer (and the tests) can
    see that the screen gets input and swallows it, without a flood when people keep touching."""
    if what not in _told:
        _told.add(what)
        print(f"lobby: ignored a {what}", flush=True)


class CallCell(BoxLayout):
    """One window's latest call: the ticket big, the window's name under it; highlighted when just called."""

    ticket = StringProperty("")
    window = StringProperty("")
    highlighted = BooleanProperty(False)


class NowServingBand(BoxLayout):
    """正在叫号: the latest call per window and the last few calls, or why there are none. Shows only what
    kiosk.now_serving.Board holds: ticket numbers and window names."""

    message = StringProperty("")        # 叫号系统连接中断 / 暂无叫号; empty when calls are shown
    recent = StringProperty("")
    warning = BooleanProperty(False)

    def show(self, board: Board, highlight: Call | None) -> None:
        cells = self.ids.cells
        cells.clear_widgets()
        if board.connected is False:
            self.warning = True
            self.message = both(N_("叫号系统连接中断"))
            self.recent = ""
            return
        self.warning = False
        if not board.windows:
            self.message = both(N_("暂无叫号")) if board.connected else ""
            self.recent = ""
            return
        self.message = ""
        for call in board.windows:
            cells.add_widget(CallCell(ticket=call.ticket, window=call.window,
                                      highlighted=highlight is not None and call.key == highlight.key))
        self.recent = "  ".join(c.ticket for c in board.history)


class LobbyScreen(BoxLayout):
    """The whole lobby window. Strings, not a dict, carry the slide into kv (dict bindings proved unreliable)."""

    number = StringProperty("")
    name = StringProperty("")
    name_en = StringProperty("")
    position = StringProperty("")
    hint = StringProperty("")
    qr = ObjectProperty(None, allownone=True)

    def on_touch_down(self, touch):
        ignored("touch")
        return True      # a display: no touch reaches anything, and nothing leaves it

    def on_touch_move(self, touch):
        return True

    def on_touch_up(self, touch):
        return True

    def show(self, slide: dict, position: str) -> None:
        self.number = str(slide["no"])
        self.name = slide["name"]
        self.name_en = slide["name_en"]
        self.position = position
        self.ids.chart.graph = slide["flowchart"]
        depts = slide["departments"]
        ids = self.ids
        ids.days.heading = _("办理时限")
        ids.days.value = _("约{days}个工作日").format(days=slide["working_days"])
        ids.days.detail = english(N_("约{days}个工作日")).format(days=slide["working_days"])
        ids.depts.heading = _("审批部门")
        ids.depts.value = _("{n}个部门").format(n=len(depts))
        ids.depts.detail = _("各部门同时审批") if len(depts) > 1 else \
            _("{n}个事项一次办好").format(n=slide["matters"])
        ids.materials.heading = _("一套材料")
        ids.materials.value = _("{n}份").format(n=slide["materials"])
        ids.materials.detail = _("分别办理需{n}份").format(n=slide["materials_separate"])
        ids.window.heading = _("办理窗口")
        ids.window.value = slide["window"]
        ids.window.detail = _("{place} · 排队号{letter}字头").format(place=slide["location"],
                                                                 letter=slide["ticket_prefix"])
        self.hint = both(N_("请到自助服务机办理：一次告知、一表申请、一套材料"))


class LobbyApp(App):
    """Cycles the rotation's slides every `seconds`; with `once` stops after the last, with `out` saves
    each slide as PNG (and its labels as JSON) as fast as it draws, then stops."""

    title = "梅县区一件事 大厅展示"
    k = NumericProperty(1.0)            # size scale for this screen (1 at 1920x1080)
    heading = StringProperty("")

    def __init__(self, cfg, rotation: Rotation, seconds: float, once: bool = False, out: str | None = None,
                 announcer_factory=None, **kw):
        super().__init__(**kw)
        self.announcer_factory = announcer_factory     # (done callback) -> kiosk.announce.Announcer
        self.cfg, self.rotation, self.seconds, self.once = cfg, rotation, seconds, once
        self.out = Path(out) if out else None
        self.exit_code = 0
        self.captured: list[dict] = []
        self._since = 0.0
        self.board: Board | None = None
        self.poller = None
        self.announcer = None
        self.highlight: Call | None = None
        self._unhighlight = None
        self._waited = 0
        self._band_shown = self._settled = 0   # band changes so far / as of the last laid-out capture
        self._band_state_shown = None

    def load_kv(self, filename=None):
        # Kivy would load lobby.kv again for an App named Lobby…App: its rules would apply twice.
        return True

    def build(self):
        Window.clearcolor = style.BACKGROUND
        Window.show_cursor = False       # nobody points at a lobby screen
        Window.bind(on_keyboard=lambda *_a: ignored("key") or True)    # Escape does not leave either
        self.k = Window.height / DESIGN_HEIGHT
        self._heading()
        root = LobbyScreen()
        qr_url = self.cfg.get("lobby", "qr_url")
        if qr_url:
            from .done import qr_texture
            root.qr = qr_texture(qr_url)
        return root

    def _heading(self) -> None:
        cat = self.rotation.catalogue
        self.heading = cat.title + (f"  {cat.title_en}" if cat.title_en else "")

    def on_start(self):
        self._show()
        self._start_calls()
        if self.out is not None:
            self.out.mkdir(parents=True, exist_ok=True)
            # The first frames come late after the window opens: wait for them, then a few per slide.
            Clock.schedule_once(lambda _dt: Clock.schedule_once(self._capture, 1.0), 0)
        else:
            Clock.schedule_interval(self._tick, 1 / 15)

    # -- now serving ------------------------------------------------------------------------------------
    def _start_calls(self) -> None:
        """The band and the voice, when [lobby] calls is on. The poller's thread only hands answers over;
        every widget change happens here, on the UI thread."""
        from kiosk.now_serving import Poller

        calls = self.cfg.get("lobby", "calls")
        if calls == "off":
            self.root.ids.band.opacity = 0
            self.root.ids.band.height = 0
            return
        self.board = Board(recent_count=int(self.cfg.get("lobby", "recent")))
        if self.announcer_factory is not None and self.out is None:
            self.announcer = self.announcer_factory(self._announced)
        self.root.ids.band.show(self.board, None)
        post = lambda fn: lambda value: Clock.schedule_once(lambda _dt: fn(value), 0)  # noqa: E731
        self.poller = Poller(self.cfg.get("kiosk", "backend_url"), int(self.cfg.get("lobby", "poll_ms")) / 1000,
                             post(self._on_board), post(self._on_unreachable),
                             ca_file=self.cfg.get("kiosk", "ca_file") or None,
                             recent=self.board.recent_count).start()

    def _show_band(self) -> None:
        b = self.board
        state = (b.connected, tuple(c.key for c in b.windows), tuple(c.ticket for c in b.history),
                 self.highlight.key if self.highlight else None)
        if state != self._band_state_shown:       # every poll answers; only a change redraws the band
            self._band_state_shown = state
            self._band_shown += 1
            self.root.ids.band.show(b, self.highlight)

    def _snapshot_only(self) -> None:
        """--out draws the band as the hall answered once: no more polling while the slides are saved."""
        if self.out is not None and self.poller is not None:
            self.poller.stop()

    def _on_board(self, payload) -> None:
        self._snapshot_only()
        was = self.board.connected
        new = self.board.update(payload)
        if was is not True:
            print("lobby calls connected", flush=True)
        if new:
            self.highlight = new[-1]
            if self._unhighlight is not None:
                self._unhighlight.cancel()
            self._unhighlight = Clock.schedule_once(self._end_highlight, HIGHLIGHT_S)
        self._show_band()
        for call in new:
            # What the journal (and the tests) follow: the call is on screen now.
            print(f"lobby call {call.ticket} {call.window}", flush=True)
            if self.announcer is not None:
                self.announcer.announce(call.ticket, call.window)

    @staticmethod
    def _announced(ticket: str, error: str | None) -> None:
        # On the announcer's thread: a print only, no widget.
        print(f"lobby announced {ticket}" if error is None else f"lobby announcement of {ticket} failed: {error}",
              flush=True)

    def _on_unreachable(self, reason: str) -> None:
        self._snapshot_only()
        if self.board.failed():
            print(f"lobby calls unreachable: {reason}", flush=True)
        self._show_band()

    def _end_highlight(self, _dt) -> None:
        self.highlight = None
        if self.board is not None:
            self._show_band()

    def on_stop(self):
        if self.poller is not None:
            self.poller.stop()
        if self.announcer is not None:
            self.announcer.close()

    def _show(self) -> None:
        slide = self.rotation.current
        _told.clear()
        self._since = time.monotonic()
        self.root.ids.progress.progress = 0
        self.root.show(slide, self.rotation.position)
        # One line per slide: what a field engineer (and the tests) can follow without a screen.
        print(f"lobby {self.rotation.position.replace(' ', '')} theme {slide['no']} {slide['name']}", flush=True)

    def _advance(self) -> bool:
        """Next slide; False when --once has shown every theme and the app is stopping."""
        wrapped = self.rotation.advance()
        if wrapped and (self.once or self.out is not None):
            self.stop()
            return False
        if wrapped:
            self._heading()
        self._show()
        return True

    def _tick(self, _dt):
        elapsed = time.monotonic() - self._since
        self.root.ids.progress.progress = min(1.0, elapsed / self.seconds)
        if elapsed >= self.seconds:
            return self._advance()

    def _capture(self, _dt) -> None:
        from .app import save_screenshot

        if self.board is not None and self.board.connected is None and self._waited < 50:
            self._waited += 1       # the band shows the hall's answer (or that there is none) before a picture
            Clock.schedule_once(self._capture, 0.1)
            return
        if self.board is not None and self._settled != self._band_shown:
            self._settled = self._band_shown    # the band changed: let it lay out and draw first
            self._after_frames(4, self._capture)
            return
        slide = self.rotation.current
        name = f"slide-{self.rotation.index + 1:02d}-theme-{slide['no']:02d}.png"
        save_screenshot(Window, self.root, str(self.out / name))
        self.captured.append({"file": name, "position": self.rotation.position, "theme": slide["no"],
                              "name": slide["name"]})
        if len(self.captured) == len(self.rotation.slides):
            (self.out / "index.json").write_text(json.dumps(
                {"size": list(Window.size), "catalogue": self.rotation.catalogue.version,
                 "slides": self.captured, "now_serving": self._band_state()}, ensure_ascii=False, indent=1),
                encoding="utf-8")
        if self._advance():
            self._after_frames(4, self._capture)

    def _band_state(self) -> dict | None:
        if self.board is None:
            return None
        b = self.board
        return {"connected": b.connected,
                "windows": [{"ticket": c.ticket, "window": c.window, "called_at": c.called_at} for c in b.windows],
                "recent": [c.ticket for c in b.history]}

    def _after_frames(self, frames: int, then) -> None:
        """Frames, not seconds: layout, then textures, then drawing each take one, however busy the machine."""
        if frames <= 0:
            then(0)
        else:
            Clock.schedule_once(lambda _dt: self._after_frames(frames - 1, then), 0)


load_kv_for(__name__)
