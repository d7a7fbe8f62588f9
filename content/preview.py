"""The merged notice of a theme in each of its situations, as data and as HTML, from the same merge the
kiosk draws its notice screen with (merge.notice): what an editor checks before publishing."""
from __future__ import annotations

from html import escape

from .merge import notice
from .model import Catalogue, Theme

FORMS = {"original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件", "electronic": "电子件"}


def situations(theme: Theme) -> list[dict[str, str]]:
    """Answers worth previewing: none, then each option of each question on its own."""
    out: list[dict[str, str]] = [{}]
    for q in theme.questions:
        out += [{q.id: o.value} for o in q.options]
    return out


def notices(cat: Catalogue, theme: Theme) -> list[dict]:
    """The notice for every situation (situations()), each with the label of the answer chosen."""
    result = []
    for answers in situations(theme):
        label = "；".join(f"{q.text} {o.label}" for q in theme.questions for o in q.options
                         if answers.get(q.id) == o.value) or "未回答情形问题"
        result.append({"answers": answers, "situation": label, "notice": notice(cat, theme, answers)})
    return result


def notice_html(n: dict, situation: str = "") -> str:
    """One notice as an HTML fragment: matters, the one list of documents, where, how long, fees, the steps."""
    e = escape
    t = n["theme"]
    mats = "".join(
        f"<li>{e(m['name'])}（{e(FORMS.get(m['form'], m['form']))}"
        f"{'，可容缺后补' if m['may_follow_later'] else ''}{'' if m['provide'] else '，无需提供'}）</li>"
        for m in n["materials"])
    matters = "".join(f"<li>{e(m['name'])} — {e(m['department_name'])}，{m['time_limit_days']} 个工作日</li>"
                      for m in n["matters"])
    steps = "".join(f"<li>{e(node.get('label', ''))}</li>" for node in n["flowchart"].get("nodes", []))
    return (f"<article class='notice'><h2>{t['no']} {e(t['name'])}</h2>"
            + (f"<p class='situation'>{e(situation)}</p>" if situation else "")
            + f"<p>{e(t['summary'])}</p><h3>涉及事项</h3><ol>{matters}</ol>"
            f"<h3>一次提交材料（{n['counts']['materials_to_provide']} 项）</h3><ol>{mats}</ol>"
            f"<p>办理地点：{e(n['location']['name'])} {e(n['location']['window'])}</p>"
            f"<p>办理时限：{n['time']['total_working_days']} 个工作日；收费：{n['fees']['total']:g} 元</p>"
            f"<h3>办理流程</h3><ol>{steps}</ol></article>")


def theme_html(cat: Catalogue, theme: Theme) -> str:
    """A whole page: the theme's notice in every situation."""
    body = "".join(notice_html(x["notice"], x["situation"]) for x in notices(cat, theme))
    return (f"<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>{escape(theme.name)} 告知单预览</title>"
            f"<style>body{{font-family:'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif}}"
            f".notice{{border:1px solid #999;margin:1em 0;padding:0 1em}}</style>{body}</html>")
