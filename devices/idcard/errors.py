"""Typed errors of the ID-card reader, each with a one-line Chinese and English reason."""
from __future__ import annotations


class IdCardError(Exception):
    """Base of every error the ID-card layer raises, so callers can catch one type and show `reason`.

    `retryable` tells the screen whether asking the resident to try again can help; the reasons are short
    enough for a status line and a log line alike.
    """

    zh = "读卡失败"
    en = "card read failed"
    retryable = False

    def __init__(self, detail: str = "", *, zh: str | None = None, en: str | None = None) -> None:
        if zh is not None:
            self.zh = zh
        if en is not None:
            self.en = en
        self.detail = detail
        super().__init__(self.reason)

    @property
    def reason(self) -> str:
        """One line, Chinese then English, plus any technical detail for the log."""
        text = f"{self.zh} / {self.en}"
        return f"{text} ({self.detail})" if self.detail else text


class NoCard(IdCardError):
    zh, en, retryable = "未放置身份证", "no card on the reader", True


class CardRemoved(IdCardError):
    zh, en, retryable = "读卡过程中卡片被移开，请重新放置", "card moved away during the read, place it again", True


class ChecksumError(IdCardError):
    zh, en, retryable = "读卡器通信校验错误", "checksum error on the reader line", True


class LengthError(IdCardError):
    zh, en, retryable = "读卡器通信长度错误", "length error on the reader line", True


class Timeout(IdCardError):
    zh, en, retryable = "读卡器无应答", "the reader did not answer in time", True


class ReaderUnplugged(IdCardError):
    zh, en, retryable = "读卡器已断开", "the reader is disconnected", True


class PortUnavailable(ReaderUnplugged):
    zh, en, retryable = "无法打开读卡器端口", "cannot open the reader port", False


class ReaderError(IdCardError):
    """The reader or its SAM module answered with a failure status (SAM not authorised, self-test...)."""

    zh, en = "读卡器故障", "reader failure"

    def __init__(self, status: int, detail: str = "", *, zh: str | None = None, en: str | None = None):
        self.status = status
        super().__init__(detail, zh=zh, en=en)


class ReaderFault(IdCardError):
    """Something the reader layer did not expect (a driver or decoding bug): reported like any reader
    failure and retried, so the poller never dies and the screen is never left waiting."""

    zh, en, retryable = "读卡器出错", "unexpected reader error", True


class InvalidCard(IdCardError):
    """The card answered, but what it holds fails a check (check digit, date): never show it as valid."""

    zh, en = "证件信息校验失败", "card data failed verification"


ALL_ERRORS = (NoCard, CardRemoved, ChecksumError, LengthError, Timeout, ReaderUnplugged, PortUnavailable,
              ReaderError, InvalidCard, ReaderFault)
