"""Who may do what: roles, a clerk's window, a reviewer's department. Plain functions that raise
service.Refused (401 no one, 403 not yours), called by the service functions the API and the console share.

- clerk: the queue and the desk of their own window (applications whose theme is handled at that window);
- reviewer: the matters of their own department, and only applications that have one;
- editor: the catalogue;
- supervisor: everything, plus users, kiosks and reports;
- automation (the hall's HALL_STAFF_TOKEN): the /v1/staff routes it always had, nothing of the desk.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from . import db
from .accounts import Principal
from .service import Refused


def require_role(p: Principal | None, *roles: str) -> Principal:
    if p is None:
        raise Refused(401, "staff login required")
    if p.role != "supervisor" and p.role not in roles:
        raise Refused(403, f"{p.role} may not do this (needs {' or '.join(roles)})")
    return p


def window_of(cat, app_row) -> str:
    """The window letter (ticket prefix) that handles this application's theme."""
    loc = cat.locations.get(app_row.location_id) if app_row.location_id else None
    if loc is None:
        loc = cat.theme_location(cat.theme(app_row.theme_id))
    return loc.ticket_prefix


def require_window(p: Principal, letter: str) -> None:
    require_role(p, "clerk")
    if p.role == "clerk" and p.window != letter:
        raise Refused(403, f"window {letter} is not yours (you serve window {p.window})")


def departments_of(conn: Connection, app_id: str) -> set[str]:
    return {r.department_id for r in conn.execute(select(db.matters.c.department_id)
                                                  .where(db.matters.c.application_id == app_id))}


def require_read(conn: Connection, cat, p: Principal, app_row) -> None:
    """Reading an application: its window's clerk, a reviewer with a matter in it, a supervisor."""
    require_role(p, "clerk", "reviewer")
    if p.role == "clerk":
        require_window(p, window_of(cat, app_row))
    elif p.role == "reviewer" and p.department not in departments_of(conn, app_row.id):
        raise Refused(403, "this application has no matter of your department")


def require_desk(cat, p: Principal, app_row) -> None:
    """Acting at the desk (originals, accept, return, owed, hand-over): the window's clerk or a supervisor."""
    require_role(p, "clerk")
    if p.role == "clerk":
        require_window(p, window_of(cat, app_row))


def require_matter(p: Principal, matter_row, status: str) -> None:
    """Moving a matter: a reviewer of its department (review steps only), a supervisor, or automation."""
    if p.role in ("supervisor", "automation"):
        return
    require_role(p, "reviewer")
    if p.department != matter_row.department_id:
        raise Refused(403, f"matter {matter_row.matter_id} belongs to {matter_row.department_id}, "
                           f"not to your department {p.department}")
    if status in ("collected", "posted"):
        raise Refused(403, "results are handed over at the window, not by the reviewer")
