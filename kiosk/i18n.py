"""The language layer: gettext-style `_()` over locale/*.po, a switchable language, change listeners.

Source strings are Simplified Chinese (the kiosk's first language), so a missing translation falls
back to the Chinese a Meixian citizen can still read. Catalogues are read from the .po files with
polib at start-up: nothing to compile, so a fresh checkout runs as it is.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

import polib

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
DOMAIN = "kiosk"
LOCALE_DIR = Path(os.environ.get("KIOSK_LOCALE_DIR") or Path(__file__).resolve().parent / "locale")

Listener = Callable[[str], None]

_current = SOURCE_LANGUAGE
_catalogues: dict[str, dict[str, str]] = {}
_listeners: list[Listener] = []
_missing: set[str] = set()


def N_(msgid: str) -> str:
    """Mark a string for the catalogue without translating it now (gettext's convention)."""
    return msgid


def _(msgid: str, *depends_on: object) -> str:
    """Translate into the current language.

    Extra arguments are ignored on purpose: in a .kv rule, `_("首页", app.language)` makes Kivy
    re-evaluate the text when app.language changes, without this module knowing about Kivy.
    """
    if _current == SOURCE_LANGUAGE:
        return msgid
    text = catalogue(_current).get(msgid)
    if not text:
        # Kept for diagnostics, not logged: a misused _(f"...") could carry a citizen's details.
        _missing.add(msgid)
        return msgid
    return text


def po_path(lang: str, locale_dir: Path | None = None) -> Path:
    return (locale_dir or LOCALE_DIR) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_po(path: Path) -> dict[str, str]:
    """msgid -> translation, leaving out fuzzy, obsolete and empty entries (they must fall back)."""
    po = polib.pofile(str(path), encoding="utf-8")
    return {e.msgid: e.msgstr for e in po if e.msgstr and not e.obsolete and "fuzzy" not in e.flags}


def catalogue(lang: str) -> dict[str, str]:
    """Loaded once per language; a missing file is an error at switch time, not silent Chinese."""
    if lang not in _catalogues:
        path = po_path(lang)
        if not path.is_file():
            raise FileNotFoundError(f"no catalogue for language {lang!r}: {path} is missing")
        _catalogues[lang] = read_po(path)
    return _catalogues[lang]


def current_language() -> str:
    return _current


def set_language(lang: str) -> None:
    """Switch and tell every listener; one failing listener must not leave others in the old language."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    if lang != SOURCE_LANGUAGE:
        catalogue(lang)
    if lang == _current:
        return
    _current = lang
    for listener in list(_listeners):
        try:
            listener(lang)
        except Exception:
            log.exception("language listener %r failed", getattr(listener, "__qualname__", listener))


def toggle_language() -> str:
    """The one-tap 中文/English button: to English from Chinese, back to Chinese from anything else."""
    set_language("en" if _current == SOURCE_LANGUAGE else SOURCE_LANGUAGE)
    return _current


def add_listener(listener: Listener) -> None:
    """Called with the new language code after each switch. Screens refresh their texts here."""
    if listener not in _listeners:
        _listeners.append(listener)


def remove_listener(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def missing_at_runtime() -> set[str]:
    """Source strings asked for in English this session that had no translation."""
    return set(_missing)


def reload(locale_dir: Path | None = None) -> None:
    """Forget loaded catalogues (after the extractor ran, or to point tests at another folder)."""
    global LOCALE_DIR
    if locale_dir is not None:
        LOCALE_DIR = Path(locale_dir)
    _catalogues.clear()
    _missing.clear()


def check_catalogue(pot: Path, po: Path) -> list[str]:
    """Every msgid of the template must have a non-empty, non-fuzzy translation; one line per problem."""
    template = polib.pofile(str(pot), encoding="utf-8")
    translated = read_po(po) if po.is_file() else {}
    problems = []
    for entry in template:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid not in translated:
            where = ", ".join(f"{f}:{n}" for f, n in entry.occurrences[:3])
            problems.append(f"{po}: no translation for {entry.msgid!r}" + (f" ({where})" if where else ""))
    if not po.is_file():
        problems.insert(0, f"{po}: catalogue missing")
    return problems


#: Strings on screen before their screens wrap them in _() (home) or exist (the journey screens), so
#: the English is in the catalogue when they arrive. An entry may stay once a screen uses it too.
PLANNED = (
    N_("梅县区“一件事”自助服务"), N_("请选择您要办理的事情 · 一次告知、一表申请、一套材料"),
    N_("个人办事"), N_("企业办事"), N_("目录版本"), N_("个事项"), N_("个部门"),
    N_("首页"), N_("返回"), N_("呼叫工作人员"), N_("长辈模式"), N_("朗读"), N_("重复"), N_("停止"),
    N_("音量"), N_("English"), N_("中文"), N_("下一步"), N_("上一步"), N_("确认"), N_("取消"),
    N_("打印"), N_("继续办理"), N_("需要更多时间吗？"), N_("请将身份证放在读卡区"), N_("正在读取身份证…"),
    N_("扫描二维码"), N_("拍摄材料"), N_("暂时没有，稍后补交"), N_("检查您填写的信息"), N_("修改"),
    N_("提交"), N_("正在提交…"), N_("办理完成"), N_("您的受理回执"), N_("您的排队号"),
    N_("请到以下窗口办理"), N_("打印机缺纸，请用手机扫码保存"), N_("网络暂时中断，申请已保存，将自动发送"),
    N_("扬声器"), N_("耳机"),
)
