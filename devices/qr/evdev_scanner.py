"""USB HID keyboard-wedge scanners read through evdev, grabbed so their keys never reach the screen."""
from __future__ import annotations

import errno
import select
import time

from .errors import ScannerUnavailable, ScannerUnplugged
from .keymap import KeyWedgeParser
from .scanner import Scan, Scanner, parse


class EvdevScanner(Scanner):
    """A keyboard-wedge scanner on /dev/input, grabbed so scans do not type into the kiosk UI.

    Without grab() the scanner's keystrokes would also land in whichever text field has focus. Only
    ASCII payloads survive a wedge; configure Chinese-capable scanners for serial (USB-COM) mode.
    """

    def __init__(self, device, name: str, grab: bool = True) -> None:
        self._dev = device
        self.name = name
        self._parser = KeyWedgeParser()
        self._grabbed = False
        if grab:
            try:
                device.grab()
                self._grabbed = True
            except OSError as exc:
                device.close()
                raise ScannerUnavailable(f"scanner {name}: cannot grab the device ({exc}); is another "
                                         "program (the desktop, another kiosk instance) holding it?") from exc

    @classmethod
    def from_url(cls, url: str) -> "EvdevScanner":
        u = parse(url)
        params, path = u.params, u.path
        if not path:
            raise ScannerUnavailable(f"{url}: no device path, e.g. evdev:///dev/input/by-id/usb-...-event-kbd")
        try:
            import evdev
        except ImportError:
            raise ScannerUnavailable(f"{url}: keyboard-wedge scanners need the evdev package "
                                     "(pip install evdev)") from None
        try:
            device = evdev.InputDevice(path)
        except FileNotFoundError:
            raise ScannerUnavailable(f"scanner {path}: no such input device (unplugged? see /dev/input/by-id)") from None
        except PermissionError:
            raise ScannerUnavailable(f"scanner {path}: permission denied; add the kiosk user to the "
                                     "'input' group or install a udev rule") from None
        except OSError as exc:
            raise ScannerUnavailable(f"scanner {path}: cannot open ({exc})") from exc
        return cls(device, path, grab=params.get("grab", "1") not in ("0", "false", "no"))

    def read(self, timeout: float) -> Scan | None:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                ready, _, _ = select.select([self._dev.fd], [], [], left)
                if not ready:
                    return None
                events = list(self._dev.read())
            except BlockingIOError:
                continue
            except OSError as exc:
                if exc.errno in (errno.ENODEV, errno.EBADF, errno.EIO):
                    raise ScannerUnplugged(f"scanner {self.name}: device gone ({exc})") from exc
                raise
            for ev in events:
                text = self._parser.feed(ev.type, ev.code, ev.value)
                if text:
                    return Scan(text, None, "keyboard", self.name)

    def close(self) -> None:
        try:
            if self._grabbed:
                self._dev.ungrab()
        except OSError:
            pass
        self._grabbed = False
        try:
            self._dev.close()
        except OSError:
            pass
