"""The console's journeys, defined once: `kiosk-hall console-tour` runs them to take its pictures and
tests/console runs the same steps as tests, so the two cannot drift.

A journey is a list of steps over a `Walk` (one real Chromium, reused throughout) and a `World` (the hall
server, its staff accounts and the applications kiosks sent). Each step checks what a person would see and
raises JourneyFailed (with the page's text) when it is not there.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .browser import Browser, pdf_pages, pdf_to_png

PASSWORD = "hall-tour-2026"
THEME = "5"                      # 出生一件事: three departments, one owed item (结婚证)
OWED = "marriage-certificate"
EDITOR = "editor-wang"
REVIEWERS = {"healthcare-security": "rev-yibao", "public-security": "rev-gongan", "civil-affairs-hr": "rev-renshe"}
ROOT = Path(__file__).resolve().parents[2]


class JourneyFailed(AssertionError):
    pass


@dataclass
class World:
    """A hall server with the tour's accounts and kiosk applications; `db` is its database (SQLite path)."""
    url: str
    db: Path
    work: Path
    kiosk_token: str = ""
    receipts: list[str] = field(default_factory=list)       # in ticket order
    tickets: list[str] = field(default_factory=list)
    home_before: list[str] = field(default_factory=list)     # the kiosks' home order before the editor's journey

    def hall(self, *args: str, input: str | None = None) -> str:
        r = subprocess.run([sys.executable, "-m", "backend.cli", *args, "--db", str(self.db)], cwd=ROOT,
                           input=input, capture_output=True, text=True, timeout=120)
        if r.returncode != 0:
            raise JourneyFailed(f"kiosk-hall {' '.join(args)}: {r.stderr.strip()}")
        return r.stdout

    def kiosk(self, *args: str) -> str:
        env = {**os.environ, "KIOSK_DATA_DIR": str(self.work / "kiosk"), "KIOSK_BACKEND_URL": self.url,
               "KIOSK_KIOSK_TOKEN": self.kiosk_token}
        env.pop("KIOSK_CONFIG", None)
        r = subprocess.run([sys.executable, "-m", "screens.cli", *args], cwd=ROOT, env=env, capture_output=True,
                           text=True, timeout=180)
        if r.returncode != 0:
            raise JourneyFailed(f"kiosk {' '.join(args)}: {r.stderr.strip()[-2000:]}")
        return r.stdout

    def heartbeat(self, printer_reason: str = "paper_out: printer sim: paper out") -> None:
        """The kiosk's heartbeat as `kiosk run` sends it, with its printer out of paper."""
        import requests

        health = {"printer": {"state": "failed", "reason": printer_reason}, "idcard": {"state": "ok", "reason": ""},
                  "camera": {"state": "ok", "reason": ""}}
        r = requests.post(self.url + "/v1/kiosks/self/heartbeat", timeout=30,
                          headers={"Authorization": f"Bearer {self.kiosk_token}"},
                          json={"health": health, "outbox_depth": 0})
        if r.status_code != 200:
            raise JourneyFailed(f"heartbeat refused: {r.status_code} {r.text[:300]}")

    def lookup_code(self, receipt: str) -> str:
        """The code printed in the receipt's QR (the tour reads it from its own database)."""
        import sqlite3

        with sqlite3.connect(self.db) as conn:
            return conn.execute("SELECT lookup_code FROM applications WHERE receipt = ?", (receipt,)).fetchone()[0]


def prepare(world: World, applications: int = 3) -> World:
    """Accounts (a clerk at window A, a reviewer per department, a supervisor, a catalogue editor), two kiosks (one never heard
    from again), and `applications` sample applications of theme 5 sent by a real `kiosk` process.

    Accounts and kiosks are written through the service layer in this process (one catalogue load instead
    of one `kiosk-hall` start per account; tests/backend drive the `kiosk-hall user-add` command itself)."""
    from .. import accounts, progress
    from ..hall import Hall
    from ..kiosks import register_kiosk

    hall = Hall(str(world.db))
    with hall.tx() as conn:
        accounts.add_user(conn, hall.catalogue, "clerk-a", "clerk", PASSWORD, window="A")
        for dept, user in REVIEWERS.items():
            accounts.add_user(conn, hall.catalogue, user, "reviewer", PASSWORD, department=dept)
        accounts.add_user(conn, hall.catalogue, "boss", "supervisor", PASSWORD)
        accounts.add_user(conn, hall.catalogue, EDITOR, "editor", PASSWORD)
    world.kiosk_token = register_kiosk(hall, "kiosk-lobby-1")
    register_kiosk(hall, "kiosk-lobby-2")               # registered, then silent: an alert on the dashboard
    for seed in range(applications):
        world.kiosk("submit", "--sample", THEME, "--seed", str(seed))
    world.kiosk("outbox", "flush", "--timeout", "120")
    with hall.engine.connect() as conn:
        apps = sorted((a for a in progress.list_applications(conn) if a["ticket"]), key=lambda a: a["ticket"])
    hall.engine.dispose()
    world.receipts = [a["receipt"] for a in apps]
    world.tickets = [a["ticket"] for a in apps]
    if len(apps) != applications or any(a["status"] != "pre_accepted" for a in apps):
        raise JourneyFailed(f"kiosk applications not waiting at the window: {apps}")
    world.heartbeat()
    return world


class Walk:
    """One Chromium walking the console; `out` (a folder) keeps a PNG of every step and the printed notices."""

    def __init__(self, browser: Browser, url: str, out: Path | None = None):
        self.browser, self.driver, self.url, self.out = browser, browser.driver, url, out
        self.entries: list[dict] = []
        self.user: str | None = None

    # -- moving ---------------------------------------------------------------------------------------

    def go(self, path: str) -> None:
        self.driver.get(self.url + path)
        self.settled()

    def el(self, css: str, timeout: float = 30):
        from selenium.common.exceptions import TimeoutException
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.driver, timeout).until(ec.presence_of_element_located((By.CSS_SELECTOR, css)))
        except TimeoutException:
            raise JourneyFailed(f"{css} not on {self.driver.current_url}: {self.text()[:800]}") from None

    def _script(self, js: str):
        """Run a script; None while the page is between documents (the browser answers with an error then)."""
        from selenium.common.exceptions import WebDriverException

        try:
            return self.driver.execute_script(js)
        except WebDriverException:
            return None

    def settled(self) -> None:
        """The page has finished loading (a read during a load may see the page before)."""
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, 60).until(lambda d: self._script("return document.readyState") == "complete")

    def submit(self, css: str) -> None:
        """Press a button that posts a form, and wait for the page it leads to: the old page carries a mark
        that the new one does not (element references of a replaced page raise errors that vary by version)."""
        from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        self.settled()
        for attempt in range(3):
            self._script("window.__walk_page = 1")
            try:
                self.el(css).click()
                break
            except (StaleElementReferenceException, WebDriverException) as exc:
                # The button was found in a document being replaced (not yet clicked): find it again.
                if attempt == 2 or not ("does not belong to the document" in str(exc)
                                        or isinstance(exc, StaleElementReferenceException)):
                    raise
                time.sleep(0.3)
                self.settled()
        WebDriverWait(self.driver, 60).until(lambda d: self._script("return window.__walk_page === undefined"))
        self.settled()

    def keys(self, css: str, *keys: str) -> None:
        """Type keys into a field; the last may be Enter, which posts the form: wait for the next page then."""
        self.settled()
        self._script("window.__walk_page = 1")
        self.el(css).send_keys(*keys)
        from selenium.webdriver.support.ui import WebDriverWait

        WebDriverWait(self.driver, 60).until(lambda d: self._script("return window.__walk_page === undefined"))
        self.settled()

    def type(self, css: str, text: str) -> None:
        box = self.el(css)
        box.clear()
        box.send_keys(text)

    def text(self, css: str = "body") -> str:
        from selenium.webdriver.common.by import By

        try:
            return self.driver.find_element(By.CSS_SELECTOR, css).text
        except Exception:  # noqa: BLE001  (no such element yet: nothing to read)
            return ""

    def see(self, *texts: str, css: str = "body") -> None:
        deadline = time.monotonic() + 30
        while True:
            body = self.text(css)
            if all(t in body for t in texts):
                return
            if time.monotonic() > deadline:
                missing = [t for t in texts if t not in body]
                raise JourneyFailed(f"{missing} not in {css} of {self.driver.current_url}: {body[:1200]}")
            time.sleep(0.1)

    def login(self, user: str, password: str = PASSWORD) -> None:
        if self.user:
            self.logout()
        self.go("/console/login")
        self.type("#username", user)
        self.type("#password", password)
        self.submit("#login")
        self.see(user, css="header")
        self.user = user

    def logout(self) -> None:
        self.submit("header button.link")
        self.el("#username")
        self.user = None

    # -- keeping ---------------------------------------------------------------------------------------

    def snap(self, name: str, caption: str, viewport: bool = False) -> None:
        """Keep the page as a picture (with `out`), after checking nothing sticks out sideways; `viewport`:
        only what is on the screen (a dialog over the page), else the whole page."""
        wide = self._script("return [document.documentElement.scrollWidth, window.innerWidth]")
        if wide and wide[0] > wide[1]:
            raise JourneyFailed(f"{name}: the page is {wide[0]} px wide in a {wide[1]} px window (sideways scroll)")
        entry = {"name": name, "caption": caption, "url": self.driver.current_url.replace(self.url, ""),
                 "png": None, "print": []}
        if self.out is not None:
            path = self.out / f"{len(self.entries) + 1:02d}-{name}.png"
            if viewport:
                self.driver.save_screenshot(str(path))
            else:
                self.browser.screenshot(path)
            entry["png"] = f"{len(self.entries) + 1:02d}-{name}.png"
        self.entries.append(entry)

    def print_a4(self, name: str, caption: str) -> list[tuple[float, float]]:
        """Print the page as Chromium does (PDF), check it is A4, and keep each sheet as a PNG."""
        folder = self.out or Path(tempfile.mkdtemp(prefix="console-print-"))
        pdf = self.browser.print_pdf(folder / f"{name}.pdf")
        sizes = pdf_pages(pdf)
        if not sizes or any(abs(w - 210) > 1 or abs(h - 297) > 1 for w, h in sizes):
            raise JourneyFailed(f"{name}: printed on {sizes} mm, not A4")
        sheets = pdf_to_png(pdf, folder / name) if self.out is not None else []
        self.entries.append({"name": name, "caption": caption, "url": self.driver.current_url.replace(self.url, ""),
                             "png": None, "print": [p.name for p in sheets], "pdf": pdf.name, "sheets": len(sizes)})
        return sizes


# -- the steps ------------------------------------------------------------------------------------------

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


def _wait_js(w: Walk, js: str, what: str) -> None:
    deadline = time.monotonic() + 20
    while not w._script(js):
        if time.monotonic() > deadline:
            raise JourneyFailed(what)
        time.sleep(0.1)


def step_zoom(w: Walk, world: World) -> None:
    """A page image opens at full size from the keyboard (Enter on the focused picture), Esc closes it."""
    from selenium.webdriver.common.keys import Keys

    from selenium.webdriver.common.action_chains import ActionChains

    w._script("document.querySelector('#pages img').focus()")        # as Tab would (tabindex=0)
    ActionChains(w.driver).send_keys(Keys.ENTER).perform()
    _wait_js(w, "return document.getElementById('zoom').open", "Enter on a page image did not open it")
    _wait_js(w, "var i = document.querySelector('#zoom img'); return i.complete && i.naturalWidth > 0",
             "the zoomed page image did not load")
    w.snap("desk-zoom", "材料页放大（键盘 Enter 打开；点图片切换原始大小；Esc 关闭）", viewport=True)
    ActionChains(w.driver).send_keys(Keys.ESCAPE).perform()
    _wait_js(w, "return !document.getElementById('zoom').open", "Esc did not close the page image")


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
            if first and receipt == world.receipts[0]:
                pass
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
