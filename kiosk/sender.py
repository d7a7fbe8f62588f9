"""Delivers the outbox to the hall server in the background: create, upload pages, finalize.

Every step is idempotent on the server (idempotency key, page hashes, finalize of an accepted application
answers the same acceptance), so a sender killed at any point and restarted delivers exactly once.
"""
from __future__ import annotations

import logging
import time
from typing import Callable

from .hall_client import HallAuthError, HallClient, HallRejected, HallUnavailable
from .background import Loop, describe
from .outbox import Item, Outbox, OutboxCorrupt

log = logging.getLogger(__name__)


class Sender:
    def __init__(self, outbox: Outbox, client: HallClient, on_delivered: Callable[[Item, dict], None] | None = None,
                 on_problem: Callable[[Item, str], None] | None = None):
        self.outbox = outbox
        self.client = client
        self.on_delivered = on_delivered
        self.on_problem = on_problem
        self.credential_refused: str | None = None   # the hall's last 401, until a delivery succeeds
        self._loop = Loop("outbox-sender", self._step, backoff=1.0, max_backoff=60.0,
                          on_error=lambda message: self.on_problem and self.on_problem(None, message))

    @property
    def problem(self) -> str | None:
        """Why the sender does not send (a key problem), or None."""
        return self.outbox.key_problem

    def deliver(self, item: Item) -> bool:
        """Try to deliver one claimed item; True when the hall acknowledged it."""
        if self.problem:       # never mark anything dead for a key problem: the items are fine
            self.outbox.mark_retry(item.id, self.problem)
            return False
        try:
            application = self.outbox.application(item.id)
            app_id = item.app_id
            if app_id is None:
                created = self.client.create_application(item.idempotency_key, application)
                app_id = created["id"]
                self.outbox.set_app_id(item.id, app_id)
            for page_id, sha, data in self.outbox.pages(item.id):
                self.client.put_page(app_id, page_id, sha, data)
                self.outbox.mark_page_uploaded(item.id, page_id)
            result = self.client.finalize(app_id, ticket=True)
        except HallUnavailable as exc:
            delay = self.outbox.mark_retry(item.id, str(exc))
            log.info("outbox item %s: %s; retry in %.0f s", item.local_ref, exc, delay)
            return False
        except HallAuthError as exc:
            # Our credential, not the application, is wrong: keep it and retry slowly until staff fix it.
            self.credential_refused = str(exc)
            self.outbox.mark_retry(item.id, str(exc))
            self._problem(item, str(exc))
            return False
        except HallRejected as exc:
            self.outbox.mark_dead(item.id, f"{exc} {exc.details}"[:500])
            log.warning("outbox item %s refused by the hall: %s", item.local_ref, exc)
            self._problem(item, str(exc))
            return False
        except OutboxCorrupt as exc:
            self.outbox.mark_dead(item.id, str(exc))
            self._problem(item, str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - unknown: never leave the item in flight; back off, tell staff
            delay = self.outbox.mark_retry(item.id, f"unexpected error: {describe(exc)}")
            log.exception("outbox item %s: unexpected error; retry in %.0f s", item.local_ref, delay)
            self._problem(item, f"unexpected error: {describe(exc)}")
            return False
        self.credential_refused = None
        self.outbox.mark_delivered(item.id, result.get("receipt"), result.get("ticket"), result)
        log.info("outbox item %s delivered as %s", item.local_ref, result.get("receipt"))
        if self.on_delivered:
            self.on_delivered(self.outbox.get(item.id), result)
        return True

    def _problem(self, item: Item, message: str) -> None:
        if self.on_problem:
            self.on_problem(item, message)

    def drain(self, deadline: float | None = None) -> bool:
        """Deliver until nothing is pending (True) or the deadline passes (False). Waits out backoff.
        Stops at once (False, `credential_refused` says why) when the hall refuses this kiosk's credential:
        no later attempt can succeed until staff fix it.
        False at once, too, when the outbox key is wrong: nothing can be sent until staff fix it."""
        if self.problem:
            return False
        while True:
            item = self.outbox.claim()
            if item is not None:
                self.deliver(item)
                if self.credential_refused:
                    return False
                continue
            counts = self.outbox.counts()
            if counts["pending"] == 0 and counts["in_flight"] == 0:
                return True
            if deadline is not None and time.time() >= deadline:
                return False
            wait = self._next_due() - time.time()
            if deadline is not None:
                wait = min(wait, deadline - time.time())
            time.sleep(max(0.05, min(wait, 5.0)))

    def _next_due(self) -> float:
        row = self.outbox.db.execute("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'").fetchone()
        return row[0] if row and row[0] is not None else time.time() + 1

    # -- background thread -------------------------------------------------------------------------------

    def start(self) -> None:
        if self.problem:
            log.error("outbox sender not started: %s", self.problem)
            return
        self.outbox.resume_in_flight()
        self._loop.start()

    def wake(self) -> None:
        """A new application was committed: look now rather than at the next poll."""
        self._loop.wake()

    def stop(self, timeout: float = 5.0) -> None:
        self._loop.stop(timeout)

    @property
    def last_error(self) -> str | None:
        return self._loop.last_error

    def _step(self) -> float:
        """One item if one is due (then at once again), else wait for the next due one or a wake-up. An
        error outside `deliver` (the outbox's disk) reaches the Loop: logged, shown to staff, backed off."""
        item = self.outbox.claim()
        if item is not None:
            self.deliver(item)
            return 0
        return max(0.2, min(self._next_due() - time.time(), 10.0))
