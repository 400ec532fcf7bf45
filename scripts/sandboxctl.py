"""Start, check and stop the dev sandboxes so that no credential ever goes to a process we did not start.

`make up` sends the sandbox tokens to 127.0.0.1:18411 and :18412. Before that:
- a busy port is an error naming the port and, where /proc tells, the process holding it;
- each sandbox is started with a fresh nonce, and `GET /_sandbox/identity` must answer it (and the pid we
  started) before its record is written; `check` repeats that before every use;
- `stop` kills only a pid whose command line is `python -m sandbox <kind>` and whose identity still matches.

Usage: python scripts/sandboxctl.py start|check|stop   (ports and tokens from the environment, see sandbox.sh)
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
STATE = Path(os.environ.get("SANDBOX_STATE_DIR") or ROOT / ".sandbox").resolve()
CA = STATE / "auth0-tls" / "ca.pem"
TRUST = STATE / "trust.pem"
SYSTEM_ROOTS = Path("/etc/ssl/certs/ca-certificates.crt")


@dataclass(frozen=True)
class Spec:
    kind: str
    port: int
    token: str

    @property
    def record(self) -> Path:
        return STATE / f"{self.kind}.json"


def specs() -> list[Spec]:
    env = os.environ
    return [
        Spec(
            "auth0", int(env.get("AUTH0_SANDBOX_PORT", "18412")), env.get("AUTH0_SANDBOX_TOKEN", "sandbox-auth0-token")
        ),
        Spec(
            "konnect",
            int(env.get("KONNECT_SANDBOX_PORT", "18411")),
            env.get("KONNECT_SANDBOX_TOKEN", "sandbox-konnect-token"),
        ),
    ]


class SandboxError(Exception):
    """Something on the dev ports is not what we started; nothing was sent to it."""


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the sandbox binds (SO_REUSEADDR): connections of a stopped sandbox still in TIME_WAIT do not hold the
        # port, a listening socket does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def holder(port: int) -> str:
    """Which process listens on the port, from /proc (empty when it cannot be told)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # 0A: LISTEN
                inodes.add(fields[9])
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (proc / "fd").iterdir()}
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            return f"pid {proc.name}: {redacted(command)[:160]}"
    return ""


SENSITIVE_FLAG = re.compile(r"(--?[\w-]*(?:token|secret|password|passphrase|key)[\w-]*[= ])(\S+)", re.IGNORECASE)


def redacted(command: str) -> str:
    """Another process's command line, with the values of credential-looking flags masked."""
    return SENSITIVE_FLAG.sub(r"\1***", command)


def busy_message(port: int) -> str:
    culprit = holder(port)
    who = f" by {culprit}" if culprit else " by another process"
    return (
        f"port {port} is already in use{who}. Stop that process (if it is an old sandbox: make down), "
        f"or run the sandbox elsewhere with KONNECT_SANDBOX_PORT / AUTH0_SANDBOX_PORT. Nothing was sent to it."
    )


def cmdline(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    except OSError:
        return []


def is_our_process(pid: int, kind: str) -> bool:
    args = cmdline(pid)
    return any(args[i : i + 3] == ["-m", "sandbox", kind] for i in range(len(args)))


def identity(url: str) -> dict[str, object]:
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(CA)) if url.startswith("https") else True
    reply = httpx.get(f"{url}/_sandbox/identity", timeout=3, verify=verify)
    reply.raise_for_status()
    return dict(reply.json())


def verified(spec: Spec) -> dict[str, object] | None:
    """The record of a sandbox we started that still answers as itself; None otherwise (stale records go)."""
    if not spec.record.exists():
        return None
    record = json.loads(spec.record.read_text())
    pid = int(record["pid"])
    try:
        ok = record.get("port") == spec.port and is_our_process(pid, spec.kind)
        ok = ok and identity(str(record["url"])) == {
            "kind": spec.kind,
            "nonce": record["nonce"],
            "pid": pid,
        }
    except (httpx.HTTPError, ValueError, OSError):
        ok = False
    if not ok:
        spec.record.unlink()
    return record if ok else None


def start_one(spec: Spec) -> dict[str, object]:
    nonce = secrets.token_hex(16)
    log = STATE / f"{spec.kind}.log"
    args = [sys.executable, "-m", "sandbox", spec.kind, "--port", str(spec.port), "--token", spec.token]
    args += ["--nonce", nonce] + (["--cert-dir", str(CA.parent)] if spec.kind == "auth0" else [])
    env = {**os.environ, **({"SSL_CERT_FILE": str(TRUST)} if spec.kind == "konnect" else {})}
    with log.open("w") as out:
        process = subprocess.Popen(
            args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    for _ in range(100):
        first = log.read_text().splitlines()[:1]
        if first and first[0].startswith(("http://", "https://")):
            record: dict[str, object] = {"pid": process.pid, "nonce": nonce, "url": first[0], "port": spec.port}
            if identity(first[0]) != {"kind": spec.kind, "nonce": nonce, "pid": process.pid}:
                process.terminate()
                raise SandboxError(f"port {spec.port} answered with another identity than the sandbox just started")
            spec.record.write_text(json.dumps(record))
            return record
        if process.poll() is not None:
            raise SandboxError(f"{spec.kind} sandbox failed to start:\n{log.read_text().strip()}")
        time.sleep(0.1)
    process.terminate()
    raise SandboxError(f"{spec.kind} sandbox did not print its URL within 10 s:\n{log.read_text().strip()}")


def write_trust_bundle() -> None:
    """System roots (SSL_CERT_FILE when it is not ours) plus the Auth0 sandbox's CA, for the engine and Konnect."""
    roots = Path(os.environ.get("SSL_CERT_FILE") or SYSTEM_ROOTS)
    if STATE in roots.parents:
        roots = SYSTEM_ROOTS
    TRUST.write_text((roots.read_text() if roots.is_file() else "") + CA.read_text())


def start() -> None:
    STATE.mkdir(exist_ok=True)
    running = {spec.kind: verified(spec) for spec in specs()}
    # Every port first: a busy one stops everything before anything starts or is sent.
    for spec in specs():
        if running[spec.kind] is None and not port_free(spec.port):
            raise SandboxError(busy_message(spec.port))
    for spec in specs():
        record = running[spec.kind]
        if record is None:
            record = start_one(spec)
            print(f"[sandbox] {spec.kind} listening on {record['url']} (pid {record['pid']})")
        else:
            print(f"[sandbox] {spec.kind} already running on {record['url']} (pid {record['pid']})")
        if spec.kind == "auth0":
            write_trust_bundle()


def check() -> None:
    for spec in specs():
        if verified(spec) is None:
            raise SandboxError(
                f"no sandbox of ours answers as {spec.kind} on port {spec.port}: run `make up` (it starts them)"
            )


def stop() -> None:
    for spec in reversed(specs()):
        if not spec.record.exists():
            continue
        record = json.loads(spec.record.read_text())
        pid = int(record["pid"])
        if verified(spec) is None:
            print(f"[sandbox] {spec.kind}: pid {pid} is not our sandbox any more; nothing killed")
            continue
        os.kill(pid, signal.SIGTERM)
        gone_within(pid, seconds=10)
        spec.record.unlink()
        print(f"[sandbox] {spec.kind} stopped (pid {pid})")


def gone_within(pid: int, seconds: float) -> None:
    """Wait until the process has exited (so its port is free when `make down` returns); SIGKILL after that."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and running(pid):
        time.sleep(0.05)
    if running(pid):
        os.kill(pid, signal.SIGKILL)


def running(pid: int) -> bool:
    """Alive and not a zombie (an exited sandbox whose parent has not reaped it yet holds no port)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    actions = {"start": start, "check": check, "stop": stop}
    if command not in actions:
        print("usage: sandboxctl.py start|check|stop", file=sys.stderr)
        return 2
    try:
        actions[command]()
    except SandboxError as error:
        print(f"[sandbox] ERROR: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
