"""The lobby's now-serving band, as state: the latest call at each window and the last few calls, read from
the hall's public `GET /v1/queue/now-serving`, which new calls are (to highlight and announce), and whether the
hall answers at all.

Only ticket numbers, window names and times ever reach the lobby: the endpoint carries nothing personal, and
`Call` keeps only those fields of whatever it is sent. A poller thread asks the hall every `poll_ms`; each
poll ends in exactly one callback (the new board, or the reason it failed), and the UI takes it from there.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

log = logging.getLogger(__name__)

PATH = "/v1/queue/now-serving"        # the latest call at each window (desk-api, backend/queue.py)
CALLS = "/v1/queue/calls"             # today's calls and recalls, newest first
#: Consecutive failed polls before the band says the calling system is unreachable: one lost answer
#: (a server restarting) does not flash a warning at a full hall.
FAILURES_BEFORE_DOWN = 3


@dataclass(frozen=True)
class Call:
    ticket: str
    window: str                 # the window's name, as said and shown
    prefix: str = ""            # the window's ticket letter
    called_at: str = ""
    call_id: int = 0            # every call and recall has its own, increasing

    @property
    def key(self) -> int | tuple[str, str]:
        """A recall is a new call (its own id), so it is highlighted and announced again."""
        return self.call_id or (self.ticket, self.called_at)

    @classmethod
    def from_json(cls, item: dict) -> Call:
        """Only these fields are kept, whatever else the hall sends."""
        ticket = str(item["ticket"])
        return cls(ticket=ticket, window=str(item.get("window_name") or item.get("window") or ""),
                   prefix=str(item.get("window") if item.get("window_name") else ticket[:1]),
                   called_at=str(item.get("called_at") or ""), call_id=int(item.get("call_id") or 0))


def parse(payload) -> tuple[list[Call], list[Call]]:
    """(latest per window, recent calls newest first) from the hall's answer.

    Accepts {"windows": [...], "recent": [...]} or a plain list of the latest call per window."""
    if isinstance(payload, dict):
        windows = payload.get("windows") or payload.get("now_serving") or []
        recent = payload.get("recent") or []
    elif isinstance(payload, list):
        windows, recent = payload, []
    else:
        raise ValueError("now-serving answer is neither an object nor a list")
    latest = [Call.from_json(w) for w in windows if w and w.get("ticket")]
    calls = [Call.from_json(c) for c in recent if c and c.get("ticket")]
    if not calls:
        calls = sorted(latest, key=lambda c: (c.call_id, c.called_at), reverse=True)
    return sorted(latest, key=lambda c: c.prefix), calls


@dataclass
class Board:
    """What the band shows. `update` returns the calls not seen before, oldest first (to announce in order)."""

    recent_count: int = 5
    windows: list[Call] = field(default_factory=list)
    recent: list[Call] = field(default_factory=list)
    connected: bool | None = None          # None until the hall has answered or failed once
    newest: Call | None = None             # the call to highlight
    failures: int = 0
    _seen: set = field(default_factory=set)
    _primed: bool = False                  # the hall has answered once: calls from then on are new

    def update(self, payload) -> list[Call]:
        latest, recent = parse(payload)
        first, self._primed = not self._primed, True
        # New calls are the windows' latest ones not seen before; the recent list only ever shows older
        # calls (one answer may carry a recent list fetched before the latest call).
        fresh = [c for c in latest if c.key not in self._seen]
        self._seen.update(c.key for c in latest + recent)
        self.windows, self.recent = latest, recent[:max(self.recent_count, 0) + len(latest)]
        self.connected, self.failures = True, 0
        unique = list({c.key: c for c in sorted(fresh, key=lambda c: (c.call_id, c.called_at))}.values())
        if unique:
            self.newest = unique[-1]
        # Calls made before the lobby started are shown but not announced again.
        return [] if first else unique

    def failed(self) -> bool:
        """One more failed poll; True when that turns the band to 'unreachable'."""
        self.failures += 1
        was = self.connected
        if self.connected is None or self.failures >= FAILURES_BEFORE_DOWN:
            self.connected = False
        return was is not False and self.connected is False

    @property
    def history(self) -> list[Call]:
        """The last few tickets called, each once, leaving out those shown as a window's latest call."""
        shown = {c.ticket for c in self.windows}
        out: list[Call] = []
        for c in self.recent:
            if c.ticket not in shown:
                shown.add(c.ticket)
                out.append(c)
        return out[:self.recent_count]


class Poller:
    """Asks the hall for now-serving every `interval` seconds on its own thread until `stop()`."""

    def __init__(self, base_url: str, interval: float, on_answer: Callable[[object], None],
                 on_error: Callable[[str], None], ca_file: str | None = None, timeout: float = 2.0,
                 recent: int = 5):
        import requests

        self.url = base_url.rstrip("/") + PATH
        self.interval, self.timeout = interval, timeout
        self.on_answer, self.on_error = on_answer, on_error
        self.session = requests.Session()
        self.session.trust_env = False        # the hall is on the intranet; no proxy lookups per request
        self.session.verify = ca_file or True
        self.recent = recent
        self._ids: tuple = ()
        self._recent: list = []
        self._answered = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="now-serving", daemon=True)

    def start(self) -> Poller:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def poll_once(self) -> None:
        """One poll; ends in on_answer(payload) or on_error(reason). When a window's latest call changed it
        answers twice: at once with that call, then with the last few calls fetched after it."""
        import requests

        try:
            latest = self._get(self.url)
            payload = {"windows": latest, "recent": self._recent}
            parse(payload)
            ids = tuple(sorted(int(c.get("call_id") or 0) for c in latest))
            changed = ids != self._ids
            if changed:
                # Something was called: put it on the band now, then fetch the last few calls (only
                # then, so an idle hall costs one small request per poll) and answer again with them.
                # The first poll answers once, complete: nothing in it is a new call.
                if self._answered:
                    self.on_answer(payload)
                self._recent = self._get(self.url.replace(PATH, CALLS), {"limit": self.recent + len(latest) + 1})
                self._ids = ids
                payload = {"windows": latest, "recent": self._recent}
                parse(payload)
        except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
            self.on_error(type(exc).__name__ + (f": {exc}" if isinstance(exc, ValueError) else ""))
            return
        self._answered = True
        self.on_answer(payload)

    def _get(self, url: str, params: dict | None = None):
        resp = self.session.get(url, params=params, timeout=(min(1.0, self.timeout), self.timeout))
        if resp.status_code != 200:
            raise ValueError(f"hall answered {resp.status_code}")
        return resp.json()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            self.poll_once()
            self._stop.wait(max(0.0, self.interval - (time.monotonic() - started)))
