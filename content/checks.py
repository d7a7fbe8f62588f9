"""Checks on the built catalogue, after the schemas and references pass: what only the merged notices show.

Each check lives in its own module and returns every problem it finds (SourceError, file and path):
parties kept apart (checks_parties), citizen-facing text (checks_display), the plan's places and targets
(checks_plan). `validate()` runs them once the documents are sound enough to build.
"""
from __future__ import annotations

from .source import Documents, SourceError


def catalogue_checks(docs: Documents) -> list[SourceError]:
    from .checks_display import check_display
    from .checks_parties import check_parties
    from .model import build

    cat = build(docs)
    return check_parties(cat) + check_display(cat)
