"""RunPlugin's plumbing: the plugin gets the engine's environment, and its output reaches the engine as it comes."""

from __future__ import annotations

import subprocess
import sys

from tests.support.toolchain import tool_module

pluginrun = tool_module("pluginrun")


def test_the_plugin_environment_is_the_one_the_engine_sends() -> None:
    env = pluginrun.plugin_env(['PULUMI_CONFIG={"a": "b=c"}', "PATH=/bin", "PATH=/usr/bin"])
    # Values may hold '='; a later entry wins, as with exec.Cmd.
    assert env == {"PULUMI_CONFIG": '{"a": "b=c"}', "PATH": "/usr/bin"}
    assert pluginrun.plugin_env([])["PATH"]  # nothing sent: the host's own environment


def test_stdout_and_stderr_are_relayed_before_the_plugin_ends_then_the_exit_code() -> None:
    script = "import sys, time; print('4242', flush=True); sys.stderr.write('warming up\\n'); sys.stderr.flush(); time.sleep(30)"
    proc = subprocess.Popen([sys.executable, "-u", "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    messages = pluginrun.relay(proc)
    # Chunks are relayed as the plugin writes them: `print` alone makes two writes ("4242", "\n"), which a loaded
    # machine may deliver as two chunks, and the two streams are relayed independently, so either may come first.
    # What matters: both whole lines arrive while the plugin still runs (the engine dials the port before it exits).
    early = {"stdout": b"", "stderr": b""}
    while early != {"stdout": b"4242\n", "stderr": b"warming up\n"}:
        message = next(messages)
        kind = message.WhichOneof("output")
        assert kind in early, f"{kind} before the plugin's first lines: {early}"
        early[kind] += getattr(message, kind)
        assert all(b"4242\n".startswith(v) or b"warming up\n".startswith(v) for v in early.values()), early
    assert proc.poll() is None
    proc.kill()
    rest = list(messages)
    assert [m.WhichOneof("output") for m in rest] == ["exitcode"]
    assert rest[0].exitcode == -9


def test_a_plugin_that_fails_reports_its_exit_code_after_its_last_words() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stderr.write('bad pack'); sys.exit(3)"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    messages = list(pluginrun.relay(proc))
    assert b"".join(m.stderr for m in messages) == b"bad pack"
    assert messages[-1].WhichOneof("output") == "exitcode" and messages[-1].exitcode == 3
