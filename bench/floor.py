"""Where the engine floor goes: one preview of an empty program, split into phases from the engine's own log.

`pulumi preview -v=7 --logtostderr` writes one JSON line per event with its time; the phases are the gaps between
the events that start and end each step:

- CLI start: from launching `pulumi` to its first log line;
- language host start (twice: the CLI asks it for metadata, then the update starts its own): from looking the host up
  to its first call (GetPluginInfo);
- plugin list: GetRequiredPackages (which resource plugins the program's virtualenv declares);
- program start: from Run to the program's first resource registration (interpreter start and imports);
- program end: from the first registration to the end of Run;
- engine finish: from the end of Run to the CLI's exit.
"""

from __future__ import annotations

import json
import subprocess
import time
from datetime import datetime

from tests.support.engine import BIN, Project

__all__ = ["PHASES", "floor_breakdown"]

PHASES = (
    "CLI start",
    "language host start (1st)",
    "language host start (2nd)",
    "plugin list (GetRequiredPackages)",
    "program start (interpreter + imports)",
    "program end",
    "engine finish",
)


def _events(log: str) -> list[tuple[float, str]]:
    events = []
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and "time" in entry and "msg" in entry:
            events.append((datetime.fromisoformat(entry["time"].replace("Z", "+00:00")).timestamp(), str(entry["msg"])))
    return events


def _first(events: list[tuple[float, str]], *parts: str, after: float = 0.0) -> float:
    """The time of the first event at or after `after` whose message holds every one of `parts`."""
    return next(t for t, msg in events if t >= after and all(part in msg for part in parts))


def floor_breakdown(project: Project) -> dict[str, float]:
    """Seconds per phase of one `pulumi preview` of `project` (an empty program), plus their total."""
    cmd = [str(BIN / "pulumi"), "preview", "--non-interactive", "--stack", project.stack, "-v=7", "--logtostderr"]
    started = time.time()
    done = subprocess.run(
        cmd, cwd=project.dir, env=project.env, capture_output=True, text=True, timeout=300, check=True
    )
    ended = time.time()
    events = _events(done.stderr)
    first_log = events[0][0]
    host1 = _first(events, "GetPluginPath(language, python")
    info1 = _first(events, "GetPluginInfo() executing", after=host1)
    host2 = _first(events, "gatherPackagesFromProgram", after=info1)
    info2 = _first(events, "GetPluginInfo() executing", after=host2)
    packages = _first(events, "GetRequiredPackages(", "executing", after=info2)
    packages_done = _first(events, "GetRequiredPackages(", "success", after=packages)
    run = _first(events, "langhost[python].Run(", "executing", after=packages_done)
    registered = _first(events, "RegisterResource received", after=run)
    run_done = _first(events, "langhost[python].Run(", "success", after=registered)
    phases = dict(
        zip(
            PHASES,
            (
                first_log - started,
                info1 - host1,
                info2 - host2,
                packages_done - packages,
                registered - run,
                run_done - registered,
                ended - run_done,
            ),
            strict=True,
        )
    )
    return {**phases, "total": ended - started}
