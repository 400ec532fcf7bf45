"""A real PostgreSQL server for Pulumi's DIY `postgres://` state backend: a fresh cluster in a temporary data
directory, listening on loopback only, with one database for state; stopped and removed on exit.

`python -m sandbox postgres --port N` prints the backend URL as its first stdout line and serves until SIGTERM or
Ctrl-C. As root it runs the server as the `postgres` user (PostgreSQL refuses to run as root). A server that dies
(a crash, a kill) leaves its cluster in place, so that `--data-dir D` can start it again and PostgreSQL recovers it
from its WAL, as the README's crash recovery does; `--data-dir` clusters are never removed.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["PostgresServer", "find_binaries"]

DATABASE = "pulumi_state"
ROLE = "pulumi"
INSTALL_HINT = "PostgreSQL's server binaries (initdb, postgres) are not installed: apt-get install postgresql"


def find_binaries() -> Path:
    """The newest installed server's bin directory (Debian: /usr/lib/postgresql/<major>/bin), else PATH's."""
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    for candidate in installed:
        if (candidate / "initdb").exists() and (candidate / "postgres").exists():
            return candidate
    initdb = shutil.which("initdb")
    if initdb and (Path(initdb).resolve().parent / "postgres").exists():
        return Path(initdb).resolve().parent
    raise FileNotFoundError(INSTALL_HINT)


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@dataclass
class PostgresServer:
    port: int = 0
    host: str = "127.0.0.1"
    bin_dir: Path = field(default_factory=find_binaries)
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="dcr-postgres-")))
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"postgres://{ROLE}@{self.host}:{self.port}/{DATABASE}?sslmode=disable"

    def _as_server_user(self) -> dict[str, Any]:
        """Root hands the cluster to `postgres`; anyone else runs it as themselves."""
        if os.geteuid() != 0:
            return {}
        user = pwd.getpwnam("postgres")
        for path in (self.root, *self.root.rglob("*")):
            os.chown(path, user.pw_uid, user.pw_gid)
        return {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}

    def _run(self, *args: str) -> None:
        done = subprocess.run(args, capture_output=True, text=True, check=False, **self._as_server_user())
        if done.returncode != 0:
            raise RuntimeError(f"{Path(args[0]).name} failed: {(done.stderr or done.stdout).strip()}")

    @property
    def existing(self) -> bool:
        """Whether `root` already holds a cluster (one this class made), which start() then serves again."""
        return (self.root / "data" / "PG_VERSION").exists()

    def start(self, timeout: float = 30.0) -> str:
        """initdb, start the server, create the state database; returns the backend URL. An existing cluster in
        `root` is started as it is (its databases kept)."""
        self.port = self.port or free_port(self.host)
        if self.existing:
            self._serve(timeout)
            return self.url
        self.root.mkdir(parents=True, exist_ok=True)
        self._run(str(self.bin_dir / "initdb"), "-D", str(self.root / "data"), "-U", ROLE, "--auth=trust", "-E", "UTF8")
        self._serve(timeout)
        self._run(str(self.bin_dir / "createdb"), "-h", self.host, "-p", str(self.port), "-U", ROLE, DATABASE)
        return self.url

    def create_database(self, name: str) -> str:
        """Another empty state database on this server; its backend URL."""
        self._run(str(self.bin_dir / "createdb"), "-h", self.host, "-p", str(self.port), "-U", ROLE, name)
        return self.url.replace(f"/{DATABASE}?", f"/{name}?")

    def query(self, database: str, sql: str) -> list[str]:
        """Rows of a query, one string each (psql's unaligned output): what a person inspecting the state sees."""
        done = subprocess.run(
            [str(self.bin_dir / "psql"), "-h", self.host, "-p", str(self.port), "-U", ROLE, "-d", database, "-At"],
            input=sql,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout.splitlines()

    def kill(self) -> None:
        """Crash it (SIGKILL): what a lost database looks like to the engine."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def restart(self, timeout: float = 30.0) -> None:
        """The same cluster again, on the same port (after `kill`): PostgreSQL recovers from its WAL."""
        self._serve(timeout)

    def _serve(self, timeout: float) -> None:
        self.process = subprocess.Popen(
            [
                str(self.bin_dir / "postgres"),
                "-D",
                str(self.root / "data"),
                "-p",
                str(self.port),
                "-c",
                f"listen_addresses={self.host}",
                "-c",
                f"unix_socket_directories={self.root}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / "server.log", "ab"),  # noqa: SIM115 - the server writes it for its lifetime
            **self._as_server_user(),
        )
        deadline = time.monotonic() + timeout
        ready = [str(self.bin_dir / "pg_isready"), "-h", self.host, "-p", str(self.port), "-U", ROLE]
        while subprocess.run(ready, capture_output=True, check=False).returncode != 0:
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = (self.root / "server.log").read_text(errors="replace").strip().splitlines()[-3:]
                self.stop()
                raise RuntimeError("PostgreSQL did not start: " + " | ".join(log))
            time.sleep(0.1)

    def stop(self, remove: bool = True) -> None:
        """Fast shutdown (SIGINT: roll back open transactions), then remove the cluster unless told to keep it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if remove:
            shutil.rmtree(self.root, ignore_errors=True)
