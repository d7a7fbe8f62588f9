"""Fuzzing with fixed seeds: ID card frames and texts, QR payloads, catalogue documents with wrong types, and
hall API requests. Each target says which exceptions are the documented way to refuse input; anything else
(an uncaught exception, a 500, a thread that died) is a finding. `make test` runs 10,000 cases of each
(tests/test_fuzz.py); `make bench` runs 100,000 and writes the table into docs/reliability.md.

    .venv/bin/python -m bench fuzz            # 100,000 cases per target

One module a target (idcard_frames, qr_payloads, catalogue_documents, hall_requests); what they feed their
parsers in mutate.py, what a run found in outcome.py, the table in report.py.
"""
from __future__ import annotations

from .catalogue_documents import catalogue
from .hall_requests import api
from .idcard_frames import idcard, idcard_poller_survives
from .outcome import Outcome
from .qr_payloads import qr
from .report import table

__all__ = ["TARGETS", "Outcome", "idcard_poller_survives", "run"]

TARGETS = {"idcard": idcard, "qr": qr, "catalogue": catalogue, "api": api}


def run(quick: bool = False) -> str:
    """What `python -m bench fuzz` writes into docs/reliability.md."""
    return table(TARGETS, quick)
