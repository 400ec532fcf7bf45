"""`python -m sandbox postgres`: a real PostgreSQL on loopback whose first stdout line is the state backend URL,
gone with its data once stopped."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from sandbox.postgres import find_binaries
from tests.support.engine import ROOT


def test_it_prints_the_backend_url_serves_a_state_database_and_stops_cleanly() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "postgres", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        url = urlparse(server.stdout.readline().strip())
        data = Path(server.stdout.readline().strip().split(": ", 1)[1])
        assert (data / "data" / "PG_VERSION").exists()
        assert (url.scheme, url.hostname, url.path, url.query) == (
            "postgres",
            "127.0.0.1",
            "/pulumi_state",
            "sslmode=disable",
        )
        psql = [str(find_binaries() / "psql"), "-h", "127.0.0.1", "-p", str(url.port), "-U", "pulumi", "-At"]
        tables = subprocess.run([*psql, "-d", "pulumi_state", "-c", "SELECT 1"], capture_output=True, text=True)
        assert tables.stdout.strip() == "1", tables.stderr
        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0
        gone = subprocess.run([*psql, "-d", "pulumi_state", "-c", "SELECT 1"], capture_output=True, text=True)
        assert gone.returncode != 0 and not data.exists()
    finally:
        if server.poll() is None:
            server.kill()


def test_a_server_that_dies_keeps_its_cluster_and_data_dir_starts_it_again_with_its_rows() -> None:
    def launch(*extra: str) -> tuple[subprocess.Popen[str], list[str], Path]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "sandbox", "postgres", "--port", "0", *extra],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        url = urlparse(proc.stdout.readline().strip())
        data = Path(proc.stdout.readline().strip().split(": ", 1)[1])
        psql = [str(find_binaries() / "psql"), "-h", "127.0.0.1", "-p", str(url.port), "-U", "pulumi", "-At"]
        return proc, [*psql, "-d", "pulumi_state", "-c"], data

    first, sql, data = launch()
    try:
        assert subprocess.run([*sql, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('row')"]).returncode == 0
        # Crash the server itself (not the launcher): what the README's state-database recovery starts from.
        postmaster = int((data / "data" / "postmaster.pid").read_text().split()[0])
        os.kill(postmaster, signal.SIGKILL)
        assert first.wait(30) == 1
        assert first.stderr is not None
        assert f"--data-dir {data}" in first.stderr.read()
        assert (data / "data" / "PG_VERSION").exists()
    finally:
        if first.poll() is None:
            first.kill()
    second, sql, again = launch("--data-dir", str(data))
    try:
        assert again == data
        rows = subprocess.run([*sql, "SELECT v FROM kept"], capture_output=True, text=True)
        assert rows.stdout.strip() == "row", rows.stderr
        second.send_signal(signal.SIGTERM)
        assert second.wait(30) == 0
        assert (data / "data" / "PG_VERSION").exists()  # a --data-dir cluster is the user's: never removed
    finally:
        if second.poll() is None:
            second.kill()
        shutil.rmtree(data, ignore_errors=True)
