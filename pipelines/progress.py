"""Progress lines for long pipeline steps, on stderr so stdout stays clean for reports."""

from __future__ import annotations

import sys
import time


class Progress:
    """Prints '[2/6] what' lines; '[2] what' when the number of steps is not known in advance."""

    def __init__(self, total: int | None, *, stream=None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def step(self, text: str) -> None:
        self.done += 1
        counter = f"{self.done}/{self.total}" if self.total else str(self.done)
        self.stream.write(f"[{counter}] {text}\n")
        self.stream.flush()

    def elapsed(self) -> float:
        return time.perf_counter() - self.started
