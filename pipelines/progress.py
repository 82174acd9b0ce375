"""Progress lines for long pipeline steps, on stderr so stdout stays clean for reports."""

from __future__ import annotations

import sys
import time


class Progress:
    """Prints '[2/6] what … done in 0.4 s' lines for a known number of steps."""

    def __init__(self, total: int, *, stream=None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def step(self, text: str) -> None:
        self.done += 1
        self.stream.write(f"[{self.done}/{self.total}] {text}\n")
        self.stream.flush()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started
