"""Run-time fault knobs shared by the emulators (set with POST /_sandbox/faults)."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["DropConnection", "Faults"]

# A path segment that names one object (uuid, Auth0 client id, cgr_…, rs hex id): folded so that requests of one
# shape share their draws whichever object they name.
ID = re.compile(r"(?<=/)(?=[^/]*\d)[^/]{16,}")


def shape_of(method: str, path: str) -> str:
    """A request's shape: its method and its path with the ids folded."""
    return f"{method} {ID.sub('{id}', path)}"


@dataclass
class Faults:
    """Run-time fault knobs. Counted faults fire first; then `ratio` of calls fail at random (seeded).

    `statuses` mixes several answers (e.g. [429, 503]); `drop_ratio` / `drop_next` commit a write and then
    close the connection without any response, as a timeout after the server committed would.

    A random draw belongs to the request's shape (method + path with ids folded) and its occurrence, not to a shared
    stream: the same seed injects the same faults however concurrent calls interleave, so a loaded machine sees the
    run an idle one sees. And no shape faults at random more than `max_streak` times in a row, which keeps a seeded
    run within the clients' retry budgets (Konnect client 4, auth0 3): it tests recovery, not exhaustion.
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
    max_streak: int = 2
    _seen: Counter[str] = field(default_factory=Counter, repr=False)
    _streak: Counter[str] = field(default_factory=Counter, repr=False)

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
        "max_streak",
    )

    def configure(self, spec: dict[str, Any]) -> None:
        for key in self.KNOBS:
            if key in spec:
                setattr(self, key, spec[key])
        self._seen.clear()
        self._streak.clear()

    def _draw(self, kind: str, shape: str) -> random.Random:
        key = f"{kind} {shape}"
        self._seen[key] += 1
        return random.Random(f"{self.seed}:{key}:{self._seen[key]}")

    def _random(self, kind: str, shape: str, ratio: float) -> random.Random | None:
        """The draw that fires a random fault of `kind` for this request, or None (the streak cap included)."""
        rng = self._draw(kind, shape)
        if ratio and rng.random() < ratio and self._streak[shape] < self.max_streak:
            self._streak[shape] += 1
            return rng
        self._streak[shape] = 0
        return None

    def _status(self, rng: random.Random) -> int:
        return rng.choice(self.statuses) if self.statuses else self.status

    def pick(self, method: str, path: str = "") -> int | None:
        if self.methods and method not in self.methods:
            return None
        if self.fail_next > 0:
            self.fail_next -= 1
            return self._status(self._draw("fail", shape_of(method, path)))
        rng = self._random("status", shape_of(method, path), self.ratio)
        return None if rng is None else self._status(rng)

    def drop(self, method: str, path: str = "") -> bool:
        if method not in self.drop_methods:
            return False
        if self.drop_next > 0:
            self.drop_next -= 1
            return True
        return self._random("drop", shape_of(method, path), self.drop_ratio) is not None


class DropConnection(Exception):
    """Raised after a committed write: the server closes the connection without answering."""
