"""Today's queue at a window written straight into a hall's real SQLite file: tickets served with given
service times and tickets still waiting, as desk-api's call-next leaves them (tests and benchmarks)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import insert, update


def seed_window(db_path: Path, prefix: str = "A", served_minutes=(4, 6, 8), waiting: int = 2,
                theme: str = "birth", location: str = "service-centre") -> None:
    from backend import db

    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    engine = db.connect(str(db_path))
    now = dt.datetime.now().replace(microsecond=0)
    day = now.date()
    start = now - dt.timedelta(minutes=sum(served_minutes) + 5)
    number = 0
    with engine.begin() as conn:
        for minutes in served_minutes:
            number += 1
            called = start
            start = served = called + dt.timedelta(minutes=minutes)
            conn.execute(insert(db.tickets).values(
                day=day, prefix=prefix, number=number, ticket=f"{prefix}{number:03d}", theme_id=theme,
                location_id=location, issued_at=called - dt.timedelta(minutes=1), state="served",
                called_at=called, served_at=served, called_by="clerk-seed"))
        for _ in range(waiting):
            number += 1
            conn.execute(insert(db.tickets).values(
                day=day, prefix=prefix, number=number, ticket=f"{prefix}{number:03d}", theme_id=theme,
                location_id=location, issued_at=now))
        name = f"ticket:{day.isoformat()}:{prefix}"
        if conn.execute(update(db.counters).where(db.counters.c.name == name).values(value=number)).rowcount == 0:
            conn.execute(insert(db.counters).values(name=name, value=number))
    engine.dispose()


def hall_with_clerk(db_path: Path, kiosk_id: str = "mx-queue-test", clerk: str = "clerk-a", window: str = "A",
                    password: str = "correct horse battery 9") -> str:
    """A hall database (real SQLite, written by the hall's own code in this process, which saves two
    `kiosk-hall` process starts) with a kiosk and a clerk at `window`; returns the kiosk's credential."""
    from backend.accounts import add_user
    from backend.hall import Hall
    from backend.kiosks import register_kiosk

    hall = Hall(str(db_path))
    token = register_kiosk(hall, kiosk_id)
    with hall.tx() as conn:
        add_user(conn, hall.catalogue, clerk, "clerk", password, window=window)
    hall.engine.dispose()
    return token
