"""Benchmark of the real engine on the sandboxes: prints one table (run: `make bench`).

Figures come from one run on this machine; compare ratios within a run, not absolute numbers across machines.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.engine import Project  # noqa: E402
from tests.support.sandbox import RunningSandbox  # noqa: E402

KONNECT_TOKEN, AUTH0_TOKEN = "bench-konnect-token", "bench-auth0-token"


def tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    members, frontier = {root_pid}, [root_pid]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in members:
                members.add(child)
                frontier.append(child)
    return sum(rss.get(pid, 0) for pid in members) / 1024


class PeakMemory:
    """Samples the memory of this process's children (the engine and everything it starts)."""

    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(me) - tree_rss_mb_self())
            time.sleep(0.05)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def tree_rss_mb_self() -> float:
    return (
        int(dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())["VmRSS"].split()[0])
        / 1024
    )


def project(tmp: Path, konnect: RunningSandbox, auth0: RunningSandbox, strategies: int, apis: int) -> Project:
    proj = Project(tmp, "bench", ca_file=auth0.ca_path)
    proj.config("konnect:serverUrl", konnect.url)
    proj.config("konnect:token", KONNECT_TOKEN, secret=True)
    proj.config("auth0:domain", auth0.domain)
    proj.config("auth0:apiToken", AUTH0_TOKEN, secret=True)
    proj.config_object("dcr-e2e:bench", {"strategies": strategies, "apis": apis})
    return proj


def timed(fn: object, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    out = fn(*args)  # type: ignore[operator]
    return time.perf_counter() - start, out.stdout


def main() -> None:
    konnect, auth0 = RunningSandbox("konnect", KONNECT_TOKEN), RunningSandbox("auth0", AUTH0_TOKEN)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        floor = project(tmp / "floor", konnect, auth0, 0, 0)
        rows.append(
            (
                "engine floor: preview of an empty program",
                f"{statistics.median(timed(floor.preview)[0] for _ in range(3)):.2f} s",
            )
        )

        empty_up = statistics.median(timed(project(tmp / f"e{i}", konnect, auth0, 0, 0).up)[0] for i in range(3))
        rows.append(("engine floor: up of an empty program", f"{empty_up:.2f} s"))
        # Per-resource cost: 50 resources of one kind, serialized (--parallel=1), minus the empty-program floor.
        konnect_up, _ = timed(project(tmp / "k50", konnect, auth0, 50, 0).up, "--parallel=1")
        auth0_up, _ = timed(project(tmp / "a50", konnect, auth0, 0, 50).up, "--parallel=1")
        ours, theirs = (konnect_up - empty_up) / 51, (auth0_up - empty_up) / 50
        rows.append(("create per resource, Konnect dynamic provider (--parallel=1)", f"{ours * 1000:.1f} ms"))
        rows.append(("create per resource, auth0 plugin * (--parallel=1)", f"{theirs * 1000:.1f} ms"))
        rows.append(("  ratio dynamic / plugin", f"{ours / theirs:.2f}"))
        konnect.reset()
        auth0.reset()
        mixed = project(tmp / "mixed", konnect, auth0, 10, 10)
        mixed.up()
        konnect.clear_log()
        auth0.clear_log()
        noop, _ = timed(mixed.up)
        rows.append(
            (
                "no-op up (21 resources): calls / writes",
                f"{len(konnect.requests()) + len(auth0.requests())} / "
                f"{len(konnect.writes()) + len(auth0.writes())}  ({noop:.2f} s)",
            )
        )
        konnect.clear_log()
        auth0.clear_log()
        timed(mixed.preview)
        rows.append(("preview with no changes: calls", str(len(konnect.requests()) + len(auth0.requests()))))
        konnect.clear_log()
        timed(mixed.refresh)
        gets = [r for r in konnect.requests() if r["method"] == "GET"]
        rows.append(("refresh --skip-preview: Konnect GETs for 11 Konnect resources", str(len(gets))))

        for n in (1, 10, 100):
            konnect.reset()
            proj = project(tmp / f"n{n}", konnect, auth0, n, 0)
            with PeakMemory() as memory:
                seconds, _ = timed(proj.up)
            rows.append((f"up of 1 provider + {n} strategies", f"{seconds:.2f} s, peak {memory.peak:.0f} MB"))
        for parallel in (1, 4):
            konnect.reset()
            proj = project(tmp / f"p{parallel}", konnect, auth0, 100, 0)
            seconds, _ = timed(proj.up, f"--parallel={parallel}")
            rows.append((f"up of 1 provider + 100 strategies, --parallel={parallel}", f"{seconds:.2f} s"))
    konnect.close()
    auth0.close()

    width = max(len(label) for label, _ in rows)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, engine {os.popen(str(ROOT / '.tools/bin/pulumi') + ' version').read().strip()}"
    )
    print(f"{'measure'.ljust(width)} | result")
    print(f"{'-' * width}-|-------")
    for label, value in rows:
        print(f"{label.ljust(width)} | {value}")
    print("* the offline stand-in for pulumi-resource-auth0 (the bridged plugin cannot be built here)")


if __name__ == "__main__":
    main()
