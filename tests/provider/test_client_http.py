"""KonnectClient over real HTTP: faults recovered within the retry budget, errors surfaced readably."""

from __future__ import annotations

import re

import pytest

from dcr_components.konnect import (
    BadRequestError,
    KonnectClient,
    KonnectConnectionError,
    KonnectSettings,
    UnauthorizedError,
)
from dcr_components.konnect.errors import ServerError
from tests.support.sandbox import KONNECT_TOKEN, RunningSandbox


def client(konnect: RunningSandbox, token: str = KONNECT_TOKEN, sleeps: list[float] | None = None) -> KonnectClient:
    record = sleeps if sleeps is not None else []
    return KonnectClient(KonnectSettings(konnect.url, token), sleep=record.append)


BODY = {"provider_type": "kongIdentity", "name": "ki", "issuer": "https://issuer.example.com"}


def test_429_with_retry_after_is_waited_out_and_the_post_goes_through_once(konnect: RunningSandbox) -> None:
    konnect.faults(fail_next=2, status=429, retry_after=2)
    sleeps: list[float] = []
    body = client(konnect, sleeps=sleeps).request("POST", "/v2/dcr-providers", json=BODY)
    assert body is not None and body["name"] == "ki"
    assert sleeps == [2.0, 2.0]
    assert [r["status"] for r in konnect.requests()] == [429, 429, 201]
    assert len(konnect.state()["dcr_providers"]) == 1


def test_503_on_a_get_is_retried_within_the_budget(konnect: RunningSandbox) -> None:
    konnect.faults(fail_next=3, status=503)
    body = client(konnect).get("/v2/dcr-providers")
    assert body is not None and body["meta"]["page"]["total"] == 0
    assert [r["status"] for r in konnect.requests()] == [503, 503, 503, 200]


def test_503_on_a_post_is_not_blindly_resent(konnect: RunningSandbox) -> None:
    konnect.faults(fail_next=1, status=503)
    with pytest.raises(ServerError, match="503 Service Unavailable"):
        client(konnect).request("POST", "/v2/dcr-providers", json=BODY)
    assert [r["status"] for r in konnect.requests()] == [503]


def test_faults_beyond_the_budget_surface_the_last_error(konnect: RunningSandbox) -> None:
    konnect.faults(fail_next=10, status=503)
    with pytest.raises(ServerError):
        client(konnect).get("/v2/dcr-providers")
    assert len(konnect.requests()) == 5  # first try + 4 retries


def test_400_is_one_line_with_each_invalid_parameter_and_the_trace(konnect: RunningSandbox) -> None:
    bad = {**BODY, "provider_type": "http", "dcr_config": {"dcr_base_url": "https://x.example.com", "api_key": "short"}}
    with pytest.raises(BadRequestError) as info:
        client(konnect).request("POST", "/v2/dcr-providers", json=bad)
    text = str(info.value)
    assert re.fullmatch(
        r"Konnect POST /v2/dcr-providers failed: 400 Invalid Request: Invalid Parameters "
        r"\[dcr_config\.api_key: must be at least 12 characters \(rule min_length\)\] \(trace kong:trace:\d+\)",
        text,
    ), text
    assert "short" not in text


def test_401_is_one_line_naming_the_config_key_and_never_the_token(konnect: RunningSandbox) -> None:
    with pytest.raises(UnauthorizedError) as info:
        client(konnect, token="kpat_wrong_token_value").get("/v2/dcr-providers")
    text = str(info.value)
    assert text.startswith("Konnect GET /v2/dcr-providers failed: 401 Unauthorized; Konnect refused the token")
    assert "konnect:token" in text and "KONNECT_TOKEN" in text and "--run-program" in text
    assert "\n" not in text
    assert "kpat_wrong_token_value" not in text


def test_list_all_follows_pages_until_the_total(konnect: RunningSandbox) -> None:
    c = client(konnect)
    for i in range(7):
        c.request("POST", "/v2/dcr-providers", json={**BODY, "name": f"ki-{i}"})
    konnect.clear_log()
    items = c.list_all("/v2/dcr-providers", page_size=3)
    assert sorted(i["name"] for i in items) == [f"ki-{i}" for i in range(7)]
    assert len(konnect.requests()) == 3


def test_connection_refused_is_reported_with_the_host_not_a_traceback() -> None:
    c = KonnectClient(KonnectSettings("http://127.0.0.1:9", KONNECT_TOKEN), max_retries=1, sleep=lambda _s: None)
    with pytest.raises(
        KonnectConnectionError, match=r"Konnect GET /v2/dcr-providers: ConnectError talking to 127.0.0.1"
    ):
        c.get("/v2/dcr-providers")
