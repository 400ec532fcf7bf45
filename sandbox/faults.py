"""Run-time fault knobs shared by the emulators (set with POST /_sandbox/faults)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DropConnection", "Faults"]


@dataclass
class Faults:
    """Run-time fault knobs. Counted faults fire first; then `ratio` of calls fail at random (seeded).

    `statuses` mixes several answers (e.g. [429, 503]); `drop_ratio` / `drop_next` commit a write and then
    close the connection without any response, as a timeout after the server committed would.
    """

    fail_next: int = 0
    status: int = 503
    statuses: list[int] = field(default_factory=list)
    ratio: float = 0.0
    retry_after: float = 1.0
    latency_ms: int = 0
    hold_ms: int = 0  # delay after a request was handled and logged, before the response goes out
    methods: list[str] = field(default_factory=list)  # empty: every method
    drop_next: int = 0
    drop_ratio: float = 0.0
    drop_methods: list[str] = field(default_factory=lambda: ["POST"])
    seed: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    KNOBS = (
        "hold_ms",
        "fail_next",
        "status",
        "statuses",
        "ratio",
        "retry_after",
        "latency_ms",
        "methods",
        "drop_next",
        "drop_ratio",
        "drop_methods",
        "seed",
    )

    def configure(self, spec: dict[str, Any]) -> None:
        for key in self.KNOBS:
            if key in spec:
                setattr(self, key, spec[key])
        self._rng = random.Random(self.seed)

    def _status(self) -> int:
        return self._rng.choice(self.statuses) if self.statuses else self.status

    def pick(self, method: str) -> int | None:
        if self.methods and method not in self.methods:
            return None
        if self.fail_next > 0:
            self.fail_next -= 1
            return self._status()
        if self.ratio and self._rng.random() < self.ratio:
            return self._status()
        return None

    def drop(self, method: str) -> bool:
        if method not in self.drop_methods:
            return False
        if self.drop_next > 0:
            self.drop_next -= 1
            return True
        return bool(self.drop_ratio) and self._rng.random() < self.drop_ratio


class DropConnection(Exception):
    """Raised after a committed write: the server closes the connection without answering."""
