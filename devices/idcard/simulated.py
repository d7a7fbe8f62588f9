"""A simulated reader on a pseudo-terminal: a real serial peer speaking SAM bytes, with fault injection."""
from __future__ import annotations

import os
import random
import select
import shutil
import tempfile
import threading
import tty
from dataclasses import dataclass, fields

from devices.urls import DeviceUrlError, parse_device_url

from . import sam_protocol as sam
from .card import Card, encode_text
from .errors import ChecksumError, LengthError, PortUnavailable
from .fixtures import CARDS
from .serial_transport import SerialTransport

_NAMES = {sam.FIND_CARD: "find", sam.SELECT_CARD: "select", sam.READ_TEXT_PHOTO: "read"}
# Garbage with false starts of the preamble in it, so the host's resync is really exercised.
_GARBAGE = b"\x00\xAA\xAA\x13\xAA\xAA\xAA\x96\xFF\x69\xAA"


@dataclass
class Faults:
    """Misbehaviour to inject; counters are consumed one reply at a time, so `=1` means "once".

    `only_for` limits the counters to one command ("find", "select" or "read").
    """

    only_for: str | None = None
    corrupt_checksum: int = 0     # reply with its CHK byte flipped
    wrong_length: int = 0         # reply whose LEN is beyond any legal frame
    silence: int = 0              # no reply at all (the host times out)
    garbage: int = 0              # noise on the line before the reply
    remove_during_read: int = 0   # the card leaves between select and read: read answers 41
    random_replies: bool = False  # answer everything with random bytes
    sam_status: int | None = None  # answer every command with this SW3 (e.g. 0x60 SAM self-test failed)


class SimulatedReader:
    """Answers the SAM protocol byte for byte on the master side of a pty, on its own thread.

    The driver opens `port`, a stable symlink to the pty's slave (like /dev/serial/by-id), so after
    `unplug()` and `replug()` the same setting reaches the new pty, as udev does for a real reader.
    Like a real reader, a card that has been read is not found again until it is placed anew.
    """

    def __init__(self, card: Card | None = None, faults: Faults | None = None, seed: int = 0) -> None:
        self.faults = faults or Faults()
        self.requests: list[sam.Request] = []
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._dir = tempfile.mkdtemp(prefix="idcard-sim-")
        self.port = os.path.join(self._dir, "ttyIDCARD0")
        self._fds: tuple[int, int] | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.place(card)

    # -- the card --------------------------------------------------------------------------------
    def place(self, card: Card | None) -> None:
        """Put a card on the reader (None: take it away)."""
        with self._lock:
            self.card = card
            self._fresh = card is not None
            self._found = self._selected = False

    def remove(self) -> None:
        self.place(None)

    # -- the line --------------------------------------------------------------------------------
    def start(self) -> "SimulatedReader":
        master, slave = os.openpty()
        tty.setraw(slave)  # keep the slave raw even before the driver configures it: no echo, no CRLF
        tmp = self.port + ".new"
        if os.path.lexists(tmp):
            os.unlink(tmp)
        os.symlink(os.ttyname(slave), tmp)
        os.replace(tmp, self.port)
        self._fds = (master, slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(master, self._stop),
                                        name="idcard-sim", daemon=True)
        self._thread.start()
        return self

    def unplug(self) -> None:
        """Close the pty, as pulling the USB cable does: the driver's next read or write fails."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None
        if self._fds is not None:
            for fd in self._fds:
                os.close(fd)
            self._fds = None

    def replug(self) -> None:
        self.unplug()
        self.start()

    def stop(self) -> None:
        self.unplug()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> "SimulatedReader":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _serve(self, master: int, stop: threading.Event) -> None:
        decoder = sam.FrameDecoder()
        while not stop.is_set():
            ready, _, _ = select.select([master], [], [], 0.02)
            if not ready:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:  # nobody has the slave open right now
                stop.wait(0.02)
                continue
            while True:
                try:
                    bodies = decoder.feed(data)
                except ChecksumError:
                    self._send(master, sam.encode_response(sam.SW_CHECKSUM))
                    data = b""
                    continue
                except LengthError:
                    self._send(master, sam.encode_response(sam.SW_LENGTH))
                    data = b""
                    continue
                data = b""
                if not bodies:
                    break
                for body in bodies:
                    reply = self._answer(sam.Request.from_body(body))
                    if reply:
                        self._send(master, reply)

    @staticmethod
    def _send(master: int, data: bytes) -> None:
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(master, view):]
            except OSError:
                return

    # -- the protocol ----------------------------------------------------------------------------
    def _answer(self, request: sam.Request) -> bytes | None:
        name = _NAMES.get((request.cmd, request.para), "other")
        with self._lock:
            self.requests.append(request)
            f = self.faults
            if f.random_replies:
                noise = bytes(self._rng.randrange(256) for _ in range(self._rng.randrange(1, 60)))
                # Half the time behind a real preamble, so the host must judge LEN and CHK too.
                return sam.PREAMBLE + noise if self._rng.random() < 0.5 else noise
            hit = f.only_for in (None, name)
            if hit and f.silence:
                f.silence -= 1
                return None
            if f.sam_status is not None:
                reply = sam.encode_response(f.sam_status)
            else:
                reply = self._reply(name, request)
            if hit and f.wrong_length:
                f.wrong_length -= 1
                reply = reply[:5] + b"\xFF\xF0" + reply[7:]
            if hit and f.corrupt_checksum:
                f.corrupt_checksum -= 1
                reply = reply[:-1] + bytes([reply[-1] ^ 0x5A])
            if hit and f.garbage:
                f.garbage -= 1
                reply = _GARBAGE + reply
            return reply

    def _reply(self, name: str, request: sam.Request) -> bytes:
        if name == "find":
            self._selected = False
            self._found = self.card is not None and self._fresh
            return sam.encode_response(sam.SW_CARD_FOUND if self._found else sam.SW_NO_CARD)
        if name == "select":
            self._selected = self.card is not None and self._found
            return sam.encode_response(sam.SW_OK if self._selected else sam.SW_SELECT_FAILED)
        if name == "read":
            if self.faults.remove_during_read and self.card is not None:
                self.faults.remove_during_read -= 1
                self.card = None
            if self.card is None or not self._selected:
                return sam.encode_response(sam.SW_READ_FAILED)
            self._fresh = False  # the card must leave the field before it is found again
            return sam.encode_response(sam.SW_OK, sam.build_read_data(encode_text(self.card),
                                                                      self.card.photo_wlt))
        if (request.cmd, request.para) in (sam.RESET, sam.READER_STATUS):
            return sam.encode_response(sam.SW_OK)
        if (request.cmd, request.para) == sam.READ_SAM_ID:
            return sam.encode_response(sam.SW_OK, bytes(range(16)))
        return sam.encode_response(sam.SW_BAD_COMMAND)


class _SimLine(SerialTransport):
    """The serial line to a simulator started for a `sim://` URL; closing it stops the simulator."""

    simulator: SimulatedReader

    def close(self) -> None:
        super().close()
        self.simulator.stop()


def parse_sim_url(url: str) -> tuple[Card | None, Faults]:
    """`sim://?card=resident&silence=1&only_for=read`: a card name from the fixtures and fault settings."""
    try:
        query = dict(parse_device_url(url, "idcard").params)
    except DeviceUrlError as exc:
        raise PortUnavailable(str(exc)) from None
    name = query.pop("card", "resident")
    if name not in CARDS:
        raise PortUnavailable(f"{url}: no sample card {name!r} (have: {', '.join(CARDS)})")
    faults = Faults()
    known = {f.name: f for f in fields(Faults)}
    for key, value in query.items():
        if key not in known:
            raise PortUnavailable(f"{url}: unknown setting {key!r}")
        if key == "only_for":
            faults.only_for = value
        elif key == "random_replies":
            faults.random_replies = value.lower() in ("1", "true", "yes")
        else:
            try:
                setattr(faults, key, int(value, 0))
            except ValueError:
                raise PortUnavailable(f"{url}: {key}={value!r} is not a number") from None
    return CARDS[name], faults


def open_sim_url(url: str, timeout: float = 1.0) -> SerialTransport:
    """Start a simulator for `url` and open the real serial driver on its pty."""
    card, faults = parse_sim_url(url)
    sim = SimulatedReader(card, faults).start()
    try:
        inner = SerialTransport.from_url(sim.port, timeout)
    except Exception:
        sim.stop()
        raise
    line = _SimLine(inner._port, url)
    line.simulator = sim
    return line
