"""What the benchmark measures with: projects on the sandboxes, wall time, peak memory of the engine's process tree."""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.engine import Project, process_tree
from tests.support.sandbox import RunningSandbox

__all__ = ["AUTH0_TOKEN", "KONNECT_TOKEN", "PeakMemory", "bench_project", "median_of", "timed"]

KONNECT_TOKEN, AUTH0_TOKEN = "bench-konnect-token", "bench-auth0-token"


def bench_project(tmp: Path, konnect: RunningSandbox, auth0: RunningSandbox, strategies: int, apis: int) -> Project:
    """tests/e2e/programs/bench.py: one DCR provider and `strategies` auth strategies, `apis` Auth0 APIs."""
    proj = Project(tmp, "bench", ca_file=auth0.ca_path)
    proj.config("konnect:serverUrl", konnect.url)
    proj.config("konnect:token", KONNECT_TOKEN, secret=True)
    proj.config("auth0:domain", auth0.domain)
    proj.config("auth0:apiToken", AUTH0_TOKEN, secret=True)
    proj.config_object("dcr-e2e:bench", {"strategies": strategies, "apis": apis})
    return proj


def timed(fn: Callable[..., Any], *args: str) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def median_of(figures: list[float]) -> float:
    return float(statistics.median(figures))


def rss_kb(pid: int) -> int:
    """A process's resident memory (0 once it is gone or for a zombie), from /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    line = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "VmRSS: 0 kB")
    return int(line.split()[1])


def children_rss_mb(root_pid: int) -> float:
    """Resident memory of every descendant of `root_pid` (not the process itself)."""
    return sum(rss_kb(pid) for pid in process_tree(root_pid) - {root_pid}) / 1024


class PeakMemory:
    """Samples the memory of this process's children (the engine and everything it starts) every 50 ms."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, children_rss_mb(me))
            time.sleep(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
