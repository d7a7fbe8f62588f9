"""Staff mode: the hidden entry gesture, the PIN check with its lockout, and what the staff page shows.

The kiosk runs fullscreen with no way to the desktop; staff reach the staff page with a gesture no citizen
makes by chance (five taps on the hall name within three seconds) and a PIN. The PIN is stored only as a
salted PBKDF2 hash (`[staff] pin_hash`, written by `kiosk staff set-pin`); an empty hash means staff mode
is off. Wrong PINs lock the pad for a while. Only the events are logged, never a PIN or part of one.
Nothing here imports Kivy: the screen calls these methods and draws what they return.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .background import describe, run_task

log = logging.getLogger(__name__)

PBKDF2_ITERATIONS = 200_000
#: A stored hash must claim at least this many iterations (one iteration makes a 4-digit PIN a lookup), and
#: at most the upper bound (a hash claiming 10^10 would hang the pad on every try).
MIN_ITERATIONS, MAX_ITERATIONS = 100_000, 5_000_000
PIN_MIN, PIN_MAX = 4, 12

OK, WRONG, LOCKED, DISABLED = "ok", "wrong", "locked", "disabled"


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = PBKDF2_ITERATIONS) -> str:
    """`pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>`: a fresh random salt unless one is given."""
    if not valid_pin(pin):
        raise ValueError(f"a PIN is {PIN_MIN} to {PIN_MAX} digits")
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)
    return f"pbkdf2_sha256${iterations}${salt.hex()}${digest.hex()}"


def valid_pin(pin: str) -> bool:
    return pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time check of a PIN against a stored hash; a malformed hash never matches."""
    try:
        scheme, iterations, salt_hex, digest_hex = stored.strip().split("$")
        if scheme != "pbkdf2_sha256" or not MIN_ITERATIONS <= int(iterations) <= MAX_ITERATIONS:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode("ascii", "replace"), bytes.fromhex(salt_hex),
                                     int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), digest_hex.lower())


def pin_hash_problem(stored: str) -> str | None:
    """Why a configured hash cannot be used (None when it can, or when it is empty: staff mode off)."""
    if not stored.strip():
        return None
    parts = stored.strip().split("$")
    if len(parts) != 4 or parts[0] != "pbkdf2_sha256" or not parts[1].isdigit():
        return "staff.pin_hash is not a pbkdf2_sha256$… hash: set it with `kiosk staff set-pin`"
    try:
        bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        return "staff.pin_hash is damaged: set it again with `kiosk staff set-pin`"
    if not MIN_ITERATIONS <= int(parts[1]) <= MAX_ITERATIONS:
        return (f"staff.pin_hash claims {int(parts[1])} iterations (allowed {MIN_ITERATIONS}-{MAX_ITERATIONS}): "
                "set it again with `kiosk staff set-pin`")
    return None


@dataclass
class PinGate:
    """The PIN pad's rules: `max_tries` wrong PINs in a row lock it for `lockout_s` seconds. With
    `state_path` the count and the lock survive a restart (pulling the plug does not reset the lockout);
    `now` is then wall-clock time."""

    pin_hash: str = ""
    max_tries: int = 5
    lockout_s: float = 300.0
    failures: int = 0
    locked_until: float = 0.0
    state_path: Path | None = None

    def __post_init__(self) -> None:
        if self.state_path is None:
            return
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
            self.failures = max(0, int(state.get("failures", 0)))
            self.locked_until = float(state.get("locked_until", 0.0))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, AttributeError):
            # A damaged state file must not unlock the pad: lock it for one period instead.
            log.warning("staff lock state unreadable: pad locked for %d s", int(self.lockout_s))
            import time
            self.locked_until = time.time() + self.lockout_s

    def _save(self) -> None:
        if self.state_path is None:
            return
        tmp = self.state_path.with_suffix(".tmp")
        try:
            self.state_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"failures": self.failures, "locked_until": self.locked_until}, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.state_path)
        except OSError as exc:
            log.error("staff lock state not saved: %s", exc.strerror)

    @property
    def enabled(self) -> bool:
        return bool(self.pin_hash.strip()) and pin_hash_problem(self.pin_hash) is None

    def seconds_locked(self, now: float) -> int:
        return max(0, int(self.locked_until - now + 0.999))

    def check(self, pin: str, now: float) -> str:
        """OK, WRONG, LOCKED or DISABLED. While locked, no PIN is even compared."""
        if not self.enabled:
            log.warning("staff PIN entered but staff mode is off (no valid staff.pin_hash)")
            return DISABLED
        if now < self.locked_until:
            log.warning("staff PIN refused: pad locked for %d s more", self.seconds_locked(now))
            return LOCKED
        if verify_pin(pin, self.pin_hash):
            if self.failures:
                self.failures = 0
                self._save()
            log.info("staff mode entered")
            return OK
        self.failures += 1
        if self.failures >= self.max_tries:
            self.failures = 0
            self.locked_until = now + self.lockout_s
            self._save()
            log.warning("staff PIN wrong %d times: pad locked for %d s", self.max_tries, int(self.lockout_s))
            return LOCKED
        self._save()
        log.warning("staff PIN wrong (%d of %d before lockout)", self.failures, self.max_tries)
        return WRONG

    def unlock(self) -> None:
        """Clear the count and the lock (the tour; a hall waits the lockout out)."""
        self.failures, self.locked_until = 0, 0.0
        self._save()

    def tries_left(self) -> int:
        return self.max_tries - self.failures


@dataclass
class TapGesture:
    """`taps` taps within `window_s` seconds: the hidden way into staff mode."""

    taps: int = 5
    window_s: float = 3.0
    times: list[float] = field(default_factory=list)

    def tap(self, now: float) -> bool:
        self.times = [t for t in self.times if now - t <= self.window_s] + [now]
        if len(self.times) >= self.taps:
            self.times.clear()
            return True
        return False


class StaffMode:
    """Staff mode's state and actions over the services and printing it needs; results come back
    through `services.post` (kiosk.background: every task answers exactly once)."""

    def __init__(self, services, printing, end_session: Callable[[], None], pin_hash: str):
        self.services = services
        self.printing = printing
        self.end_session = end_session
        self.gate = PinGate(pin_hash, state_path=services.cfg.data_dir / "staff-lock.json")
        self.gesture = TapGesture()
        self.active = False
        problem = pin_hash_problem(pin_hash)
        if problem:
            log.error("%s; staff mode stays off", problem)

    def enter(self) -> None:
        """Staff take over the kiosk: whatever a citizen left is wiped first."""
        self.end_session()
        self.active = True

    def leave(self) -> None:
        if self.active:
            log.info("staff mode left")
        self.active = False

    # -- the staff page's figures and buttons -------------------------------------------------------------

    def status_async(self, done: Callable[[dict], None]) -> None:
        """Device health, outbox counts, hall reachability, catalogue versions and any background worker's
        last unexpected error (slow: a worker thread; `done` is always called, once)."""
        services = self.services

        def work() -> dict:
            from .device_health import CHECKS
            from .hall_client import HallError

            from .outbox_guard import set_aside_files

            status: dict = {"outbox": services.outbox.counts(), "devices": [],
                            "outbox_problem": services.outbox.key_problem,
                            "set_aside": set_aside_files(services.outbox.path.parent)}
            last = services.devices.snapshot()
            for name, check in CHECKS.items():
                url = services.cfg.get("devices", name)
                if (name == "idcard" and services.has_card_reader_open) or \
                        (name == "qr" and services.has_qr_open):
                    # The journey holds the reader's line: a second opening would garble both. Show what
                    # the journey last saw instead.
                    status["devices"].append({"device": name, "url": url, **{k: last[name][k] for k in
                                                                            ("state", "reason")}})
                    continue
                try:
                    h = vars(check(url))
                except Exception as exc:  # a device check must not take the staff page down
                    log.exception("device health failed")
                    h = {"device": name, "url": url, "state": "failed", "reason": str(exc)}
                services.devices.note(name, h["state"], h["reason"])    # the next heartbeat tells the hall
                status["devices"].append(h)
            try:
                health = services.client.health()
                status["hall"] = {"reachable": True, "version": health.get("catalogue_version"), "error": None}
            except HallError as exc:
                status["hall"] = {"reachable": False, "version": None, "error": str(exc)}
            status["problems"] = dict(services.problems)
            return status

        def failed(exc: BaseException) -> None:
            done({"outbox": None, "devices": [], "problems": dict(services.problems),
                  "hall": {"reachable": False, "version": None, "error": describe(exc)}})

        run_task("staff-status", work, done, failed, services.post)

    def retry_dead(self) -> int:
        n = self.services.outbox.requeue_dead()
        log.info("staff requeued %d dead outbox item(s)", n)
        self.services.sender.wake()
        return n

    def print_test_page(self, done: Callable[[bool, str | None], None]) -> None:
        from devices.printer import printer_test_page

        self.printing.print_async(printer_test_page(self.printing.printer_url), done)

    def may_exit_to_desktop(self) -> bool:
        """Only from staff mode: citizens have no way out of the kiosk."""
        return self.active
