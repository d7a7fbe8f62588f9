"""Retention: page images are deleted a set number of days after the results were collected (or posted).

Personal-information minimisation: once every matter of an application has ended (collected/posted),
the scanned documents have served their purpose. The figure is the hall's setting (`--page-retention-days`,
default 30; `kiosk-hall retention --days N` runs it once, e.g. from cron); each run is logged with how
many images of how many applications it deleted, and never what they showed.
"""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import case, delete, func, select

from . import db

log = logging.getLogger("backend.retention")
FINISHED = ("collected", "posted")
DEFAULT_DAYS = 30


def finished_before(conn, cutoff: dt.datetime) -> list[str]:
    """Applications whose every matter ended (collected/posted) before `cutoff`."""
    open_matters = func.sum(case((db.matters.c.status.in_(FINISHED), 0), else_=1))
    q = (select(db.matters.c.application_id).group_by(db.matters.c.application_id)
         .having(open_matters == 0).having(func.max(db.matters.c.updated_at) < cutoff))
    return [r[0] for r in conn.execute(q)]


def purge_pages(hall, days: int, now: dt.datetime | None = None) -> tuple[int, int]:
    """Delete the page images of applications finished more than `days` ago; (images, applications)."""
    if days < 0:
        raise ValueError("retention days must be 0 or more")
    cutoff = (now or dt.datetime.now()) - dt.timedelta(days=days)
    with hall.tx() as conn:
        apps = finished_before(conn, cutoff)
        images = 0
        for i in range(0, len(apps), 500):
            chunk = apps[i:i + 500]
            images += conn.execute(delete(db.pages).where(db.pages.c.application_id.in_(chunk))).rowcount
    log.warning("retention: deleted %d page image(s) of %d application(s) finished before %s (%d days)",
                images, len(apps) if images else 0, cutoff.date().isoformat(), days)
    return images, len(apps) if images else 0
