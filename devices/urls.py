"""One parser for every device URL: scheme, device path or host, and options, unknown ones refused.

Every device family (ID card reader, printer, camera, QR scanner) is chosen by a string in configuration,
as pyserial chooses a transport (`serial_for_url`). The families' schemes and the options each takes are
declared once in `FAMILIES`; `parse_device_url` is the only code that takes such a string apart, so a typo
(`?buad=9600`) is refused the same way for every device, both when the configuration loads and when the
device opens. Families turn `DeviceUrlError` into their own error class.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

_SERIAL_LINE = {"baud", "bytesize", "parity", "stopbits"}
_PRINTOUT = {"width", "text", "qr", "timeout"}

#: family -> scheme -> the options it takes. "" is a plain device path (/dev/ttyUSB0) and names the
#: scheme it stands for. Schemes mapped to None are pyserial's own URL handlers: their options are
#: pyserial's, which checks them itself.
FAMILIES: dict[str, dict[str, object]] = {
    "idcard": {"": "serial", "serial": _SERIAL_LINE,
               "sim": {"card", "only_for", "corrupt_checksum", "wrong_length", "silence", "garbage",
                       "remove_during_read", "random_replies", "sam_status"},
               "loop": None, "socket": None, "rfc2217": None, "spy": None},
    "printer": {"usb": _PRINTOUT | {"in_ep", "out_ep"}, "serial": _PRINTOUT | {"baud", "dsrdtr"},
                "tcp": _PRINTOUT, "file": _PRINTOUT, "sim": _PRINTOUT | {"paper", "fail"}},
    "camera": {"": "v4l2", "v4l2": {"width", "height", "fps"},
               "sim": {"files", "video", "scenes", "seed", "fps", "disconnect", "black", "frozen"}},
    "qr": {"serial": {"baud"}, "evdev": {"grab"}, "sim": {"mode", "terminator", "chunk"}},
}

NAMES = {"idcard": "ID card reader", "printer": "printer", "camera": "camera", "qr": "scanner"}


class DeviceUrlError(ValueError):
    """A device URL that cannot name a device; the message names the URL and what is wrong with it."""


@dataclass(frozen=True)
class DeviceUrl:
    url: str
    family: str
    scheme: str
    path: str = ""                 # the device file (serial, v4l2, evdev, file), "" when none
    host: str | None = None        # tcp://host:port, usb://VID:PID (host is "VID", port is PID text)
    port: int | None = None
    netloc: str = ""
    params: dict[str, str] = field(default_factory=dict)

    def fail(self, why: str) -> DeviceUrlError:
        return DeviceUrlError(f"{NAMES[self.family]} URL {self.url}: {why}")

    def number(self, key: str, default, kind=int):
        """Option `key` as a number (`kind`: int or float); a bad one names the option."""
        if key not in self.params or self.params[key] == "":
            return default
        try:
            return kind(self.params[key], 0) if kind is int and self.params[key][:2].lower() == "0x" \
                else kind(self.params[key])
        except ValueError:
            raise self.fail(f"{key}={self.params[key]!r} is not a number") from None

    def flag(self, key: str, default: bool) -> bool:
        value = self.params.get(key)
        if value is None or value == "":
            return default
        if value.lower() in ("1", "true", "yes", "on"):
            return True
        if value.lower() in ("0", "false", "no", "off"):
            return False
        raise self.fail(f"{key}={value!r} is not yes or no")


def parse_device_url(url: str, family: str, examples: str = "") -> DeviceUrl:
    """The parts of `url` for a device of `family`; DeviceUrlError for a scheme or option it does not take."""
    schemes = FAMILIES[family]
    text = url.strip()
    hint = f"; use one of {examples}" if examples else f"; use one of {', '.join(s + '://' for s in schemes if s)}"
    if not text:
        raise DeviceUrlError(f"{NAMES[family]} URL is empty{hint}")
    if "://" not in text:
        if "" not in schemes or not (text.startswith("/") or text.upper().startswith("COM")):
            raise DeviceUrlError(f"{NAMES[family]} URL {url!r}: unknown scheme{hint}")
        text = f"{schemes['']}://{text}" if text.startswith("/") else f"{schemes['']}:///{text}"
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in schemes or scheme == "":
        raise DeviceUrlError(f"{NAMES[family]} URL {url!r}: unknown scheme{hint}")
    allowed = schemes[scheme]
    if allowed is None:            # a pyserial URL handler: pyserial checks its own options
        return DeviceUrl(url, family, scheme, netloc=parts.netloc, path=text)
    params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    unknown = sorted(set(params) - set(allowed))   # type: ignore[arg-type]
    if unknown:
        raise DeviceUrlError(f"{NAMES[family]} URL {url}: unknown option(s) {', '.join(unknown)} "
                             f"(allowed: {', '.join(sorted(allowed)) or 'none'})")   # type: ignore[arg-type]
    port = None
    if scheme == "tcp":
        try:
            port = parts.port
        except ValueError:
            raise DeviceUrlError(f"{NAMES[family]} URL {url}: the port after ':' must be a number") from None
    path = unquote(parts.netloc + parts.path) if parts.netloc not in ("", "localhost") else unquote(parts.path)
    return DeviceUrl(url, family, scheme, path=path if scheme in ("serial", "v4l2", "evdev", "file") else "",
                     host=parts.hostname, port=port, netloc=parts.netloc, params=params)


def check_device_url(family: str, url: str) -> None:
    """For configuration: raise DeviceUrlError now rather than when the device first opens."""
    if family == "qr" and url.strip().lower() == "camera":    # codes held up to the document camera
        return
    if family == "printer" and url.startswith("usb://"):
        u = parse_device_url(url, family)
        try:
            [int(p, 16) for p in u.netloc.split(":", 1)]
            if ":" not in u.netloc:
                raise ValueError
        except ValueError:
            raise u.fail("expected usb://VID:PID in hex, e.g. usb://0416:5011") from None
        return
    parse_device_url(url, family)
