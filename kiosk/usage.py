"""How often each theme is chosen at this kiosk, so the home screen puts the most used first.

Counts only: no time, no person, nothing that links a count to a citizen.
"""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path


class Usage:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()

    def counts(self) -> dict[str, int]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}          # missing or damaged: start again rather than fail the home screen
        return {k: int(v) for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}

    def count(self, theme_id: str) -> None:
        with self._lock:
            counts = self.counts()
            counts[theme_id] = counts.get(theme_id, 0) + 1
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(counts), encoding="utf-8")
            os.replace(tmp, self.path)
