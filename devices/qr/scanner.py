"""Hand-held QR scanners: the small interface every driver implements, and choosing one by URL."""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from devices.urls import DeviceUrl, DeviceUrlError, parse_device_url

from .errors import ScannerUnavailable

EXAMPLES = ("evdev:///dev/input/by-id/usb-...-event-kbd, serial:///dev/ttyACM0?baud=9600, camera, "
            "sim://, sim://?mode=wedge")


@dataclass(frozen=True)
class Scan:
    """One scan: the text, the bytes it came from (None for a keyboard wedge, which sends keys), how read."""

    text: str
    raw: bytes | None
    encoding: str
    source: str


class Scanner(ABC):
    """A scanner the kiosk polls: the least a real driver must offer, so screens do not care which kind."""

    name: str = "?"

    @abstractmethod
    def read(self, timeout: float) -> Scan | None:
        """The next complete scan, or None if none finished within `timeout` seconds."""

    @abstractmethod
    def close(self) -> None:
        """Release the device (and the keyboard grab); safe to call twice."""

    def __enter__(self) -> "Scanner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def query(url: str) -> dict[str, str]:
    """The URL's options (devices.urls, the one device-URL parser); an unknown one is an error, so a typo in
    configuration is never ignored."""
    return parse(url).params


def parse(url: str) -> DeviceUrl:
    try:
        return parse_device_url(url, "qr", EXAMPLES)
    except DeviceUrlError as exc:
        raise ScannerUnavailable(str(exc)) from None


def open_scanner(url: str, camera_url: str = "") -> Scanner:
    """The scanner a configuration string names; a missing device raises ScannerUnavailable now.

    `camera` reads codes held up to the document camera (`camera_url`, the [devices] camera).

    Nothing falls back to the simulator: a kiosk configured for a real scanner that is not there must
    say so on start-up, not sit waiting for scans that cannot come.
    """
    if url.strip().lower() == "camera":
        if not camera_url:
            raise ScannerUnavailable("scanner URL camera: no camera configured ([devices] camera)")
        from .camera_scanner import CameraScanner
        return CameraScanner("sim://?scenes=1" if camera_url == "sim://" else camera_url)
    scheme = parse(url).scheme
    if scheme == "evdev":
        from .evdev_scanner import EvdevScanner
        return EvdevScanner.from_url(url)
    if scheme == "serial":
        from .serial_scanner import SerialScanner
        return SerialScanner.from_url(url)
    if scheme == "sim":
        from .simulated import open_sim_scanner
        return open_sim_scanner(url)
    raise ScannerUnavailable(f"scanner URL {url!r}: unknown scheme; use one of {EXAMPLES}")
