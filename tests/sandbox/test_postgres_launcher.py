"""`python -m sandbox postgres`: a real PostgreSQL on loopback whose first stdout line is the state backend URL,
gone with its data once stopped."""

from __future__ import annotations

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
