"""The pyserial transport: a serial port, USB-serial adapter, pty or any pyserial URL."""
from __future__ import annotations

from devices.urls import DeviceUrlError, parse_device_url

from .errors import PortUnavailable, ReaderUnplugged
from .transport import DEFAULT_BAUD, Transport

try:
    import serial
except ImportError:  # pragma: no cover - pyserial is a declared dependency
    serial = None

try:
    from termios import error as _TermiosError
except ImportError:  # Windows
    class _TermiosError(Exception):
        pass

# What pyserial lets escape when the device vanishes under it: EIO as OSError, termios.error from
# tcflush/tcsetattr, and TypeError/AttributeError once it has dropped its fd.
_LINE_ERRORS = (OSError, _TermiosError, TypeError, AttributeError) + ((serial.SerialException,) if serial else ())

_PARITY = {"N": "N", "E": "E", "O": "O", "M": "M", "S": "S"}


def parse_serial_url(url: str) -> tuple[str, dict]:
    """Split `serial:///dev/ttyUSB0?baud=9600&parity=E` into the port and pyserial settings (8N1 default);
    a plain path or a pyserial URL (`loop://`, `socket://…`) passes through with the defaults."""
    settings = {"baudrate": DEFAULT_BAUD, "bytesize": 8, "parity": "N", "stopbits": 1}
    try:
        u = parse_device_url(url, "idcard")
        if u.scheme != "serial":
            return u.path or url, settings
        settings["baudrate"] = u.number("baud", DEFAULT_BAUD)
        settings["bytesize"] = u.number("bytesize", 8)
        settings["stopbits"] = u.number("stopbits", 1, float if "." in u.params.get("stopbits", "") else int)
        if "parity" in u.params:
            if u.params["parity"].upper()[:1] not in _PARITY:
                raise u.fail(f"parity={u.params['parity']!r} is not N, E, O, M or S")
            settings["parity"] = _PARITY[u.params["parity"].upper()[:1]]
    except DeviceUrlError as exc:
        raise PortUnavailable(str(exc)) from None
    if not u.path:
        raise PortUnavailable(f"{url}: no device path")
    return u.path, settings


class SerialTransport(Transport):
    """A reader on a serial line; every pyserial failure becomes a typed error naming the port."""

    def __init__(self, port: "serial.SerialBase", name: str) -> None:
        self._port = port
        self.name = name
        self._timeout: float | None = None

    @classmethod
    def from_url(cls, url: str, timeout: float = 1.0) -> "SerialTransport":
        if serial is None:
            raise PortUnavailable(f"{url}: the pyserial package is not installed (pip install pyserial)")
        port, settings = parse_serial_url(url)
        try:
            handle = serial.serial_for_url(port, timeout=timeout, write_timeout=timeout, **settings)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PortUnavailable(f"{port}: {exc}") from exc
        return cls(handle, port)

    def _fail(self, exc: Exception) -> ReaderUnplugged:
        return ReaderUnplugged(f"{self.name}: {exc}")

    def write(self, data: bytes) -> None:
        try:
            self._port.write(data)
            self._port.flush()
        except _LINE_ERRORS as exc:
            raise self._fail(exc) from exc

    def read(self, n: int, timeout: float) -> bytes:
        try:
            if timeout != self._timeout:
                self._port.timeout = max(0.0, timeout)
                self._timeout = timeout
            return bytes(self._port.read(n))
        except _LINE_ERRORS as exc:
            raise self._fail(exc) from exc

    def discard_input(self, quiet: float = 0.0) -> None:
        try:
            self._port.reset_input_buffer()
        except _LINE_ERRORS as exc:
            raise self._fail(exc) from exc
        super().discard_input(quiet)

    def close(self) -> None:
        try:
            self._port.close()
        except _LINE_ERRORS:
            pass
