"""The kiosk against a hall it cannot trust: an answer that is not JSON (a proxy or captive portal), a
refused credential. Nothing waits for ever: the outbox item goes back to pending, the lookup answers, the
flush command gives up with a reason. A real hall server behind a real HTTP proxy that rewrites answers."""
from __future__ import annotations

import threading

import pytest

from support import hall_kiosk_env as kiosk_env
from content import load_catalogue
from kiosk.background import wait_until
from kiosk.config import load_config
from kiosk.delivery import hall_client, open_outbox
from kiosk.sample import sample_application
from kiosk.sender import Sender
from kiosk.services import Services
from support import FaultProxy, run_kiosk

LIMIT = 60
PORTAL = b"<html><body>Please log in to the guest network</body></html>"


@pytest.fixture
def proxy(hall):
    p = FaultProxy(hall.url)
    yield p
    p.close()


def _cfg(tmp_path, url, token):
    return load_config(environ={"KIOSK_DATA_DIR": str(tmp_path), "KIOSK_BACKEND_URL": url,
                                "KIOSK_KIOSK_TOKEN": token})


def _queue(outbox, theme="5"):
    body, pages = sample_application(load_catalogue(), theme)
    return outbox.add(body["theme"], body, pages)


def test_a_finalize_answered_with_a_portal_page_puts_the_item_back_to_pending(hall, proxy, tmp_path):
    # Before: the JSON error escaped the sender's deliver and the item stayed in_flight until a restart.
    cfg = _cfg(tmp_path, proxy.url, hall.token)
    outbox = open_outbox(cfg)
    item = _queue(outbox)
    proxy.rewrite = lambda path, data: PORTAL if path.endswith("/finalize") else data
    problems = []
    sender = Sender(outbox, hall_client(cfg), on_problem=lambda i, m: problems.append(m))
    sender.start()
    try:
        assert wait_until(lambda: outbox.get(item.id).attempts >= 1, LIMIT)
        back = outbox.get(item.id)
        assert back.status == "pending" and "not JSON" in back.last_error
        proxy.rewrite = None           # the portal lets us through: the same item is delivered
        outbox.retry_now()
        sender.wake()
        assert wait_until(lambda: outbox.get(item.id).status == "delivered", LIMIT)
    finally:
        sender.stop()


def test_a_status_lookup_answered_with_a_portal_page_reports_a_problem(hall, proxy, tmp_path):
    # Before: the lookup's thread died on the JSON error and the screen said 正在查询… for ever.
    cfg = _cfg(tmp_path, hall.url, hall.token)
    outbox = open_outbox(cfg)
    _queue(outbox)
    delivered = []
    assert Sender(outbox, hall_client(cfg), on_delivered=lambda i, r: delivered.append(r)).drain(deadline=None)
    receipt, code = delivered[0]["receipt"], delivered[0]["lookup_code"]
    proxy.rewrite = lambda path, data: PORTAL
    services = Services(_cfg(tmp_path, proxy.url, hall.token), post=lambda fn: fn(), catalogue=load_catalogue)
    answers, done = [], threading.Event()
    services.lookup_async(receipt, code, lambda r, p: (answers.append((r, p)), done.set()))
    assert done.wait(LIMIT), "the lookup never answered"
    [(found, problem)] = answers
    assert found is None and "not JSON" in problem


def test_outbox_flush_with_a_refused_credential_gives_up_with_one_line(hall, tmp_path):
    # Before: it printed nothing and retried until the timeout (here 10 minutes) or a kill.
    env = kiosk_env(tmp_path / "k", hall.url, "kiosk-a:wrong-secret")
    assert run_kiosk("submit", "--sample", "5", env=env).returncode == 0
    r = run_kiosk("outbox", "flush", "--timeout", "600", env=env, timeout=120)
    assert r.returncode == 1
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "credential" in lines[0] and "401" in lines[0]
