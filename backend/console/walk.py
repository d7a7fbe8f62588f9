"""One real Chromium walking the console as a person would: go, find, type, press and wait for the next page,
read, and keep a picture of each page and the printed notices. Every look that finds nothing raises JourneyFailed
with the page's text."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from .browser import Browser, pdf_pages, pdf_to_png
from .world import PASSWORD, JourneyFailed


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

    def wait_js(self, js: str, what: str) -> None:
        """Wait until a script answers true (20 s); JourneyFailed saying `what` did not happen otherwise."""
        deadline = time.monotonic() + 20
        while not self._script(js):
            if time.monotonic() > deadline:
                raise JourneyFailed(what)
            time.sleep(0.1)

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

