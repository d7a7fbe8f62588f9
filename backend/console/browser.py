"""A real headless Chromium for the console tour and its tests: Debian's `chromium` driven through its
matching `chromium-driver` by selenium. No browser is ever downloaded (the hall PC and CI are offline)."""
from __future__ import annotations

import base64
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless=new", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--lang=zh-CN",
         "--hide-scrollbars", "--force-device-scale-factor=1")


class BrowserMissing(RuntimeError):
    pass


class Browser:
    """One Chromium window of `size` with a fresh profile, reused across a whole journey."""

    def __init__(self, size: tuple[int, int] = (1366, 768)):
        try:
            from selenium import webdriver
            from selenium.webdriver.chrome.service import Service
        except ImportError:
            raise BrowserMissing("selenium is not installed: pip install -e '.[test]' (make setup does)") from None
        for path in (CHROMIUM, CHROMEDRIVER):
            if not os.access(path, os.X_OK):
                raise BrowserMissing(f"{path} not found: apt-get install chromium chromium-driver (make setup does)")
        self.profile = tempfile.mkdtemp(prefix="console-chromium-")
        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for flag in (*FLAGS, f"--window-size={size[0]},{size[1]}", f"--user-data-dir={self.profile}"):
            opts.add_argument(flag)
        if os.geteuid() == 0:
            opts.add_argument("--no-sandbox")        # Chromium refuses to run as root with its sandbox
        os.environ.setdefault("SE_AVOID_STATS", "true")
        self.size = size
        # Chromium on Linux takes its interface language (the file picker's words) from LANGUAGE, not --lang.
        env = {**os.environ, "LANGUAGE": "zh_CN", "LANG": "zh_CN.UTF-8"}
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=opts)
        self.driver.set_page_load_timeout(60)

    def screenshot(self, path: Path) -> None:
        """The whole page at the window's width (a viewport screenshot would cut off what is below)."""
        d = self.driver
        height = d.execute_script("return Math.max(document.documentElement.scrollHeight, window.innerHeight)")
        width = d.execute_script("return document.documentElement.clientWidth")
        shot = d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": min(height, 6000), "scale": 1}})
        Path(path).write_bytes(base64.b64decode(shot["data"]))

    def print_pdf(self, path: Path) -> Path:
        """The page as Chromium prints it, honouring the page's @page size (A4) and margins."""
        pdf = self.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
        Path(path).write_bytes(base64.b64decode(pdf["data"]))
        return Path(path)

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


def pdf_to_png(pdf: Path, stem: Path, dpi: int = 80) -> list[Path]:
    """Each page of `pdf` as STEM-N.png (poppler's pdftoppm), to look at what the printer will get."""
    if not shutil.which("pdftoppm"):
        raise BrowserMissing("pdftoppm not found: apt-get install poppler-utils (make setup does)")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(pdf), str(stem)], check=True, timeout=60)
    return sorted(stem.parent.glob(stem.name + "-*.png"))


def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    """Page sizes in millimetres, read with poppler's pdfinfo (A4 is 210 x 297)."""
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True,
                         check=True, timeout=30).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, h = line.split("size:")[1].split("pts")[0].split("x")
            sizes.append((round(float(w) * 25.4 / 72, 1), round(float(h) * 25.4 / 72, 1)))
    return sizes
