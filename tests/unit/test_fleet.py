"""Fleet runs' pure parts: what counts as drift, the readable error, exit codes, the JSON report, the summary table,
and the progress lines a CI log gets (no terminal) or the block a terminal redraws."""

from __future__ import annotations

import io
import json
from typing import Any

from pulumi import automation as auto

from dcr_components.ops.fleet import Drift, StackResult, drift_of, exit_code, headline, readable, render_json
from dcr_components.ops.fleet_report import Progress, summary_table


def state(
    inputs: dict[str, Any], custom: bool = True, type_: str = "pulumi-python:dynamic/konnect:AuthStrategy"
) -> Any:
    return {"type": type_, "urn": "u", "custom": custom, "inputs": inputs, "outputs": {}, "id": "1", "parent": "",
            "provider": "", "delete": False, "protect": False, "retainOnDelete": False}  # fmt: skip


def outputs_event(op: str, name: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> auto.EngineEvent:
    meta: dict[str, Any] = {"op": op, "urn": f"urn:pulumi:s::p::t::{name}", "type": "t", "provider": ""}
    if old is not None:
        meta["old"] = old
    if new is not None:
        meta["new"] = new
    return auto.EngineEvent.from_json({"sequence": 1, "timestamp": 1, "resOutputsEvent": {"metadata": meta}})


def test_drift_is_a_changed_declared_input_of_a_custom_resource_only() -> None:
    changed = outputs_event("update", "oidc", state({"name": "a", "x": 1}), state({"name": "b", "x": 1}))
    assert drift_of(changed) == Drift("oidc", "pulumi-python:dynamic/konnect:AuthStrategy", ["name"])
    same_inputs = outputs_event("update", "oidc", state({"name": "a"}), state({"name": "a"}))
    component = outputs_event("update", "env", state({"a": 1}, custom=False), state({"a": 2}, custom=False))
    provider = outputs_event(
        "update",
        "default",
        state({"v": 1}, type_="pulumi:providers:auth0"),
        state({"v": 2}, type_="pulumi:providers:auth0"),
    )
    assert [drift_of(e) for e in (same_inputs, component, provider)] == [None, None, None]


def test_errors_are_the_telling_lines_once() -> None:
    diagnostic = {"message": "Konnect POST /v3/apis failed: 409 Conflict\n", "color": "never", "severity": "error"}
    events = [
        auto.EngineEvent.from_json({"sequence": i, "timestamp": 1, "diagnosticEvent": d})
        for i, d in enumerate([diagnostic, diagnostic, {**diagnostic, "message": "update failed"}])
    ]
    assert readable(RuntimeError("code: 255"), events) == "Konnect POST /v3/apis failed: 409 Conflict"
    cli = RuntimeError("stdout: ...\nstderr: error: the stack is currently locked by 1 lock(s)\n")
    assert readable(cli, []) == "error: the stack is currently locked by 1 lock(s)"
    assert headline("invalid stack config:\n  dcr.labels: key reserved\n") == "dcr.labels: key reserved"


def test_exit_codes_say_clean_drift_or_error() -> None:
    ok, drift, error = (
        StackResult("a", "drift"),
        StackResult("b", "drift", "drift"),
        StackResult("c", "drift", "error"),
    )
    assert [exit_code("drift", r) for r in ([ok], [ok, drift], [ok, drift, error])] == [0, 2, 1]
    assert exit_code("up", [StackResult("a", "up")]) == 0
    assert exit_code("verify", [StackResult("a", "verify", "failed")]) == 1


def test_the_json_report_and_the_summary_table_name_each_stack_and_its_drift() -> None:
    results = [
        StackResult("team-a", "drift", changes={"same": 20}, seconds=3.2),
        StackResult(
            "team-b", "drift", "drift", {"update": 1}, [Drift("team-b-oidc", "t", ["display_name"])], seconds=3
        ),
    ]
    report = json.loads(render_json("drift", results))
    assert report["exit_code"] == 2 and report["stacks"][1]["drift"][0]["fields"] == ["display_name"]
    table = summary_table(results).splitlines()
    assert table[0].split()[:2] == ["stack", "operation"] and set(table[1]) == {"-"}
    assert table[2].split()[:4] == ["team-a", "drift", "no", "changes"]
    assert table[3].endswith("drift: team-b-oidc (display_name)") and " ~1 " in table[3]


def test_without_a_terminal_progress_is_plain_lines() -> None:
    out = io.StringIO()
    progress = Progress(["team-a"], "up", out, tty=False)
    progress.start()
    progress.event("team-a", outputs_event("create", "oidc", None, state({"name": "a"})))
    progress.event("team-a", outputs_event("same", "portal", state({}), state({})))
    progress.finish([StackResult("team-a", "up", seconds=1.5)])
    assert out.getvalue().splitlines() == [
        "[team-a] up started",
        "[team-a] + oidc (create)",
        "[team-a] up finished: ok in 1.5 s",
    ]
    assert "\x1b" not in out.getvalue()


def test_on_a_terminal_progress_redraws_one_line_per_stack_in_place() -> None:
    out = io.StringIO()
    progress = Progress(["team-a", "team-b"], "up", out, tty=True)
    progress.event("team-a", outputs_event("create", "oidc", None, state({"name": "a"})))
    progress._paint()
    progress._paint()
    frames = out.getvalue().split("\x1b[2F")
    assert len(frames) == 2 and frames[0] == frames[1]
    assert "team-a" in frames[1] and "1 resources +1" in frames[1]
