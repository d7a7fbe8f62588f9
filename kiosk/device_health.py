"""Health of every configured device, in the four states staff see: present, ready, degraded, failed.

Each check opens the device the way the journey would and asks it something cheap (the ID reader's
status command, the printer's paper sensor, one camera frame), and reports a one-line reason.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DeviceHealth:
    device: str
    url: str
    state: str        # present, ready, degraded, failed
    reason: str


def idcard_health(url: str) -> DeviceHealth:
    from devices.idcard import IdCardError, IdCardReader

    sim = None
    try:
        if url.startswith("sim://"):
            from devices.idcard.simulated import SimulatedReader
            sim = SimulatedReader(card=None).start()
            reader = IdCardReader(sim.port)
        else:
            reader = IdCardReader(url)
        with reader:
            response = reader.status()
        if response.sw3 == 0x90:
            return DeviceHealth("idcard", url, "ready", "reader answers its status command")
        return DeviceHealth("idcard", url, "degraded", f"reader status 0x{response.sw3:02X}")
    except IdCardError as exc:
        return DeviceHealth("idcard", url, "failed", exc.reason)
    finally:
        if sim is not None:
            sim.stop()


def printer_health(url: str) -> DeviceHealth:
    from devices.printer import PrinterError, open_printer

    try:
        printer = open_printer(url)
        try:
            h = printer.health()
        finally:
            printer.close()
        return DeviceHealth("printer", url, h.state.value, h.reason)
    except PrinterError as exc:
        return DeviceHealth("printer", url, "failed", str(exc))


def camera_health(url: str) -> DeviceHealth:
    from devices.camera import CameraError, open_camera

    try:
        cam = open_camera("sim://?scenes=1" if url == "sim://" else url)
        try:
            frame = cam.read()
        finally:
            cam.close()
        if frame is None or not frame.any():
            return DeviceHealth("camera", url, "degraded", "camera gives black frames")
        h, w = frame.shape[:2]
        return DeviceHealth("camera", url, "ready", f"frames of {w}x{h}")
    except CameraError as exc:
        return DeviceHealth("camera", url, "failed", str(exc))


def qr_health(url: str, camera_url: str = "sim://") -> DeviceHealth:
    """Opens the scanner (a serial line, an input device, the camera) and releases it."""
    from devices.qr import QrError, open_scanner

    try:
        scanner = open_scanner(url, camera_url)
    except QrError as exc:
        return DeviceHealth("qr", url, "failed", str(exc))
    try:
        return DeviceHealth("qr", url, "ready", f"{scanner.name} opens")
    finally:
        scanner.close()


CHECKS = {"idcard": idcard_health, "printer": printer_health, "camera": camera_health, "qr": qr_health}


def all_health(cfg) -> list[DeviceHealth]:
    return [check(cfg.get("devices", name), cfg.get("devices", "camera")) if name == "qr"
            else check(cfg.get("devices", name)) for name, check in CHECKS.items()]
