"""What one fuzz target's run found: refused (the documented way), accepted, and findings (anything else)."""
from __future__ import annotations

import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Outcome:
    target: str
    cases: int
    seed: int
    refused: int = 0                  # the documented refusal (InvalidCard, ContentInvalid, 4xx, ...)
    accepted: int = 0
    findings: list[str] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def finding(self, text: str) -> None:
        if len(self.findings) < 20:
            self.findings.append(text)
        self.kinds[text.split(":", 1)[0]] += 1

    @property
    def failures(self) -> int:
        return sum(self.kinds.values())

    @contextmanager
    def timed(self):
        """`with out.timed(): ...`: the cases' time, not the set-up's, in `seconds`."""
        started = time.perf_counter()
        try:
            yield self
        finally:
            self.seconds = time.perf_counter() - started

    def row(self) -> str:
        """This run as a row of the table in docs/reliability.md."""
        kinds = ", ".join(f"{k} ×{v}" for k, v in self.kinds.items()) or "—"
        return (f"| {self.target} | {self.cases:,} | {self.seed} | {self.refused:,} | {self.accepted:,} | "
                f"{self.failures} | {self.seconds:.1f} s | {kinds} |")
