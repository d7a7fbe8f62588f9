"""The hall manager's dashboard: today's tickets and waits per window, applications per theme, overdue
matters, kiosks with their last heartbeat and device faults, and silent kiosks as alerts (backend/reports.py)."""
from __future__ import annotations

from fastapi import APIRouter, Request

from .. import reports
from .web import Console


def routes(console: Console) -> APIRouter:
    r = APIRouter()
    beat = reports.heartbeat_seconds()

    @r.get("/console/dashboard")
    def dashboard(request: Request):
        s = console.staff(request, "supervisor")
        data = console.read(reports.today, console.hall.catalogue, console.hall.calendar, s.user, beat)
        return console.render(request, "dashboard.html", s, d=data)

    return r
