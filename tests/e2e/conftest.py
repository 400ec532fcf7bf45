"""Fixtures of the real-engine tier: a real PostgreSQL server for the DIY `postgres://` state backend (one server per
session, a fresh database per test)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from sandbox.postgres import PostgresServer

NUMBERS = itertools.count()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        server.start()
    except FileNotFoundError as exc:
        pytest.fail(f"{exc} (the team-scale tests run on a real PostgreSQL)")
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The backend URL of an empty state database of this test's own."""
    return postgres_server.create_database(f"state_{next(NUMBERS)}")
