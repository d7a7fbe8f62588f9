"""The kinds of setting: each turns a setting's text into its typed value or raises ValueError saying why.

A kind is any callable `str -> value`; kiosk/config.py names one beside each setting it declares. The
message is completed by the loader with the section, key and the text, so say only what is wrong.
"""
from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlsplit


def text(raw: str) -> str:
    return raw.strip()


def number(low: float | None = None, high: float | None = None) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ValueError("not a number") from None
        if value != value or (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(_range(low, high))
        return value
    return parse


def whole(low: int | None = None, high: int | None = None) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw.strip())
        except ValueError:
            raise ValueError("not a whole number") from None
        if (low is not None and value < low) or (high is not None and value > high):
            raise ValueError(_range(low, high))
        return value
    return parse


def _range(low, high) -> str:
    if high is None:
        return f"must be at least {low:g}"
    if low is None:
        return f"must be at most {high:g}"
    return f"must be {low:g} to {high:g}"


def choice(*options: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw.strip() not in options:
            raise ValueError("must be one of " + ", ".join(options))
        return raw.strip()
    return parse


def size(raw: str) -> tuple[int, int]:
    """WxH in pixels, each 320-7680."""
    try:
        w, h = (int(x) for x in raw.strip().lower().split("x"))
    except ValueError:
        raise ValueError("must be WxH such as 1080x1920") from None
    if not (320 <= w <= 7680 and 320 <= h <= 7680):
        raise ValueError("out of range: each side 320-7680")
    return w, h


def url(raw: str) -> str:
    parts = urlsplit(raw.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http:// or https:// address with a host")
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        raise ValueError("the port must be a number") from None
    return raw.strip().rstrip("/")


def readable_file(raw: str) -> str:
    """A file this process can read, or empty (not used)."""
    path = raw.strip()
    if path:
        from pathlib import Path
        try:
            with open(Path(path).expanduser(), "rb"):
                pass
        except OSError as exc:
            raise ValueError(f"cannot read it ({exc.strerror})") from None
    return path


def template(*names: str) -> Callable[[str], str]:
    """A str.format template that may use only these {names}."""
    def parse(raw: str) -> str:
        try:
            raw.format(**{n: "x" for n in names})
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"may use only {', '.join('{' + n + '}' for n in names)} ({exc})") from None
        return raw
    return parse


def device(family: str) -> Callable[[str], str]:
    """A device URL of `family` (devices/urls.py, the one parser): scheme and options checked now."""
    def parse(raw: str) -> Any:
        from devices.urls import DeviceUrlError, check_device_url
        try:
            check_device_url(family, raw.strip())
        except DeviceUrlError as exc:
            raise ValueError(str(exc)) from None
        return raw.strip()
    return parse
