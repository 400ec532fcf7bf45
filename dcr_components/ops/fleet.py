"""Fleet operations over many stacks of one project, on Pulumi's Automation API with the project's engine:
`preview`, `up`, `drift` (a refresh in preview-only mode: it never writes state, Konnect or Auth0) and `verify`.

Stacks run in parallel (bounded); one failing does not stop the others. Each run yields a StackResult; the report
(`render_json`, the summary table in fleet_report.py) and the exit code come from those:
`drift` exits 0 when clean, 2 when something drifted, 1 on any error; the others 0 or 1.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from pulumi import automation as auto

from ..config import NAMESPACE
from .stack import engine_env, engine_root, read_stack
from .verify import run_checks

__all__ = [
    "OPERATIONS",
    "Drift",
    "StackResult",
    "drift_of",
    "exit_code",
    "headline",
    "render_json",
    "run_fleet",
    "workspace",
]

Operation = Literal["preview", "up", "drift", "verify"]
OPERATIONS: tuple[Operation, ...] = ("preview", "up", "drift", "verify")
Listener = Callable[[str, auto.EngineEvent], None]
GENERIC_FAILURES = {f"{op} failed" for op in ("update", "preview", "refresh", "destroy")}
# Selecting a stack writes the workspace's settings file: one at a time.
SELECTING = threading.Lock()


@dataclass
class Drift:
    """A resource whose live state differs from the stack's: its declared fields that differ."""

    resource: str
    type: str
    fields: list[str]


@dataclass
class StackResult:
    stack: str
    operation: str
    result: Literal["ok", "drift", "failed", "error"] = "ok"
    changes: dict[str, int] = field(default_factory=dict)
    drift: list[Drift] = field(default_factory=list)
    checks: dict[str, int] = field(default_factory=dict)
    policy: list[str] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""


def workspace(project: Path) -> auto.LocalWorkspace:
    """The project's workspace, run by its own engine (`make setup`) when it has one, else the pulumi on PATH."""
    env = engine_env(project)
    # Refresh runs the program, so providers use the credentials in the stack config now (see README, rotation).
    env.setdefault("PULUMI_RUN_PROGRAM", "true")
    root = engine_root(project)
    command = auto.PulumiCommand(root=str(root) if root is not None else None)
    keep = ("PULUMI_", "SSL_CERT", "KONNECT_", "AUTH0_", "PATH")
    return auto.LocalWorkspace(
        work_dir=str(project),
        pulumi_command=command,
        env_vars={k: v for k, v in env.items() if k.startswith(keep)},
    )


def drift_of(event: auto.EngineEvent) -> Drift | None:
    """A refresh step whose declared inputs came back different (outputs Konnect fills in are not drift; the engine
    reports components and providers as `update` on every refresh, which is not drift either)."""
    outputs = event.res_outputs_event
    if outputs is None or outputs.metadata.old is None or outputs.metadata.new is None:
        return None
    old, new = outputs.metadata.old, outputs.metadata.new
    if not new.custom or new.type.startswith("pulumi:providers:"):
        return None
    was, now = old.inputs or {}, new.inputs or {}
    changed = sorted(k for k in set(was) | set(now) if was.get(k) != now.get(k))
    return Drift(resource=outputs.metadata.urn.rsplit("::", 1)[-1], type=new.type, fields=changed) if changed else None


def drifted(events: Sequence[auto.EngineEvent]) -> list[Drift]:
    return [d for d in map(drift_of, events) if d is not None]


def guardrails(project: Path, stack: str) -> dict[str, Any]:
    """The project's policy pack (policy/) and the stack's policy config (policy/config/<stack>.json), if any."""
    pack = project / "policy"
    if not (pack / "PulumiPolicy.yaml").exists():
        return {}
    config = pack / "config" / f"{stack}.json"
    return {"policy_packs": [str(pack)], "policy_pack_configs": [str(config)] if config.exists() else []}


def violations(events: Sequence[auto.EngineEvent]) -> list[str]:
    """Policy findings, one line each: `[mandatory|advisory] policy (resource): what to change`."""
    found = []
    for event in events:
        policy = event.policy_event
        if policy is None:
            continue
        where = policy.resource_urn.rsplit("::", 1)[-1] if policy.resource_urn else "stack"
        level = "advisory" if policy.enforcement_level == "warning" else policy.enforcement_level
        said = [line.strip() for line in policy.message.splitlines() if line.strip()]
        found.append(f"[{level}] {policy.policy_name} ({where}): {said[-1] if said else ''}")
    return list(dict.fromkeys(found))


def readable(error: BaseException, events: Sequence[auto.EngineEvent], policy: Sequence[str] = ()) -> str:
    """Mandatory policy violations (from `policy`, the run's `violations`) and the engine's own error diagnostics,
    else the CLI's `error:` lines: one message, not a dump."""
    lines = [v for v in policy if v.startswith("[mandatory]")]
    lines += [
        e.diagnostic_event.message.strip()
        for e in events
        if e.diagnostic_event is not None and e.diagnostic_event.severity == "error"
    ]
    if not lines:
        text = str(error)
        # The CLI's own lines, wherever the Automation API's "stderr:" prefix left them.
        lines = [line[line.index("error:") :].strip() for line in text.splitlines() if "error:" in line]
        lines = lines or [next((line.strip() for line in reversed(text.splitlines()) if line.strip()), text)]
    unique = list(dict.fromkeys(line for line in lines if line))
    # The engine closes with "update failed" / "preview failed": nothing to add to a message that says why.
    telling = [
        line
        for line in unique
        if line not in GENERIC_FAILURES and not line.startswith("an unhandled error occurred: Program exited")
    ]
    return "\n".join(telling or unique)


def counts(summary: Mapping[Any, int]) -> dict[str, int]:
    """Change counts by operation name (the Automation API keys some by OpType, some by string)."""
    return {str(getattr(op, "value", op)): n for op, n in summary.items()}


def partial_changes(events: Sequence[auto.EngineEvent]) -> dict[str, int]:
    """What a run that failed had already done: the engine's closing summary (it sends one after a failure too),
    else the steps that completed. A stack that created 14 objects and then failed must not read "no changes"."""
    summary = next((e.summary_event for e in reversed(events) if e.summary_event is not None), None)
    if summary is not None and summary.resource_changes:
        return counts(summary.resource_changes)
    done: dict[str, int] = {}
    for event in events:
        outputs = event.res_outputs_event
        op = str(getattr(outputs.metadata.op, "value", outputs.metadata.op)) if outputs is not None else ""
        if op and op not in ("same", "read", "refresh"):
            done[op] = done.get(op, 0) + 1
    return done


def run_one(ws: auto.LocalWorkspace, name: str, operation: Operation, namespace: str, listen: Listener) -> StackResult:
    result = StackResult(stack=name, operation=operation)
    events: list[auto.EngineEvent] = []

    def on_event(event: auto.EngineEvent) -> None:
        events.append(event)
        listen(name, event)

    started = time.monotonic()
    try:
        with SELECTING:
            stack = auto.Stack.select(name, ws)
        if operation == "preview":
            # The guardrails run here, before anything reaches Auth0 or Konnect (a mandatory finding fails it).
            preview = stack.preview(on_event=on_event, **guardrails(Path(ws.work_dir), name))
            result.changes, result.policy = counts(preview.change_summary), violations(events)
        elif operation == "up":
            # --refresh: changes made outside Pulumi are found and put back, as `make up` does.
            result.changes = counts(stack.up(on_event=on_event, refresh=True).summary.resource_changes or {})
        elif operation == "drift":
            result.changes = counts(stack.preview_refresh(on_event=on_event).change_summary)
            result.drift = drifted(events)
            result.result = "drift" if result.drift else "ok"
        else:
            checks = run_checks(read_stack(name, Path(ws.work_dir), namespace))
            result.checks = {s: sum(c.status == s for c in checks) for s in ("pass", "fail", "skip")}
            failed = [c for c in checks if c.status == "fail"]
            result.result = "failed" if len(checks) != result.checks["pass"] else "ok"
            result.error = "\n".join(f"{c.name}: {c.found}" for c in failed)
    except Exception as exc:  # one stack's failure is reported, the others go on
        result.result, result.policy = "error", violations(events)
        result.changes = partial_changes(events)
        result.error = readable(exc, events, result.policy)
    result.seconds = round(time.monotonic() - started, 1)
    return result


def run_fleet(
    project: Path,
    operation: Operation,
    stacks: Sequence[str] | None = None,
    parallel: int = 4,
    listen: Listener = lambda _stack, _event: None,
    namespace: str = NAMESPACE,
) -> list[StackResult]:
    """`operation` on each stack (default: every stack of the project in its backend), at most `parallel` at once."""
    ws = workspace(project)
    names = list(stacks) if stacks else sorted(s.name for s in ws.list_stacks())
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        futures = [pool.submit(run_one, ws, name, operation, namespace, listen) for name in names]
        return [f.result() for f in futures]


def headline(error: str) -> str:
    """The line of an error that says what is wrong (not a heading such as "invalid stack config:")."""
    lines = [line.strip() for line in error.splitlines() if line.strip()]
    return next((line for line in lines if not line.endswith(":")), lines[0] if lines else "")


def exit_code(operation: str, results: Sequence[StackResult]) -> int:
    if any(r.result in ("error", "failed") for r in results):
        return 1
    return 2 if operation == "drift" and any(r.result == "drift" for r in results) else 0


def render_json(operation: str, results: Sequence[StackResult]) -> str:
    """The machine-readable report: `{operation, exit_code, stacks: [StackResult…]}`."""
    report: dict[str, Any] = {
        "operation": operation,
        "exit_code": exit_code(operation, results),
        "stacks": [asdict(r) for r in results],
    }
    return json.dumps(report, indent=2)
