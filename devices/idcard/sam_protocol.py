"""The SAM frame format of resident ID-card readers: encoder, incremental decoder and status codes."""
from __future__ import annotations

from dataclasses import dataclass
from functools import reduce

from .errors import (CardRemoved, ChecksumError, IdCardError, LengthError, NoCard, ReaderError)

PREAMBLE = b"\xAA\xAA\xAA\x96\x69"
HEADER_LEN = 7                  # preamble + LEN(2)
MIN_LEN = 3                     # a request: CMD PARA CHK; a response needs 4 (SW1 SW2 SW3 CHK)
# Largest legal frame body: status + 3 length fields + text 256 + photo 1024 + fingerprint 1024, checksum.
# A LEN above this is line noise, and trusting it would stall the reader until the timeout.
MAX_LEN = 4 + 6 + 256 + 1024 + 1024 + 64

# Commands as (CMD, PARA).
RESET = (0x10, 0xFF)
READER_STATUS = (0x11, 0xFF)
READ_SAM_ID = (0x12, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_TEXT_PHOTO = (0x30, 0x01)
READ_NEW_ADDRESS = (0x30, 0x03)
READ_TEXT_PHOTO_FINGER = (0x30, 0x10)

# SW3 status codes: (Chinese, English).
SW_OK = 0x90
SW_CARD_FOUND = 0x9F
SW_FIELD_EMPTY = 0x91
SW_NO_CARD = 0x80
SW_SELECT_FAILED = 0x81
SW_READ_FAILED = 0x41
SW_CHECKSUM = 0x10
SW_LENGTH = 0x11
SW_BAD_COMMAND = 0x21
STATUS = {
    0x90: ("操作成功", "OK"),
    0x9F: ("找卡成功", "card found"),
    0x91: ("无内容（场内无卡）", "field empty"),
    0x80: ("找卡失败（无卡）", "no card"),
    0x81: ("选卡失败", "select failed"),
    0x41: ("读卡失败", "read failed"),
    0x40: ("无法识别的卡类型", "unknown card type"),
    0x10: ("接收业务终端数据的校验和错误", "checksum error"),
    0x11: ("接收业务终端数据的长度错误", "length error"),
    0x21: ("接收业务终端的命令错误", "bad command"),
    0x23: ("越权操作", "not authorised"),
    0x24: ("无法识别的错误", "unknown error"),
    0x31: ("卡认证机具失败", "card-SAM authentication failed"),
    0x32: ("机具认证卡失败", "SAM-card authentication failed"),
    0x33: ("信息验证错误", "information verification error"),
    0x47: ("取随机数失败", "random number failure"),
    0x60: ("SAM自检失败", "SAM self-test failed"),
    0x66: ("SAM未经授权", "SAM not authorised"),
}


def checksum(data: bytes) -> int:
    """XOR of every byte given: the frame checksum covers LEN onwards, up to but excluding CHK."""
    return reduce(lambda a, b: a ^ b, data, 0)


def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > 0xFFFF:
        raise ValueError(f"frame body too long: {len(body)} bytes")
    head = length.to_bytes(2, "big") + body
    return PREAMBLE + head + bytes([checksum(head)])


def encode_request(command: tuple[int, int], data: bytes = b"") -> bytes:
    """A host→reader frame; the checksum is always computed, never copied (published copies are wrong)."""
    cmd, para = command
    return _frame(bytes([cmd, para]) + data)


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """A reader→host frame, for the simulator and tests."""
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @classmethod
    def from_body(cls, body: bytes) -> "Response":
        """Split a decoded body; a body too short for the status bytes is a length error."""
        if len(body) < 3:
            raise LengthError(f"response body of {len(body)} bytes has no status")
        return cls(body[0], body[1], body[2], bytes(body[3:]))

    @property
    def text(self) -> str:
        zh, en = STATUS.get(self.sw3, ("未知状态", "unknown status"))
        return f"{self.sw1:02X} {self.sw2:02X} {self.sw3:02X} {zh} / {en}"


@dataclass(frozen=True)
class Request:
    cmd: int
    para: int
    data: bytes

    @classmethod
    def from_body(cls, body: bytes) -> "Request":
        if len(body) < 2:
            raise LengthError(f"request body of {len(body)} bytes has no command")
        return cls(body[0], body[1], bytes(body[2:]))


def status_error(response: Response) -> IdCardError:
    """The typed error for a failure status, so callers decide on retry by type, not by number."""
    code = response.sw3
    zh, en = STATUS.get(code, ("未知状态", "unknown status"))
    detail = f"SW {response.sw1:02X} {response.sw2:02X} {code:02X}"
    if code in (SW_NO_CARD, SW_FIELD_EMPTY):
        return NoCard(detail)
    if code in (SW_SELECT_FAILED, SW_READ_FAILED):
        return CardRemoved(detail)
    if code == SW_CHECKSUM:
        return ChecksumError(detail + ", the reader saw a bad checksum")
    if code == SW_LENGTH:
        return LengthError(detail + ", the reader saw a bad length")
    return ReaderError(code, detail, zh=f"读卡器故障：{zh}", en=f"reader failure: {en}")


class FrameDecoder:
    """Turns a byte stream into frame bodies, hunting the preamble through garbage.

    Incremental so a driver can ask for exactly the bytes still missing (`needed`) and a simulator can
    feed whatever the line delivered. `feed` raises ChecksumError or LengthError for a bad frame after
    discarding it; the bytes after it stay buffered, and `feed(b"")` continues with them.
    """

    def __init__(self, max_len: int = MAX_LEN) -> None:
        self.max_len = max_len
        self._buf = bytearray()

    def needed(self) -> int:
        """How many more bytes complete the header or the frame under way (at least 1)."""
        if len(self._buf) < HEADER_LEN or self._buf[:5] != PREAMBLE:
            return max(1, HEADER_LEN - len(self._buf))
        length = int.from_bytes(self._buf[5:7], "big")
        return max(1, HEADER_LEN + length - len(self._buf))

    def reset(self) -> None:
        self._buf.clear()

    def _hunt(self) -> None:
        """Drop bytes before the next preamble; keep a tail that could be the start of one."""
        at = self._buf.find(PREAMBLE)
        if at >= 0:
            del self._buf[:at]
            return
        keep = 0
        for k in range(min(len(PREAMBLE) - 1, len(self._buf)), 0, -1):
            if self._buf.endswith(PREAMBLE[:k]):
                keep = k
                break
        del self._buf[:len(self._buf) - keep]

    def feed(self, data: bytes) -> list[bytes]:
        """Add bytes; return every complete, checked frame body (CMD.. or SW1.., without CHK)."""
        self._buf += data
        bodies: list[bytes] = []
        while True:
            self._hunt()
            if len(self._buf) < HEADER_LEN:
                return bodies
            length = int.from_bytes(self._buf[5:7], "big")
            if length < MIN_LEN or length > self.max_len:
                if bodies:  # hand over the good frames first; the bad one raises on the next feed
                    return bodies
                del self._buf[:1]  # not a frame after all: look for the next preamble
                raise LengthError(f"LEN {length} outside {MIN_LEN}..{self.max_len}")
            end = HEADER_LEN + length
            if len(self._buf) < end:
                return bodies
            frame = bytes(self._buf[:end])
            expected = checksum(frame[5:-1])
            if frame[-1] != expected and bodies:
                return bodies
            del self._buf[:end]
            if frame[-1] != expected:
                raise ChecksumError(f"CHK {frame[-1]:02X}, computed {expected:02X}")
            bodies.append(frame[HEADER_LEN:-1])


TEXT_LEN = 256
PHOTO_LEN = 1024


def build_read_data(text: bytes, photo: bytes) -> bytes:
    """The data part of a 30 01 reply: text length, photo length (both big-endian), text, photo."""
    return len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo


def split_read_data(data: bytes) -> tuple[bytes, bytes]:
    """(text, photo) from a 30 01 reply; inner lengths that disagree with the frame are a length error."""
    if len(data) < 4:
        raise LengthError(f"read reply data of {len(data)} bytes")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    if text_len != TEXT_LEN or photo_len not in (0, PHOTO_LEN) or len(data) != 4 + text_len + photo_len:
        raise LengthError(f"text {text_len} + photo {photo_len} in {len(data) - 4} data bytes")
    return data[4:4 + text_len], data[4 + text_len:]
