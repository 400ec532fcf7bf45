"""A sandbox emulator on a real localhost socket, in a thread of the test process, plus helpers to drive it."""

from __future__ import annotations

import ssl
import threading
from pathlib import Path
from typing import Any

import httpx

from sandbox import build
from sandbox.server import serve

from .contract import ContractChecker

WRITE_METHODS = ("POST", "PATCH", "PUT", "DELETE")
# What the session's emulators accept (tests/conftest.py starts them).
KONNECT_TOKEN = "kpat_test_sandbox_token"
AUTH0_TOKEN = "auth0-sandbox-management-token"


class RunningSandbox:
    def __init__(
        self,
        kind: str,
        token: str,
        checker: ContractChecker | None = None,
        cert_dir: Path | None = None,
        outbound_verify: Any = None,
    ) -> None:
        self.sandbox = build(kind, token, cert_dir=cert_dir, outbound_verify=outbound_verify)
        self.kind = kind
        self.token = token
        wsgi = checker.wrap(self.sandbox.app) if checker else self.sandbox.app
        self._server = serve(wsgi, "127.0.0.1", 0, self.sandbox.tls)
        host, port = self._server.server_address[:2]
        self.domain = f"{host!s}:{port}"
        self.sandbox.bound(self.domain)
        self.url = f"{'https' if self.sandbox.tls else 'http'}://{self.domain}"
        self.ca_path: Path | None = self.sandbox.ca_path
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        verify = ssl.create_default_context(cafile=str(self.ca_path)) if self.ca_path else True
        self.http = httpx.Client(base_url=self.url, timeout=10, verify=verify)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.http.close()

    # control plane
    def reset(self) -> None:
        self.http.post("/_sandbox/reset").raise_for_status()

    def clear_log(self) -> None:
        self.http.delete("/_sandbox/requests").raise_for_status()

    def faults(self, **spec: Any) -> None:
        self.http.post("/_sandbox/faults", json=spec).raise_for_status()

    def requests(self) -> list[dict[str, Any]]:
        return list(self.http.get("/_sandbox/requests").json()["requests"])

    def writes(self) -> list[tuple[str, str]]:
        return [(r["method"], r["path"]) for r in self.requests() if r["method"] in WRITE_METHODS]

    def state(self) -> dict[str, Any]:
        return dict(self.http.get("/_sandbox/state").json())

    # the emulated API itself, as a user would call it out of band
    def api(self, method: str, path: str, json: Any = None) -> httpx.Response:
        return self.http.request(method, path, json=json, headers={"Authorization": f"Bearer {self.token}"})


def publish(konnect: RunningSandbox, strategy_id: str, **publication: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A portal and an API published to it with this strategy, made through Konnect's own API (out of band)."""
    portal = konnect.api("POST", "/v3/portals", {"name": f"portal-{strategy_id[:8]}", "authentication_enabled": True})
    api = konnect.api("POST", "/v3/apis", {"name": f"api-{strategy_id[:8]}", "version": "v1"})
    body = {"auth_strategy_ids": [strategy_id], "visibility": "public", **publication}
    put = konnect.api("PUT", f"/v3/apis/{api.json()['id']}/publications/{portal.json()['id']}", body)
    assert (portal.status_code, api.status_code, put.status_code) == (201, 201, 200), put.text
    return dict(portal.json()), dict(api.json())
