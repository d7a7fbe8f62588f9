"""The catalogue editor's journey (issue 12), defined once like journeys.py's: `kiosk-hall console-tour`
photographs it and tests/console/test_journeys.py runs it. An editor reorders two themes, switches one off,
makes an edit the checks refuse (the error beside its field), fixes it, reads what changes for citizens,
publishes; rollback brings the old order back; a department's reviewer confirms a matter on its sheet."""
from __future__ import annotations

import requests

from .walk import Walk
from .world import EDITOR, REVIEWERS, JourneyFailed, World

MATTER = "birth-registration"          # public-security: 出生登记, in theme 5 (出生一件事)
DEPARTMENT = "public-security"


def home_order(w: Walk) -> list[str]:
    """Theme ids in the order the home list shows them."""
    ids = w._script("return Array.from(document.querySelectorAll('#home tr[id^=theme-]')).map(r => r.id)")
    return [i[len("theme-"):] for i in ids or []]


def kiosk_home(world: World) -> list[str]:
    """The theme ids on the kiosk's home screen in the release kiosks fetch now (through the kiosk API)."""
    r = requests.get(world.url + "/v1/catalogue/bundle", timeout=30,
                     headers={"Authorization": f"Bearer {world.kiosk_token}"})
    if r.status_code != 200:
        raise JourneyFailed(f"bundle: {r.status_code}")
    from content import load_documents, read_bundle

    cat = load_documents(read_bundle(r.content))
    return [t.id for t in cat.enabled_themes()]


def step_editor_home(w: Walk, world: World) -> None:
    w.go("/console/")          # back from wherever the last journey ended (the citizen's page has no menu)
    w.login(EDITOR)
    w.see("首页显示顺序", css="main")            # the editor's start page
    world.home_before = home_order(w)
    if world.home_before != kiosk_home(world):
        raise JourneyFailed(f"the editor's list {world.home_before[:5]} is not the kiosk's home order")
    w.snap("catalogue-home", "目录编辑：首页主题（与自助机首页顺序一致）、上移/下移、下线、改类别")


def step_editor_reorder_and_switch_off(w: Walk, world: World) -> None:
    first, second, third = world.home_before[:3]
    w.submit(f"#down-{first}")
    w.see("已下移", "草稿")
    if home_order(w)[:2] != [second, first]:
        raise JourneyFailed(f"after moving {first} down the list is {home_order(w)[:3]}")
    w.submit(f"#off-{third}")
    w.see("已下线")
    w.el(f"#hidden #theme-{third}")
    if third in home_order(w):
        raise JourneyFailed(f"{third} switched off but still on the home list")
    w.snap("catalogue-reordered", "调整顺序并下线一个主题：只改草稿，自助机仍用现行版本")
    if kiosk_home(world) != world.home_before:
        raise JourneyFailed("a draft change reached the kiosks before publishing")


def step_editor_refused_edit(w: Walk, world: World) -> None:
    w.go(f"/console/catalogue/edit/matters/{MATTER}")
    w.type("#f-time_limit_days", "三天")
    w.submit("#save")
    w.see("请填写整数", css="#err-f-time_limit_days")      # beside the field, in words an editor reads
    w.see("承诺时限", css="#error-summary")                              # and in the summary at the top
    w.snap("catalogue-edit-error", "编辑事项：承诺时限填“三天”，检查不通过，错误显示在该项旁边，不能发布")
    w.go("/console/catalogue/publish")
    w.see("修正之前不能发布", css="#error-summary")
    if w._script("return document.getElementById('publish') !== null"):
        raise JourneyFailed("the publish button is offered for a draft with an error")


def step_editor_fix(w: Walk, world: World) -> None:
    w.go(f"/console/catalogue/edit/matters/{MATTER}")
    w.type("#f-time_limit_days", "3")
    w.submit("#save")
    w.see("已保存到草稿", css="#saved")
    if w._script("return document.getElementById('err-f-time_limit_days') !== null"):
        raise JourneyFailed("the error is still shown after the fix")
    w.snap("catalogue-edit-fixed", "修正后保存：草稿通过全部检查")


def step_editor_diff_and_publish(w: Walk, world: World) -> None:
    w.go("/console/catalogue/publish")
    first, second, third = world.home_before[:3]
    w.see("顺序调整", "从首页下线的主题", "承诺时限 1 → 3 个工作日", css="#diff")
    w.snap("catalogue-diff", "发布前核对：群众将看到的变化（下线、顺序、时限）")
    w.submit("#publish")
    w.see("已发布第 2 版")
    w.see("editor-wang", css="#releases")
    home = kiosk_home(world)
    if home[:2] != [second, first] or third in home:
        raise JourneyFailed(f"after publishing the kiosks' home is {home[:4]}")
    w.snap("catalogue-history", "发布历史：版本、时间、操作人、变化、签名；一键回滚")


def step_editor_forms(w: Walk, world: World) -> None:
    """The other edit forms open with the file's values: a theme, a material, a form field."""
    for path, box, value, name, caption in (
            ("themes/aquatic-wildlife-breeding", "#f-questions-0-text", "您要办理哪些事项", "catalogue-edit-theme",
             "编辑主题：名称、简介、类别、地点、关键词、事项、情形问题和选项"),
            ("materials/marriage-certificate", "#f-name", "结婚证", "catalogue-edit-material", "编辑材料"),
            ("fields/phone", "#f-label", "联系电话", "catalogue-edit-field", "编辑表单字段")):
        w.go(f"/console/catalogue/edit/{path}")
        if value not in (w.el(box).get_attribute("value") or ""):
            raise JourneyFailed(f"{path}: {box} does not show {value!r}")
        w.snap(name, caption)


def step_editor_preview(w: Walk, world: World) -> None:
    w.go("/console/catalogue/preview?theme=birth")
    w.driver.switch_to.frame(w.el("#notice"))
    try:
        w.see("出生", css="body")
    finally:
        w.driver.switch_to.default_content()
    w.snap("catalogue-preview", "告知单预览：每种情形合并后的材料、表单、时限和地点")


def step_editor_rollback(w: Walk, world: World) -> None:
    w.go("/console/catalogue/history")
    w.submit("#rollback-1")
    w.see("已回滚", "重新发布为第 3 版")
    if kiosk_home(world) != world.home_before:
        raise JourneyFailed("rollback did not bring the old home order back to the kiosks")
    w.go("/console/catalogue")
    if home_order(w) != world.home_before:
        raise JourneyFailed(f"after rollback the editor's list is {home_order(w)[:4]}")


def step_department_confirms(w: Walk, world: World) -> None:
    w.login(REVIEWERS[DEPARTMENT])
    w.go("/console/catalogue/review")                 # a reviewer lands on their own department's sheet
    w.see("公安", "事项确认表", css="main")
    w.submit(f"#comment-{MATTER}")
    w.see("请写明需要修改的内容", css=f"#err-{MATTER}")
    w.type(f"#text-{MATTER}", "出生医学证明须为原件")
    w.submit(f"#comment-{MATTER}")
    w.see("意见已提交")
    w.submit(f"#confirm-{MATTER}")
    w.see(f"已确认（{REVIEWERS[DEPARTMENT]}", css=f"#state-{MATTER}")
    w.snap("catalogue-sheet", "部门事项确认表（公安）：逐项确认或提出修改意见")
    w.go(f"/console/catalogue/review/{DEPARTMENT}/print")
    w.print_a4("catalogue-sheet-print", "部门事项确认表打印效果（A4）")
    w.go("/console/catalogue/review/tax")
    w.see("只能确认本部门", css="main")                # another department's sheet is refused


def step_confirmation_overview(w: Walk, world: World) -> None:
    w.login(EDITOR)
    w.go("/console/catalogue/review")
    w.see("出生医学证明须为原件", css="#comments")
    w.see("公安", css="#by-department")
    w.snap("catalogue-review", "部门确认进度：按部门、按主题的已确认/待确认，以及部门意见")


EDITOR_JOURNEY = [step_editor_home, step_editor_reorder_and_switch_off, step_editor_refused_edit, step_editor_fix,
                  step_editor_diff_and_publish, step_editor_forms, step_editor_preview, step_editor_rollback,
                  step_department_confirms, step_confirmation_overview]
