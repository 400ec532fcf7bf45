"""RunPlugin's plumbing: the plugin's environment, and its output relayed to the engine as it comes."""

from __future__ import annotations

import os
import queue
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

from sdkprotos import language_pb2

__all__ = ["plugin_env", "relay"]

CHUNK = 32 * 1024


def plugin_env(entries: Any) -> dict[str, str]:
    """The plugin's environment: the engine sends all of it as KEY=VALUE entries (its own plus PULUMI_CONFIG…)."""
    if not entries:
        return dict(os.environ)
    env: dict[str, str] = {}
    for entry in entries:
        key, _, value = entry.partition("=")
        env[key] = value
    return env


def relay(proc: subprocess.Popen[bytes]) -> Iterator[language_pb2.RunPluginResponse]:
    """The plugin's stdout and stderr as they come (the engine waits for the port on stdout), then its exit code."""
    chunks: queue.Queue[tuple[str, bytes]] = queue.Queue()

    def pump(name: str, stream: Any) -> None:
        for chunk in iter(lambda: stream.read1(CHUNK), b""):
            chunks.put((name, chunk))
        chunks.put((name, b""))

    for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        threading.Thread(target=pump, args=(name, stream), daemon=True).start()
    open_streams = 2
    while open_streams:
        name, chunk = chunks.get()
        if not chunk:
            open_streams -= 1
        elif name == "stdout":
            yield language_pb2.RunPluginResponse(stdout=chunk)
        else:
            yield language_pb2.RunPluginResponse(stderr=chunk)
    yield language_pb2.RunPluginResponse(exitcode=proc.wait())
