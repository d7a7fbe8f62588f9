"""16-bit PCM WAV in memory: parse espeak-ng's streamed output, scale volume, join with pauses."""
from __future__ import annotations

import io
import math
import struct
import wave
from array import array
from dataclasses import dataclass


class WavError(ValueError):
    """Bytes that are not the 16-bit PCM WAV espeak-ng writes."""


@dataclass(frozen=True)
class Audio:
    """Mono/stereo 16-bit PCM samples; kept as raw frames so volume and joins need no re-encoding."""

    rate: int
    channels: int
    frames: bytes

    @property
    def duration(self) -> float:
        return len(self.frames) / (2 * self.channels * self.rate) if self.rate else 0.0

    def samples(self) -> array:
        out = array("h")
        out.frombytes(self.frames[: len(self.frames) - len(self.frames) % 2])
        return out

    def peak(self) -> int:
        s = self.samples()
        return max((abs(v) for v in s), default=0)

    def rms(self) -> float:
        s = self.samples()
        return math.sqrt(sum(v * v for v in s) / len(s)) if s else 0.0

    def scaled(self, volume: int) -> Audio:
        """Volume on the samples themselves, so it works on any output device and needs no mixer."""
        volume = max(0, min(100, int(volume)))
        if volume == 100:
            return self
        s = self.samples()
        out = array("h", [(v * volume) // 100 if v >= 0 else -((-v * volume) // 100) for v in s])
        return Audio(self.rate, self.channels, out.tobytes())

    def silence(self, ms: int) -> Audio:
        """A pause in this audio's format: pauses between screen parts are real silence, not punctuation."""
        n = int(self.rate * ms / 1000) * self.channels
        return Audio(self.rate, self.channels, bytes(2 * n))

    def to_wav(self) -> bytes:
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(self.channels)
            w.setsampwidth(2)
            w.setframerate(self.rate)
            w.writeframes(self.frames)
        return buf.getvalue()


def join(parts: list[Audio], pauses_ms: list[int]) -> Audio:
    """Concatenate parts, each followed by its pause; all parts must share one format."""
    if not parts:
        raise WavError("nothing to join")
    first = parts[0]
    chunks: list[bytes] = []
    for part, pause in zip(parts, pauses_ms):
        if (part.rate, part.channels) != (first.rate, first.channels):
            raise WavError("parts differ in sample rate or channels")
        chunks.append(part.frames)
        if pause > 0:
            chunks.append(first.silence(pause).frames)
    return Audio(first.rate, first.channels, b"".join(chunks))


def parse_wav(data: bytes) -> Audio:
    """Read a WAV even when its sizes are placeholders, as in `espeak-ng --stdout` (0x7ffff000+)."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise WavError("not a RIFF/WAVE stream")
    pos, fmt = 12, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = pos + 8
        if cid == b"fmt ":
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", data[body:body + 16])
            if tag != 1 or bits != 16:
                raise WavError(f"need 16-bit PCM, got format {tag} with {bits} bits")
            fmt = (rate, channels)
        elif cid == b"data":
            if fmt is None:
                raise WavError("data chunk before fmt chunk")
            end = min(len(data), body + size)
            frames = data[body:end]
            frames = frames[: len(frames) - len(frames) % (2 * fmt[1])]
            return Audio(fmt[0], fmt[1], frames)
        pos = body + size + (size & 1)
    raise WavError("no data chunk")
