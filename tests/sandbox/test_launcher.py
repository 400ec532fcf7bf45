"""The dev-sandbox launcher (scripts/sandboxctl.py, behind `make up` / `make down`) only ever talks to, and only
ever kills, sandboxes it started itself."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.engine import ROOT

CTL = ROOT / "scripts" / "sandboxctl.py"
PYTHON = ROOT / ".venv" / "bin" / "python"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def dev_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {
        **os.environ,
        "SANDBOX_STATE_DIR": str(tmp_path / "state"),
        "KONNECT_SANDBOX_PORT": str(free_port()),
        "AUTH0_SANDBOX_PORT": str(free_port()),
    }
    yield env
    subprocess.run([str(PYTHON), str(CTL), "stop"], env=env, cwd=ROOT, capture_output=True, check=False)


def ctl(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(PYTHON), str(CTL), command], env=env, cwd=ROOT, capture_output=True, text=True)


def test_make_up_with_the_konnect_port_taken_fails_at_once_naming_it_and_sends_nothing(
    dev_env: dict[str, str],
) -> None:
    port = int(dev_env["KONNECT_SANDBOX_PORT"])
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        squatter.setblocking(False)
        started = time.monotonic()
        done = subprocess.run(["make", "up"], env=dev_env, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode != 0
        assert f"port {port} is already in use by pid {os.getpid()}" in done.stderr, done.stderr
        with pytest.raises(BlockingIOError):
            squatter.accept()  # nobody connected: no identity probe, no token, no pulumi call
    assert "Updating (" not in done.stdout  # scripts/up.sh stopped before `pulumi up`
    assert not list(Path(dev_env["SANDBOX_STATE_DIR"]).glob("*.json")), "a sandbox was started anyway"
    assert time.monotonic() - started < 180  # fails at once: no sandbox, no engine run (a bound, not a benchmark)


def test_start_check_stop_use_only_the_sandboxes_started_with_their_nonce(dev_env: dict[str, str]) -> None:
    assert ctl("start", dev_env).returncode == 0
    state = Path(dev_env["SANDBOX_STATE_DIR"])
    records = {kind: json.loads((state / f"{kind}.json").read_text()) for kind in ("konnect", "auth0")}
    konnect = httpx.get(f"{records['konnect']['url']}/_sandbox/identity").json()
    assert konnect == {"kind": "konnect", "nonce": records["konnect"]["nonce"], "pid": records["konnect"]["pid"]}
    assert ctl("check", dev_env).returncode == 0
    again = ctl("start", dev_env)
    assert again.stdout.count("already running") == 2
    assert ctl("stop", dev_env).returncode == 0
    for record in records.values():
        deadline = time.monotonic() + 10
        while Path(f"/proc/{record['pid']}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert (
            not Path(f"/proc/{record['pid']}").exists() or "zombie" in Path(f"/proc/{record['pid']}/status").read_text()
        )
    failed = ctl("check", dev_env)
    assert failed.returncode == 1 and "no sandbox of ours answers as auth0" in failed.stderr


def test_stop_never_kills_a_pid_that_is_not_its_sandbox_any_more(dev_env: dict[str, str]) -> None:
    state = Path(dev_env["SANDBOX_STATE_DIR"])
    state.mkdir()
    stranger = subprocess.Popen(["sleep", "30"])
    try:
        record = {
            "pid": stranger.pid,
            "nonce": "x",
            "url": "http://127.0.0.1:9",
            "port": int(dev_env["KONNECT_SANDBOX_PORT"]),
        }
        (state / "konnect.json").write_text(json.dumps(record))
        done = ctl("stop", dev_env)
        assert f"konnect: pid {stranger.pid} is not our sandbox any more; nothing killed" in done.stdout
        assert stranger.poll() is None
        assert not (state / "konnect.json").exists()
    finally:
        stranger.kill()
        stranger.wait()


def test_a_sandbox_of_another_clone_on_the_port_is_named_without_its_token(
    dev_env: dict[str, str], tmp_path: Path
) -> None:
    other_clone = {**dev_env, "SANDBOX_STATE_DIR": str(tmp_path / "other"), "AUTH0_SANDBOX_TOKEN": "other-clone-token"}
    assert ctl("start", other_clone).returncode == 0
    try:
        theirs = json.loads((tmp_path / "other" / "auth0.json").read_text())
        done = ctl("start", dev_env)
        assert done.returncode == 1
        assert f"port {dev_env['AUTH0_SANDBOX_PORT']} is already in use by pid {theirs['pid']}" in done.stderr
        assert "-m sandbox auth0" in done.stderr and "--token ***" in done.stderr
        assert "other-clone-token" not in done.stderr
    finally:
        ctl("stop", other_clone)


def test_stop_returns_once_the_sandboxes_are_gone_and_a_start_right_after_gets_the_ports(
    dev_env: dict[str, str],
) -> None:
    assert ctl("start", dev_env).returncode == 0
    state = Path(dev_env["SANDBOX_STATE_DIR"])
    records = [json.loads((state / f"{kind}.json").read_text()) for kind in ("konnect", "auth0")]
    for record in records:  # connections the server closes stay in TIME_WAIT on its port after it exits
        for _ in range(5):
            httpx.get(f"{record['url']}/_sandbox/identity", verify=False, headers={"Connection": "close"})
    assert ctl("stop", dev_env).returncode == 0
    for record in records:
        stat = Path(f"/proc/{record['pid']}/stat")
        assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"
    again = ctl("start", dev_env)
    assert again.returncode == 0, again.stderr
