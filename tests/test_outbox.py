"""The outbox: committed and encrypted before any network call, resumable, bounded."""
from __future__ import annotations

import pytest

from content import load_catalogue
from kiosk.outbox import BYTES_HELD, Outbox, OutboxCorrupt, OutboxFull, load_or_create_key
from kiosk.sample import sample_application


@pytest.fixture(scope="module")
def sample():
    return sample_application(load_catalogue(), "5")


def _outbox(tmp_path, **kw):
    return Outbox(tmp_path / "o.sqlite3", load_or_create_key(tmp_path / "keys" / "k"), **kw)


def test_personal_data_is_encrypted_at_rest(tmp_path, sample):
    body, pages = sample
    box = _outbox(tmp_path)
    box.add("birth", body, pages)
    box.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("o.sqlite3*"))
    for secret in (body["form"]["id-number@father"], body["form"]["name@father"], body["form"]["phone"]):
        assert secret.encode("utf-8") not in raw
    assert pages[0]["data"][100:200] not in raw


def test_key_file_is_private_to_the_kiosk_user(tmp_path):
    load_or_create_key(tmp_path / "keys" / "k")
    assert (tmp_path / "keys" / "k").stat().st_mode & 0o077 == 0


def test_same_idempotency_key_twice_is_one_item(tmp_path, sample):
    body, pages = sample
    box = _outbox(tmp_path)
    a = box.add("birth", body, pages, idempotency_key="same-key")
    b = box.add("birth", body, pages, idempotency_key="same-key")
    assert a.id == b.id and box.counts()["pending"] == 1


def test_in_flight_items_go_back_to_pending_at_start(tmp_path, sample):
    box = _outbox(tmp_path)
    box.add("birth", *sample)
    assert box.claim() is not None and box.claim() is None
    assert box.counts()["in_flight"] == 1
    assert box.resume_in_flight() == 1 and box.counts()["pending"] == 1


def test_retry_backs_off_so_the_item_is_not_due_at_once(tmp_path, sample):
    box = _outbox(tmp_path)
    item = box.add("birth", *sample)
    box.claim()
    assert box.mark_retry(item.id, "down") >= 1.0
    assert box.claim() is None
    box.retry_now()
    assert box.claim().id == item.id


def test_size_guard_refuses_instead_of_filling_the_disk(tmp_path, sample):
    one = _outbox(tmp_path / "measure")
    one.add("birth", *sample)
    size = one.db.execute(BYTES_HELD).fetchone()[0]
    box = _outbox(tmp_path, max_bytes=int(size * 2.5))
    box.add("birth", *sample)
    box.add("birth", *sample)
    with pytest.raises(OutboxFull):
        box.add("birth", *sample)
    assert box.counts()["pending"] == 2


def test_a_different_kiosk_key_cannot_read_the_outbox(tmp_path, sample):
    box = _outbox(tmp_path)
    item = box.add("birth", *sample)
    box.close()
    other = Outbox(tmp_path / "o.sqlite3", load_or_create_key(tmp_path / "keys" / "other"))
    with pytest.raises(OutboxCorrupt):
        other.application(item.id)


def test_delivered_item_keeps_receipt_but_not_personal_data(tmp_path, sample):
    box = _outbox(tmp_path)
    item = box.add("birth", *sample)
    box.mark_delivered(item.id, "MX-261129-0001-8", "A001", {"receipt": "MX-261129-0001-8"})
    assert box.get(item.id).receipt == "MX-261129-0001-8"
    with pytest.raises(OutboxCorrupt):
        box.application(item.id)
    assert list(box.pages(item.id, only_pending=False)) == []


def test_uploaded_pages_are_not_offered_again_after_a_restart(tmp_path, sample):
    body, pages = sample
    box = _outbox(tmp_path)
    item = box.add("birth", body, pages)
    first = pages[0]["page_id"]
    box.mark_page_uploaded(item.id, first)
    box.mark_page_uploaded(item.id, first)          # a repeated mark is harmless
    box.close()
    box = _outbox(tmp_path)                          # the sender was killed; a new one opens the file
    left = [page_id for page_id, _sha, _data in box.pages(item.id)]
    assert left == [p["page_id"] for p in pages[1:]]
    assert [d for _i, _s, d in box.pages(item.id, only_pending=False)] == [p["data"] for p in pages]
    box.mark_delivered(item.id, "MX-261129-0001-8", None, {})
    assert box.db.execute("SELECT COUNT(*) FROM uploads").fetchone()[0] == 0
