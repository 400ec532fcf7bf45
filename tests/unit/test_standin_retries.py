"""The offline auth0 stand-in retries as the provider's client does: 429 without limit, 5xx and transport errors 3 times,
counted apart (rate limits met first never use up the retries a 503 gets)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.support.toolchain import tool_module

wire = tool_module("auth0_standin.wire")


def api_answering(statuses: list[int | None], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[str]]:
    """An Api whose calls get `statuses` in turn (None: the connection fails); no real sleeping."""
    monkeypatch.setattr(wire.time, "sleep", lambda _s: None)
    seen: list[str] = []
    answers: Iterator[int | None] = iter(statuses)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.method} {request.url.path}")
        status = next(answers)
        if status is None:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(status, json={"ok": status} if status < 400 else {"statusCode": status})

    api = wire.Api("127.0.0.1:1", "token", None, None)
    api.http = httpx.Client(base_url=api.base, transport=httpx.MockTransport(handle))
    return api, seen


def test_rate_limits_do_not_use_up_the_server_error_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    api, seen = api_answering([429, 429, 429, 429, 503, 503, 503, 200], monkeypatch)
    assert api.call("PATCH", "/clients/x", {"name": "n"}) == {"ok": 200}
    assert seen == ["PATCH /api/v2/clients/x"] * 8


def test_server_errors_and_transport_errors_are_retried_three_times_then_reported(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api, seen = api_answering([503, None, 502, 503], monkeypatch)
    with pytest.raises(RuntimeError, match="PATCH /clients/x: 503"):
        api.call("PATCH", "/clients/x", {})
    assert len(seen) == 4
    api, seen = api_answering([None, None, None, None], monkeypatch)
    with pytest.raises(httpx.ConnectError):
        api.call("GET", "/clients/x")
    assert len(seen) == 4
