"""Fixtures of the sandbox tier: Auth0's own Python SDK as a client of the Auth0 emulator."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import httpx
import pytest
from auth0.management import ManagementClient

from tests.support.sandbox import RunningSandbox


@pytest.fixture
def sdk(auth0: RunningSandbox) -> Iterator[ManagementClient]:
    """auth0-python's Management API client, trusting the emulator's CA."""
    assert auth0.ca_path is not None
    http = httpx.Client(verify=ssl.create_default_context(cafile=str(auth0.ca_path)), timeout=15)
    yield ManagementClient(domain=auth0.domain, token=auth0.token, httpx_client=http)
    http.close()
