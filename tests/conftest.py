"""Fixtures shared by every test tier: the Konnect sandbox on a real socket, checked against Kong's spec."""

from __future__ import annotations

import os
import ssl
from collections.abc import Iterator

import pytest

from tests.support.contract import SPEC_MISSING, ContractChecker, find_spec, load_documents
from tests.support.sandbox import AUTH0_TOKEN, KONNECT_TOKEN, RunningSandbox


@pytest.fixture(scope="session")
def contract() -> ContractChecker | None:
    """Checks every Konnect emulator response against Kong's spec; never off silently (see SPEC_MISSING)."""
    dcr, portal, extras = find_spec("dcr"), find_spec("portal"), find_spec("extras")
    if dcr is None or portal is None or extras is None:
        if os.environ.get("CI"):
            pytest.fail(SPEC_MISSING)
        return None
    return ContractChecker(load_documents(dcr, portal, extras))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if None in (find_spec("dcr"), find_spec("portal"), find_spec("extras")):
        terminalreporter.write_line(f"WARNING: {SPEC_MISSING}", yellow=True, bold=True)


@pytest.fixture(scope="session")
def konnect_server(contract: ContractChecker | None, auth0_server: RunningSandbox) -> Iterator[RunningSandbox]:
    # Konnect's emulator calls the Auth0 one (verify, DCR): it trusts the Auth0 emulator's CA.
    trust = ssl.create_default_context(cafile=str(auth0_server.ca_path))
    server = RunningSandbox("konnect", KONNECT_TOKEN, contract, outbound_verify=trust)
    yield server
    server.close()


@pytest.fixture
def konnect(konnect_server: RunningSandbox, contract: ContractChecker | None) -> Iterator[RunningSandbox]:
    """A clean Konnect sandbox; after the test, every response it sent must have matched the spec."""
    konnect_server.reset()
    before = len(contract.violations) if contract else 0
    yield konnect_server
    if contract:
        new = contract.violations[before:]
        assert not new, "sandbox responses that break Kong's OpenAPI schemas:\n" + "\n".join(new)


@pytest.fixture(scope="session")
def auth0_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    server = RunningSandbox("auth0", AUTH0_TOKEN, cert_dir=tmp_path_factory.mktemp("auth0-tls"))
    yield server
    server.close()


@pytest.fixture
def auth0(auth0_server: RunningSandbox) -> RunningSandbox:
    """A clean Auth0 sandbox (HTTPS, its own CA), holding only the system Management API."""
    auth0_server.reset()
    return auth0_server
