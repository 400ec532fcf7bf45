"""Benchmark of the real engine on the sandboxes (run: `make bench`): prints one table, writes bench/out/.

Every scenario runs at zero latency and with latency added to every call of both sandboxes (50 ms and 150 ms, what
Konnect and Auth0 answer in from a CI runner), in one run. Each figure is the median of REPS repetitions, so one
noisy run does not decide; ratios compare figures of the same run. Outputs: the table on stdout,
bench/out/bench.json (every figure, repetitions included), bench/out/scale.json and bench/out/scale.svg (the scale
curve).
"""

from __future__ import annotations

import json
import math
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.floor import PHASES, floor_breakdown  # noqa: E402
from bench.measure import (  # noqa: E402
    AUTH0_TOKEN,
    KONNECT_TOKEN,
    PeakMemory,
    bench_project,
    median_of,
    timed,
)
from bench.scale import scale_svg  # noqa: E402
from tests.support.engine import Project  # noqa: E402
from tests.support.sandbox import RunningSandbox  # noqa: E402

LATENCIES_MS = (0, 50, 150)
REALISTIC_MS = 150
REPS = 3
PER_CREATE_REPS = 5  # the per-create ratio is the noisiest figure: more repetitions
PER_CREATE = 50  # resources of one kind per per-create measurement (--parallel=1)
FAN_OUT = 100  # strategies behind one provider, at default parallelism
SCALE = (1, 10, 100, 500)
OUT = ROOT / "bench" / "out"
# The engine's default --parallel (4 per CPU) and the dynamic provider server's worker threads
# (tools/engine/pulumi-resource-pulumi-python): together they bound how many creates wait on the network at once.
ENGINE_PARALLEL = 4 * (os.cpu_count() or 1)
DYNAMIC_WORKERS = int(os.environ.get("PULUMI_DYNAMIC_WORKERS") or 64)


class Bench:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.konnect, self.auth0 = RunningSandbox("konnect", KONNECT_TOKEN), RunningSandbox("auth0", AUTH0_TOKEN)
        self.count = 0
        self.rows: list[tuple[str, str]] = []
        self.data: dict[str, Any] = {}

    def fresh(self, latency_ms: int) -> None:
        for sandbox in (self.konnect, self.auth0):
            sandbox.reset()
            sandbox.faults(latency_ms=latency_ms)
            sandbox.clear_log()

    def project(self, strategies: int, apis: int) -> Project:
        self.count += 1
        return bench_project(self.tmp / f"p{self.count}", self.konnect, self.auth0, strategies, apis)

    def row(self, label: str, value: str) -> None:
        self.rows.append((label, value))

    def floor(self) -> float:
        phases = [floor_breakdown(self.project(0, 0)) for _ in range(REPS)]
        medians = {name: median_of([p[name] for p in phases]) for name in (*PHASES, "total")}
        self.data["floor_preview"] = {"median": medians, "runs": phases}
        self.row("engine floor: preview of an empty program", f"{medians['total']:.2f} s")
        for name in PHASES:
            self.row(f"  {name}", f"{medians[name] * 1000:.0f} ms")
        empty = [timed(self.project(0, 0).up) for _ in range(REPS)]
        self.data["floor_up"] = empty
        self.row("engine floor: up of an empty program", f"{median_of(empty):.2f} s")
        return median_of(empty)

    def per_create(self, latency_ms: int, floor: float) -> None:
        """Create cost per resource, --parallel=1: Konnect dynamic resources vs the auth0 plugin."""
        ours, theirs, konnect_calls, konnect_writes, auth0_calls = [], [], [], [], []
        for _ in range(PER_CREATE_REPS):
            self.fresh(latency_ms)
            ours.append((timed(self.project(PER_CREATE, 0).up, "--parallel=1") - floor) / (PER_CREATE + 1))
            konnect_calls.append(len(self.konnect.requests()) / (PER_CREATE + 1))
            konnect_writes.append(len(self.konnect.writes()) / (PER_CREATE + 1))
            self.fresh(latency_ms)
            theirs.append((timed(self.project(0, PER_CREATE).up, "--parallel=1") - floor) / PER_CREATE)
            auth0_calls.append(len(self.auth0.requests()) / PER_CREATE)
        ratio = median_of(ours) / median_of(theirs)
        self.data[f"per_create_{latency_ms}ms"] = {
            "konnect_s": ours,
            "auth0_s": theirs,
            "konnect_calls": konnect_calls,
            "konnect_writes": konnect_writes,
            "auth0_calls": auth0_calls,
            "ratio": ratio,
        }
        lookups = round((median_of(konnect_calls) - median_of(konnect_writes)) * (PER_CREATE + 1))
        self.row(
            f"[{latency_ms} ms] create per resource, Konnect dynamic (--parallel=1)",
            f"{median_of(ours) * 1000:.1f} ms, {median_of(konnect_calls):.2f} calls: 1 write each + {lookups} shared "
            f"lookups for {PER_CREATE + 1} creates",
        )
        self.row(
            f"[{latency_ms} ms] create per resource, auth0 plugin * (--parallel=1)",
            f"{median_of(theirs) * 1000:.1f} ms, {median_of(auth0_calls):.2f} calls",
        )
        self.row(f"[{latency_ms} ms]   ratio dynamic / plugin (medians)", f"{ratio:.2f}")

    def fan_out(self, latency_ms: int, zero_latency: float | None) -> float:
        """`up` of 1 provider + FAN_OUT strategies at default parallelism, next to its limit."""
        runs = []
        for _ in range(REPS):
            self.fresh(latency_ms)
            runs.append(timed(self.project(FAN_OUT, 0).up))
        seconds = median_of(runs)
        width = min(ENGINE_PARALLEL, DYNAMIC_WORKERS)
        # Round trips on the critical path: the provider's lookup and POST, the strategies' one shared lookup,
        # then the strategies' POSTs, `width` at a time.
        trips = 2 + 1 + math.ceil(FAN_OUT / width)
        base = seconds if zero_latency is None else zero_latency
        limit = base + trips * latency_ms / 1000
        self.data[f"fan_out_{latency_ms}ms"] = {"runs": runs, "limit": limit, "round_trips": trips, "width": width}
        how = (
            f"T0 {base:.2f} s + {latency_ms} ms x (2 + 1 + ⌈{FAN_OUT}/{width}⌉ = {trips} round trips)"
            if latency_ms
            else "T0 (no latency)"
        )
        self.row(
            f"[{latency_ms} ms] up of 1 provider + {FAN_OUT} strategies (default parallelism)",
            f"{seconds:.2f} s; limit {limit:.2f} s = {how}; {seconds / limit:.2f}x the limit",
        )
        return seconds

    def steady_state(self) -> None:
        """A deployed stack: no-op up and preview make no call; each refresh form's reads per resource."""
        self.fresh(0)
        mixed = self.project(10, 10)
        mixed.up()
        konnect_resources = 11
        for label, command in (
            ("no-op up (22 resources): calls / writes", ("up", "--yes", "--skip-preview")),
            ("preview with no changes: calls / writes", ("preview",)),
        ):
            self.konnect.clear_log()
            self.auth0.clear_log()
            mixed.run(*command)
            calls = len(self.konnect.requests()) + len(self.auth0.requests())
            writes = len(self.konnect.writes()) + len(self.auth0.writes())
            self.row(label, f"{calls} / {writes}")
        for label, args in (
            ("refresh --skip-preview", ("refresh", "--yes", "--skip-preview")),
            ("up --refresh --skip-preview (make up, fleet up)", ("up", "--yes", "--refresh", "--skip-preview")),
            ("refresh (with its preview)", ("refresh", "--yes")),
        ):
            self.konnect.clear_log()
            mixed.run(*args)
            gets = sum(1 for r in self.konnect.requests() if r["method"] == "GET")
            self.row(f"{label}: Konnect reads per Konnect resource", f"{gets / konnect_resources:.1f}")

    def scale(self) -> None:
        seconds: dict[str, list[tuple[int, float]]] = {}
        calls: dict[str, list[tuple[int, float]]] = {}
        figures = []
        for latency_ms in (0, REALISTIC_MS):
            label = f"{latency_ms} ms per call"
            for n in SCALE:
                self.fresh(latency_ms)
                with PeakMemory() as memory:
                    took = timed(self.project(n, 0).up)
                made = len(self.konnect.requests())
                seconds.setdefault(label, []).append((n, took))
                calls.setdefault(label, []).append((n, made))
                figures.append(
                    {"latency_ms": latency_ms, "strategies": n, "seconds": took, "calls": made, "peak_mb": memory.peak}
                )
                self.row(
                    f"[scale, {latency_ms} ms] up of 1 provider + {n} strategies",
                    f"{took:.2f} s, {made} calls, peak {memory.peak:.0f} MB",
                )
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / "scale.json").write_text(json.dumps(figures, indent=2) + "\n")
        caption = f"{machine()}; default parallelism; medians not taken (one run per point)"
        (OUT / "scale.svg").write_text(scale_svg(SCALE, seconds, calls, caption))
        self.data["scale"] = figures

    def close(self) -> None:
        self.konnect.close()
        self.auth0.close()


def machine() -> str:
    engine = os.popen(str(ROOT / ".tools/bin/pulumi") + " version").read().strip()
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, engine {engine}"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmpdir:
        bench = Bench(Path(tmpdir))
        try:
            floor = bench.floor()
            zero: float | None = None
            for latency_ms in LATENCIES_MS:
                bench.per_create(latency_ms, floor)
                took = bench.fan_out(latency_ms, zero)
                zero = took if latency_ms == 0 else zero
            bench.steady_state()
            bench.scale()
        finally:
            bench.close()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "bench.json").write_text(json.dumps({"machine": machine(), **bench.data}, indent=2) + "\n")
    width = max(len(label) for label, _ in bench.rows)
    print(f"machine: {machine()}; medians of {REPS} repetitions ({PER_CREATE_REPS} per create), scale: one run each")
    print(f"{'measure'.ljust(width)} | result")
    print(f"{'-' * width}-|-------")
    for label, value in bench.rows:
        print(f"{label.ljust(width)} | {value}")
    print("* the offline stand-in for pulumi-resource-auth0 (the bridged plugin cannot be built here)")
    print(f"written: {OUT / 'bench.json'}, {OUT / 'scale.json'}, {OUT / 'scale.svg'}")


if __name__ == "__main__":
    main()
