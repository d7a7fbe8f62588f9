"""语音导办 (audio guide): choose a theme, hear its notice (一次告知) and print it without seeing the screen.

The screen (screens/audio_guide.py) turns big screen-wide zones into five moves — previous, next,
choose, back, repeat — and says what each move returns. Lists are read one item at a time with their
position ("第5项，共22项"), as blind-accessible kiosks and ATMs do, and never wrap round silently.
No Kivy here and nothing personal: themes and notices are public, so nothing needs wiping but the place
in the lists.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .i18n import N_, _
from .speech import Utterance, speakable
from .speech.choice import VOICE_NAMES, VoiceChoice

CATEGORIES = (("personal", N_("个人办事")), ("business", N_("企业办事")))
FORMS = {"original": N_("原件"), "copy": N_("复印件"), "original_and_copy": N_("原件及复印件"),
         "electronic": N_("电子版")}
#: Pauses (ms) between the parts of one utterance: long enough to tell one section from the next.
PAUSE_ITEM, PAUSE_SECTION = 500, 900


@dataclass(frozen=True)
class Item:
    """One thing in the current list: `label` is shown large, `text` is said when it is reached."""
    kind: str          # category, theme, section, print, exit
    label: str
    text: str
    key: str = ""      # the category or theme id


@dataclass(frozen=True)
class Say:
    """What the screen does after a move: say `utterance`, then `action` (print, exit) if any."""
    utterance: Utterance
    action: str | None = None

    @property
    def text(self) -> str:
        return self.utterance.text


class AudioGuide:
    """Three levels: categories -> the themes of one category (by number) -> the chosen theme's notice.

    `notice_of(theme_id)` is KioskCore's merged notice for a theme; `lang` follows the kiosk's language
    (`_()` already translates into it). With a `voice` offering Hakka, the top list starts with an entry that
    switches the voice; every prompt and the catalogue's text are then said in Hakka where the Hakka table
    covers them, in Mandarin part by part otherwise (kiosk/speech/voicing.py).
    """

    def __init__(self, catalogue, notice_of: Callable[[str], dict], lang: str = "zh_CN",
                 voice: VoiceChoice | None = None):
        self.catalogue = catalogue
        self.notice_of = notice_of
        self.lang = lang
        self.voice = voice      # the session's 普通话 / 客家话 (KioskCore.voice); None: always the kiosk's language
        self.level = "categories"
        self.index = 0
        self.category = ""
        self.theme_id = ""
        self.items: list[Item] = []

    # -- moves ----------------------------------------------------------------------------------------

    def start(self) -> Say:
        """Entering audio mode: what it is, how to move, then the first item."""
        self._show_categories()
        return self._say([_("语音导办已开启。") + self.help_text()], self._position())

    def next(self) -> Say:
        if self.index + 1 >= len(self.items):
            return self._say([_("已是最后一项。")], self._position())
        self.index += 1
        return self._say([], self._position())

    def previous(self) -> Say:
        if self.index == 0:
            return self._say([_("已是第一项。")], self._position())
        self.index -= 1
        return self._say([], self._position())

    def repeat(self) -> Say:
        return self._say([], self._position())

    def choose(self) -> Say:
        item = self.current
        if item.kind == "category":
            self.category = item.key
            self._show_themes()
            return self._say([_("{name}，共{n}项。").format(name=item.label, n=len(self.items))],
                             self._position())
        if item.kind == "theme":
            return self._open_notice(item.key)
        if item.kind == "print":
            return Say(self._utter([_("正在打印告知单，请稍候。")]), action="print")
        if item.kind == "exit":
            return Say(self._utter([_("已退出语音导办。")]), action="exit")
        if item.kind == "voice":
            self.voice.choose(item.key)
            self._show_categories()
            return self._say([_("已改用{name}。").format(name=_(VOICE_NAMES[item.key]))], self._position())
        return self._say([item.text])          # a notice section: read it again

    def back(self) -> Say:
        if self.level == "notice":
            chosen = self.theme_id
            self._show_themes()
            self.index = next((i for i, it in enumerate(self.items) if it.key == chosen), 0)
            return self._say([_("返回事项列表。")], self._position())
        if self.level == "themes":
            chosen = self.category
            self._show_categories()
            self.index = next((i for i, it in enumerate(self.items) if it.key == chosen), 0)
            return self._say([_("返回分类。")], self._position())
        return Say(self._utter([_("已退出语音导办。")]), action="exit")

    def printed(self, ok: bool) -> Say:
        """The printer's answer, said at once: the citizen is waiting at the slot."""
        if ok:
            return self._say([_("告知单已打印，请在出纸口取走。")])
        return self._say([_("打印机暂时不能打印。请向工作人员求助，工作人员可以为您打印告知单。")])

    def still_there(self) -> Say:
        """Said after a long quiet spell: the timeout dialog of the sighted journey cannot be seen."""
        return Say(self._utter([_("您还在吗？轻触屏幕任意位置继续；三十秒后将退出语音导办。")]))

    def help_text(self) -> str:
        return _("轻触屏幕上部，听上一项；轻触屏幕下部，听下一项；轻触屏幕中间，选择这一项。"
                 "屏幕最下方，左边是返回，右边是重听。")

    @property
    def current(self) -> Item:
        return self.items[self.index]

    # -- lists ----------------------------------------------------------------------------------------

    def _en(self) -> bool:
        return self.lang.startswith("en")

    def _theme_name(self, t) -> str:
        return (t.name_en or t.name) if self._en() else t.name

    def _show_categories(self) -> None:
        self.level, self.index, self.theme_id = "categories", 0, ""
        present = {t.category for t in self.catalogue.enabled_themes()}
        self.items = [Item("category", _(label), _(label), key) for key, label in CATEGORIES if key in present]
        if self.voice is not None and self.voice.choosable(self.lang):
            name = _(VOICE_NAMES[self.voice.other()])
            self.items.insert(0, Item("voice", name, _("改用{name}朗读").format(name=name), self.voice.other()))
        self.items.append(Item("exit", _("退出语音导办"), _("退出语音导办，回到开始页面。")))

    def _show_themes(self) -> None:
        self.level, self.index, self.theme_id = "themes", 0, ""
        themes = sorted((t for t in self.catalogue.enabled_themes() if t.category == self.category),
                        key=lambda t: t.no)
        self.items = [Item("theme", self._theme_name(t), self._theme_name(t), t.id) for t in themes]

    def _open_notice(self, theme_id: str) -> Say:
        theme = self.catalogue.theme(theme_id)
        sections = self.sections(self.notice_of(theme.id), theme)
        self.level, self.theme_id = "notice", theme.id
        self.items = sections + [Item("print", _("打印告知单"),
                                      _("打印告知单：轻触屏幕中间即可打印。"))]
        self.index = len(self.items) - 1       # after reading it all, one tap in the middle prints it
        parts = [_("已选择：{name}。下面朗读一次告知。").format(name=self._theme_name(theme))]
        parts += [s.text for s in sections]
        parts.append(_("要打印这份告知单，请轻触屏幕中间。轻触上部或下部可以逐段重听。"))
        return self._say(parts)

    def sections(self, n: dict, theme) -> list[Item]:
        """The notice as a blind citizen hears it: what it covers, what to bring (and what may follow
        later), where, how long, what it costs."""
        en = self._en()
        depts = self.catalogue.departments
        summary = (theme.summary_en or theme.summary) if en else theme.summary
        matters = []
        for m in n["matters"]:
            name = (m.get("name_en") or m["name"]) if en else m["name"]
            dept = (depts[m["department"]].name_en or m["department_name"]) if en else m["department_name"]
            matters.append(_("{matter}，由{dept}办理").format(matter=name, dept=dept))
        covers = _("{name}。{summary}包括{n}个事项：{list}。").format(
            name=self._theme_name(theme), summary=summary, n=len(matters), list=_("；").join(matters))
        bring, later, shared = [], [], []
        for m in n["materials"]:
            if m["generated"]:
                continue
            name = self._material_name(m)
            if m["from_matter"]:
                shared.append(name)
            elif m["provide"]:
                bring.append(_("{i}，{name}，{form}").format(i=len(bring) + 1, name=name, form=_(FORMS[m["form"]])))
                if not m["key"]:
                    later.append(name)
        materials = _("请带齐以下{n}项材料：{list}。").format(n=len(bring), list=_("；").join(bring))
        if later:
            materials += _("其中，{list}可以容缺受理，以后补交。").format(list=_("、").join(later))
        if shared:
            materials += _("{list}由部门内部共享，无需提供。").format(list=_("、").join(shared))
        loc, t, fee = n["location"], n["time"], n["fees"]["total"]     # where this kiosk sends the citizen
        place, window = ((loc.get("name_en") or loc["name"]), (loc.get("window_en") or loc["window"])) if en \
            else (loc["name"], loc["window"])
        return [
            Item("section", _("办理事项"), covers),
            Item("section", _("所需材料"), materials),
            Item("section", _("办理地点"), _("办理地点：{place}，{window}。").format(
                place=place, window=window)),
            Item("section", _("办理时限"), _("办理时限：约{days}个工作日，各部门同时审批。").format(
                days=t["total_working_days"])),
            Item("section", _("收费"), _("收费：不收费。") if fee == 0 else
                 _("收费：约{fee}元。").format(fee=f"{fee:g}")),
        ]

    def _material_name(self, m: dict) -> str:
        if not self._en() or not m.get("name_en"):
            return m["name"]
        who = m.get("holder_label_en")
        return f"{who}: {m['name_en']}" if who else m["name_en"]

    # -- speech ---------------------------------------------------------------------------------------

    def _position(self) -> str:
        item = self.current
        if self.level == "notice":
            return item.text
        return _("第{i}项，共{n}项：{text}").format(i=self.index + 1, n=len(self.items), text=item.text)

    def _say(self, parts: list[str], then: str | None = None) -> Say:
        return Say(self._utter(parts + ([then] if then else [])))

    def _utter(self, parts: list[str]) -> Utterance:
        spoken = [speakable(p, self.lang) for p in parts if p]
        pauses = [PAUSE_SECTION if len(p) > 40 else PAUSE_ITEM for p in spoken]
        utterance = Utterance(tuple(zip(spoken, pauses[:-1] + [0])), self.lang)
        return self.voice.prepare(utterance) if self.voice is not None else utterance
