"""The language layer: English one tap away, listeners told, fallback to Chinese, complete catalogue."""
from __future__ import annotations

import importlib.util
import io
import shutil
from pathlib import Path

import polib
import pytest

from kiosk import i18n
from kiosk.i18n import _

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("extract_strings", ROOT / "tools" / "extract_strings.py")
extract_strings = importlib.util.module_from_spec(spec)
spec.loader.exec_module(extract_strings)

ON_SCREEN = ["梅县区“一件事”自助服务", "请选择您要办理的事情 · 一次告知、一表申请、一套材料", "个人办事",
             "企业办事", "目录版本", "个事项", "个部门", "首页", "返回", "呼叫工作人员", "长辈模式", "朗读", "重复",
             "停止", "音量", "English", "中文", "下一步", "上一步", "确认", "取消", "打印", "继续办理",
             "需要更多时间吗？", "请将身份证放在读卡区", "正在读取身份证…", "扫描二维码", "拍摄材料",
             "暂时没有，稍后补交", "检查您填写的信息", "修改", "提交", "正在提交…", "办理完成", "您的受理回执",
             "您的排队号", "请到以下窗口办理", "打印机缺纸，请用手机扫码保存", "网络暂时中断，申请已保存，将自动发送"]


@pytest.fixture(autouse=True)
def fresh_language():
    i18n.reload(ROOT / "kiosk" / "locale")
    i18n.set_language("zh_CN")
    yield
    for listener in list(i18n._listeners):
        i18n.remove_listener(listener)
    i18n.set_language("zh_CN")
    i18n.reload(ROOT / "kiosk" / "locale")


def test_every_string_in_the_code_has_an_english_translation():
    # Extracts afresh from screens/ and kiosk/: a new _("...") without English fails here, even if
    # nobody re-ran the extractor.
    assert extract_strings.check(ROOT) == []


def test_strings_on_screen_and_in_the_journey_are_translated():
    i18n.set_language("en")
    untranslated = [s for s in ON_SCREEN if _(s) == s and s not in ("English", "中文")]
    assert untranslated == []
    assert _("首页") == "Home" and _("中文") == "中文" and _("English") == "English"


def test_switching_language_calls_listeners_and_translates():
    heard = []
    i18n.add_listener(heard.append)
    assert _("返回") == "返回"
    assert i18n.toggle_language() == "en"
    assert heard == ["en"] and _("返回") == "Back" and i18n.current_language() == "en"
    i18n.set_language("en")                     # no change, no call
    i18n.toggle_language()
    assert heard == ["en", "zh_CN"] and _("返回") == "返回"


def test_a_failing_listener_does_not_stop_the_others():
    heard = []

    def broken(lang):
        raise RuntimeError("screen gone")

    i18n.add_listener(broken)
    i18n.add_listener(heard.append)
    i18n.set_language("en")
    assert heard == ["en"]


def test_kv_dependency_argument_is_ignored():
    i18n.set_language("en")
    assert _("确认", "en") == "Confirm"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_language("fr")


def make_project(tmp_path: Path) -> Path:
    """A scratch checkout: our catalogues plus one screen, so the tools run on real files."""
    (tmp_path / "screens").mkdir()
    (tmp_path / "kiosk").mkdir()
    shutil.copytree(ROOT / "kiosk" / "locale", tmp_path / "kiosk" / "locale")
    shutil.copy(ROOT / "kiosk" / "i18n.py", tmp_path / "kiosk" / "i18n.py")
    (tmp_path / "screens" / "sample.py").write_text('from kiosk.i18n import _\nTITLE = _("首页")\n',
                                                     encoding="utf-8")
    return tmp_path


def test_checker_reports_a_new_untranslated_string(tmp_path):
    root = make_project(tmp_path)
    (root / "screens" / "sample.kv").write_text('Label:\n    text: _("新的提示", app.language)\n',
                                                encoding="utf-8")
    problems = extract_strings.check(root)
    assert any("stale" in p and "新的提示" in p for p in problems)
    extract_strings.update(root, out=io.StringIO())
    problems = extract_strings.check(root)
    assert len(problems) == 1 and "新的提示" in problems[0] and "screens/sample.kv:2" in problems[0]
    assert extract_strings.main(["--check", "--root", str(root)]) == 1


def test_missing_translation_falls_back_to_chinese_and_is_reported(tmp_path):
    root = make_project(tmp_path)
    po_file = root / "kiosk" / "locale" / "en" / "LC_MESSAGES" / "kiosk.po"
    po = polib.pofile(str(po_file))
    po.find("打印").msgstr = ""
    po.find("取消").flags.append("fuzzy")
    po.save(str(po_file))
    problems = i18n.check_catalogue(root / "kiosk" / "locale" / "kiosk.pot", po_file)
    assert sorted(p.split("for ")[1].split(" (")[0] for p in problems) == ["'取消'", "'打印'"]
    i18n.reload(root / "kiosk" / "locale")
    i18n.set_language("en")
    assert _("打印") == "打印" and _("取消") == "取消" and _("首页") == "Home"
    assert i18n.missing_at_runtime() == {"打印", "取消"}


def test_extractor_finds_strings_in_kv_and_py(tmp_path):
    py = ('"""Doc mentioning _("不是调用")."""\nfrom kiosk.i18n import _, N_\n'
          'A = _("你好")\nB = _(\'单引号\')\nC = N_("标记")\nD = _("多" "段")\n# _("注释")\nE = f(_("你好"))\n')
    kv = ('#:import _ kiosk.i18n._\n<Home>:\n    # text: _("注释里")\n    Label:\n'
          '        text: _("首页", app.language) + " " + _(\'版本\')\n    Button:\n        text: root._("no")\n')
    assert extract_strings.extract_py(py, "x.py") == [("你好", 3), ("单引号", 4), ("标记", 5), ("多段", 6),
                                                      ("你好", 8)]
    assert extract_strings.extract_kv(kv) == [("首页", 5), ("版本", 5)]
    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "home.kv").write_text(kv, encoding="utf-8")
    (tmp_path / "kiosk" / "sub").mkdir(parents=True)
    (tmp_path / "kiosk" / "sub" / "m.py").write_text(py, encoding="utf-8")
    found = extract_strings.extract(tmp_path)
    assert found["你好"] == [("kiosk/sub/m.py", "3"), ("kiosk/sub/m.py", "8")]
    assert found["首页"] == [("screens/home.kv", "5")]


def test_merge_keeps_translations_and_obsoletes_rather_than_deletes(tmp_path):
    root = make_project(tmp_path)
    log = io.StringIO()
    extract_strings.update(root, out=log)
    po_file = root / "kiosk" / "locale" / "en" / "LC_MESSAGES" / "kiosk.po"
    po = polib.pofile(str(po_file))
    assert po.find("首页").msgstr == "Home" and po.find("打印").msgstr == "Print"
    (root / "screens" / "sample.py").write_text("X = 1\n", encoding="utf-8")
    (root / "kiosk" / "i18n.py").write_text("", encoding="utf-8")
    extract_strings.update(root, out=log)
    po = polib.pofile(str(po_file))
    assert [e.msgid for e in po if not e.obsolete] == []
    assert po.find("首页", include_obsolete_entries=True).msgstr == "Home"
    (root / "screens" / "sample.py").write_text('T = _("首页")\n', encoding="utf-8")
    extract_strings.update(root, out=log)
    assert polib.pofile(str(po_file)).find("首页").msgstr == "Home"      # revived, not re-translated
    assert extract_strings.check(root) == []


def test_the_catalogue_files_are_up_to_date_byte_for_byte(tmp_path):
    # Rerunning the extractor on this checkout changes nothing: what is committed is what it writes.
    for rel in ("kiosk", "screens"):
        shutil.copytree(ROOT / rel, tmp_path / rel, ignore=shutil.ignore_patterns("__pycache__"))
    extract_strings.update(tmp_path, out=io.StringIO())
    for rel in ("kiosk/locale/kiosk.pot", "kiosk/locale/en/LC_MESSAGES/kiosk.po"):
        assert (tmp_path / rel).read_bytes() == (ROOT / rel).read_bytes(), rel
