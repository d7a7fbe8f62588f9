"""A hall database made before the desk existed keeps working: the newer columns and indexes are added at start,
nothing is dropped, and its applications and tickets read as before."""
from __future__ import annotations

import sqlite3

from backend import db

NEW_COLUMNS = {"tickets": ["state", "called_at", "served_at", "called_by", "recalls"],
               "applications": ["sighted_at", "sighted_by", "decided_by", "return_reasons"],
               "owed": ["received_by", "page_id"]}


def test_an_older_hall_database_gains_the_desk_columns_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old-hall.sqlite3"
    db.connect(str(path)).dispose()
    old = sqlite3.connect(path)
    for index in ("ix_applications_status", "ix_tickets_application"):
        old.execute(f"DROP INDEX {index}")
    for table, columns in NEW_COLUMNS.items():
        for column in columns:
            old.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    old.execute("INSERT INTO tickets (day, prefix, number, ticket, theme_id, location_id, issued_at) "
                "VALUES ('2026-11-30', 'A', 1, 'A001', 'birth', 'main-hall', '2026-11-30 09:00:00')")
    old.commit()
    old.close()

    db.connect(str(path)).dispose()

    conn = sqlite3.connect(path)
    for table, columns in NEW_COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        assert set(columns) <= have, table
    indexes = {row[1] for row in conn.execute("SELECT type, name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_applications_status", "ix_tickets_application"} <= indexes
    assert conn.execute("SELECT ticket, state FROM tickets").fetchall() == [("A001", None)]
