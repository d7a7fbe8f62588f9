"""The console's journeys, defined once: `kiosk-hall console-tour` runs them to take its pictures and
tests/console runs the same steps as tests, so the two cannot drift.

A journey is a list of steps over a `Walk` (one real Chromium, reused throughout; backend/console/walk.py) and a
`World` (the hall server, its staff accounts and the applications kiosks sent; backend/console/world.py). Each
step checks what a person would see and raises JourneyFailed (with the page's text) when it is not there.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from .walk import Walk
from .world import OWED, PASSWORD, REVIEWERS, THEME, JourneyFailed, World


def step_login(w: Walk, world: World) -> None:
    from selenium.webdriver.common.keys import Keys

    w.go("/console/")
    w.el("#username")
    w.snap("login", "登录页：工作人员用户名和密码")
    w.type("#username", "clerk-a")
    w.type("#password", "wrong-password")
    w.submit("#login")
    w.see("用户名或密码不正确", css="#err-password")
    w.snap("login-error", "密码错误：提示显示在密码框旁边")
    w.keys("#password", PASSWORD, Keys.ENTER)         # the keyboard alone: type, Enter posts the form
    w.see("clerk-a", "综合受理窗口", css="header")
    w.user = "clerk-a"
    w.see(*world.tickets, css="#waiting")
    w.snap("window", "窗口叫号：等候名单（自助机取的号）、叫号 / 重呼 / 过号")


def step_call_first(w: Walk, world: World) -> None:
    w.submit("#call-next")
    w.see(world.receipts[0], css="#receipt")           # the called ticket opened its application at once
    w.see(f"已叫号 {world.tickets[0]}")
    w.snap("desk", f"叫号 {world.tickets[0]}：立即打开该号的预填申请（申请表、材料清单、各部门进度、材料页）")


def step_zoom(w: Walk, world: World) -> None:
    """A page image opens at full size from the keyboard (Enter on the focused picture), Esc closes it."""
    from selenium.webdriver.common.keys import Keys

    from selenium.webdriver.common.action_chains import ActionChains

    w._script("document.querySelector('#pages img').focus()")        # as Tab would (tabindex=0)
    ActionChains(w.driver).send_keys(Keys.ENTER).perform()
    w.wait_js("return document.getElementById('zoom').open", "Enter on a page image did not open it")
    w.wait_js("var i = document.querySelector('#zoom img'); return i.complete && i.naturalWidth > 0",
             "the zoomed page image did not load")
    w.snap("desk-zoom", "材料页放大（键盘 Enter 打开；点图片切换原始大小；Esc 关闭）", viewport=True)
    ActionChains(w.driver).send_keys(Keys.ESCAPE).perform()
    w.wait_js("return !document.getElementById('zoom').open", "Esc did not close the page image")


def step_accept_needs_originals(w: Walk, world: World) -> None:
    w.submit("#accept")
    w.see("请先核验原件", css="#f-accept")
    w.snap("accept-refused", "未核验原件就受理：错误提示显示在按钮旁，申请未受理")


def step_originals(w: Walk, world: World) -> None:
    w.el("#confirm-originals").click()
    w.submit("#sight-originals")
    w.see("原件核验无误")
    w.see("已核验", css="#checklist")
    w.snap("originals", "核验原件：清单逐项标记已核验")


def _page_file(w: Walk) -> Path:
    """A scanned page for an owed item: a small real JPEG."""
    from PIL import Image, ImageDraw

    folder = Path(tempfile.mkdtemp(prefix="console-page-"))
    img = Image.new("RGB", (600, 800), "white")
    ImageDraw.Draw(img).rectangle((40, 40, 560, 760), outline="black", width=6)
    img.save(folder / "marriage-certificate.jpg", quality=80)
    return folder / "marriage-certificate.jpg"


def step_owed_received(w: Walk, world: World) -> None:
    w.el(f"#page-{OWED}").send_keys(str(_page_file(w)))
    w.submit(f"#receive-{OWED}")
    w.see("已收到补交材料")
    w.see("已收到", css="#owed")
    w.snap("owed-received", "容缺材料（结婚证）补交：上传扫描件，登记已收到")


def step_accept(w: Walk, world: World) -> None:
    w.submit("#accept")
    w.see("已受理", css="#app-status")
    w.see("已分派", css="#progress")
    w.snap("accepted", "受理：同时分派到三个部门，计时开始")
    w.go(f"/console/desk/{world.receipts[0]}/notice/accepted")
    w.see("受理通知书", world.receipts[0], css="#notice")
    w.snap("notice-accepted", "受理通知书（屏幕）")
    w.print_a4("notice-accepted-print", "受理通知书打印效果（A4）")


def step_second_and_third(w: Walk, world: World) -> None:
    """The second citizen is accepted with the owed item still missing; the third is returned for correction."""
    w.go("/console/window")
    w.submit("#call-next")
    w.see(world.receipts[1], css="#receipt")
    w.el("#confirm-originals").click()
    w.submit("#sight-originals")
    w.submit("#accept")
    w.see("已受理", css="#app-status")
    w.see("未收到", css="#owed")
    w.go("/console/window")
    w.submit("#call-next")
    w.see(world.receipts[2], css="#receipt")
    w.submit("#return")
    w.see("请写明需要补正的内容", css="#f-reasons")
    w.snap("return-needs-reason", "退回补正未写原因：错误提示显示在输入框旁")
    w.type("#reasons", "出生医学证明照片模糊，请提供清晰原件\n父亲身份证已过期，请提供有效证件")
    w.submit("#return")
    w.see("已退回补正", css="#app-status")
    w.go(f"/console/desk/{world.receipts[2]}/notice/correction")
    w.see("补正告知书", "出生医学证明照片模糊", css="#notice")
    w.snap("notice-correction", "补正告知书（屏幕）：一次性告知全部补正内容")
    w.print_a4("notice-correction-print", "补正告知书打印效果（A4）")


def step_reviewers(w: Walk, world: World) -> None:
    """Each department's reviewer takes their own matters of both accepted applications to a result."""
    first = True
    for dept, user in REVIEWERS.items():
        w.login(user)
        w.see(world.receipts[0], world.receipts[1], css="#review")
        if world.receipts[2] in w.text("#review"):
            raise JourneyFailed("a returned application reached the reviewers")
        if first:
            w.snap("review", "审批队列（医疗保障局）：只有本部门事项，超期在前，期限按工作日")
        for receipt in world.receipts[:2]:
            row = w.el(f"#review tr[id^='row-{receipt}-']").get_attribute("id")
            matter = row[len(f"row-{receipt}-"):]
            for status in ("under_review", "approved", "result_ready"):
                w.submit(f"#{status}-{receipt}-{matter}")
                w.see(receipt)
        if first:
            w.snap("review-done", "审批完成：本部门事项已出结果，等待窗口统一发放")
        first = False


def step_collect(w: Walk, world: World) -> None:
    w.login("clerk-a")
    w.go(f"/console/desk/{world.receipts[0]}")
    w.see("结果已出", css="#progress")
    w.submit("#collect")
    w.see("结果已全部发放")
    w.see("已领取", css="#progress")
    w.snap("collected", "统一发放结果（一窗出件）：三个部门的结果一次领取")


def step_refused_collection(w: Walk, world: World) -> None:
    w.go(f"/console/desk/{world.receipts[1]}")
    w.submit("#collect")
    w.see("容缺材料尚未补交", "结婚证", css="#f-handover")
    w.see("结果已出", css="#progress")                 # nothing was handed over
    w.snap("collect-refused", "容缺材料未补交时发放结果被拒绝：原因显示在按钮旁")


def step_dashboard(w: Walk, world: World) -> None:
    world.heartbeat()                                   # kiosk 1 is alive (printer out of paper); kiosk 2 silent
    w.login("boss")
    w.go("/console/dashboard")
    w.see("kiosk-lobby-2", "已失联", css="#alerts")
    w.see("缺纸", css="#alerts")
    w.see("婴儿", css="#themes")
    w.snap("dashboard", "大厅看板：各窗口排队与等候、各主题申请、超期事项、自助机心跳、缺纸与失联告警")


def step_citizen(w: Walk, world: World) -> None:
    receipt = world.receipts[1]
    w.driver.set_window_size(412, 915)                  # a phone
    try:
        w.go(f"/s/{receipt}?code={world.lookup_code(receipt)}")
        w.see("办理进度", receipt)
        w.see("结婚证", css="#owed")
        w.see("结果已出", css="#matters")
        w.snap("citizen-status", "群众扫回执二维码查看进度（手机）：各部门进度、还需补交的材料、只显示姓氏")
    finally:
        w.driver.set_window_size(*w.browser.size)


JOURNEY = [step_login, step_call_first, step_zoom, step_accept_needs_originals, step_originals, step_owed_received,
           step_accept, step_second_and_third, step_reviewers, step_collect, step_refused_collection,
           step_dashboard, step_citizen]


def run(walk: Walk, world: World, steps=None) -> None:
    for step in steps or JOURNEY:
        step(walk, world)


def write_index(walk: Walk, out: Path, world: World, error: str | None = None) -> Path:
    lines = ["# 一窗受理控制台巡览 (kiosk-hall console-tour)", "",
             f"Real headless Chromium {walk.browser.size[0]}x{walk.browser.size[1]} against `kiosk-hall serve` "
             f"({world.url}); {len(world.receipts)} applications of theme {THEME} sent by a `kiosk` process.", ""]
    if error:
        lines += ["**The tour stopped with an error:**", "", "```", error, "```", ""]
    for i, e in enumerate(walk.entries, 1):
        lines.append(f"## {i}. {e['caption']}")
        lines.append("")
        lines.append(f"`{e['url']}`")
        lines.append("")
        if e.get("png"):
            lines.append(f"![{e['name']}]({e['png']})")
        for sheet in e.get("print", []):
            lines.append(f"![{e['name']}]({sheet})")
        if e.get("pdf"):
            lines.append(f"PDF: [{e['pdf']}]({e['pdf']}), {e['sheets']} A4 sheet(s)")
        lines.append("")
    path = out / "index.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
