"""open_printer(url): usb://, serial://, tcp://, file:// and sim:// to a Printer, options in the query."""
from __future__ import annotations

from devices.urls import DeviceUrl, DeviceUrlError, parse_device_url

from .driver import EscposPrinter, NetworkPrinter, SerialPrinter
from .interface import Printer, PrinterError
from .render import RenderOptions
from .simulated import SimPrinter

SCHEMES = ("usb", "serial", "tcp", "file", "sim")
EXAMPLES = "usb://0416:5011, serial:///dev/ttyS0?baud=19200, tcp://host:9100, file:///tmp/out.bin, sim://"


def _parse(url: str) -> DeviceUrl:
    try:
        return parse_device_url(url, "printer", EXAMPLES)
    except DeviceUrlError as exc:
        raise PrinterError("bad_url", str(exc)) from None


def _options(url: str, params: dict[str, str], base: RenderOptions | None) -> RenderOptions:
    try:
        width = int(params.get("width", 0))
        kwargs = {"text": params.get("text", base.text if base else "native"),
                  "qr": params.get("qr", base.qr if base else "native")}
        if kwargs["text"] not in ("native", "raster") or kwargs["qr"] not in ("native", "image"):
            raise ValueError("text= takes native|raster, qr= takes native|image")
        if width:
            return RenderOptions.for_paper(width, **kwargs)
        return RenderOptions(paper_dots=base.paper_dots if base else 576, **kwargs)
    except ValueError as exc:
        raise PrinterError("bad_url", f"printer URL {url}: {exc}") from exc


def _number(u: DeviceUrl, key: str, default: float) -> float:
    try:
        return u.number(key, default, float)
    except DeviceUrlError as exc:
        raise PrinterError("bad_url", str(exc)) from None


def _usb(url: str, netloc: str, params: dict[str, str], opts: RenderOptions,
         timeout: float) -> EscposPrinter:
    from escpos.printer import usb as escpos_usb

    try:
        vid, pid = (int(part, 16) for part in netloc.split(":"))
        in_ep = int(params.get("in_ep", "0x82"), 0)
        out_ep = int(params.get("out_ep", "0x01"), 0)
    except ValueError:
        raise PrinterError("bad_url", f"printer URL {url}: expected usb://VID:PID in hex, "
                                      "e.g. usb://0416:5011") from None
    if not escpos_usb.is_usable():
        raise PrinterError("missing_package", f"printer {url}: USB printing needs the pyusb package "
                                              "(pip install pyusb) and libusb-1.0; pyusb is not installed")
    driver = escpos_usb.Usb(vid, pid, timeout=int(timeout * 1000), in_ep=in_ep, out_ep=out_ep)
    return EscposPrinter(url, driver, opts, can_read=True, timeout=timeout)


def open_printer(url: str, options: RenderOptions | None = None, connect: bool = True) -> Printer:
    """The printer a configuration string names.

    Query options for every scheme: width=80|58 (mm), text=native|raster, qr=native|image,
    timeout=seconds. With connect=True a missing device raises PrinterError now; nothing ever falls
    back to the simulator, so a misconfigured kiosk cannot look as if it printed.
    """
    u = _parse(url)
    scheme, params = u.scheme, u.params
    opts = _options(url, params, options)
    timeout = _number(u, "timeout", 10.0)

    printer: EscposPrinter
    if scheme == "sim":
        try:
            printer = SimPrinter(url, params.get("paper", "ok"), params.get("fail"), opts)
        except ValueError as exc:
            raise PrinterError("bad_url", f"printer URL {url}: {exc}") from exc
    elif scheme == "usb":
        printer = _usb(url, u.netloc, params, opts, timeout)
    elif scheme == "serial":
        from escpos.printer import Serial

        if not u.path:
            raise PrinterError("bad_url", f"printer URL {url}: expected serial:///dev/ttyS0?baud=19200")
        baud = int(_number(u, "baud", 9600))
        try:
            dsrdtr = u.flag("dsrdtr", True)
        except DeviceUrlError as exc:
            raise PrinterError("bad_url", str(exc)) from None
        driver = Serial(devfile=u.path, baudrate=baud, timeout=1, dsrdtr=dsrdtr)
        printer = SerialPrinter(url, driver, opts, can_read=True, timeout=timeout)
    elif scheme == "tcp":
        from escpos.printer import Network

        if not u.host:
            raise PrinterError("bad_url", f"printer URL {url}: expected tcp://host:9100")
        driver = Network(host=u.host, port=u.port or 9100, timeout=timeout)
        printer = NetworkPrinter(url, driver, opts, can_read=True, timeout=timeout)
    else:
        from escpos.printer import File

        if not u.path:
            raise PrinterError("bad_url", f"printer URL {url}: expected file:///path/to/out.bin")
        printer = EscposPrinter(url, File(devfile=u.path), opts, can_read=False, timeout=timeout)
    if connect:
        printer.connect()
    return printer
