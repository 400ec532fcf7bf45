"""Preflight for a deployed environment: live checks against Auth0 and Konnect, one line each.

`python -m dcr_components verify --stack dev` reads the stack's config and outputs through the pulumi CLI,
then checks what a developer's app registration needs. Secrets are used, never printed.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from .auth0.admin_app import admin_permissions
from .config import EnvironmentConfig, parse_config
from .konnect.client import base_url_for

__all__ = ["Check", "StackView", "run_checks"]


@dataclass
class Check:
    name: str
    ok: bool
    expected: str = ""
    found: str = ""
    fix: str = ""

    def line(self) -> str:
        head = f"{'PASS' if self.ok else 'FAIL'}  {self.name}"
        if self.ok:
            return head + (f": {self.found}" if self.found else "")
        return f"{head}\n      expected: {self.expected}\n      found:    {self.found}\n      fix:      {self.fix}"


@dataclass
class StackView:
    """What verify needs from `pulumi config` and `pulumi stack output` (both with secrets shown)."""

    config: dict[str, Any]
    outputs: dict[str, Any]

    @property
    def env(self) -> EnvironmentConfig:
        return parse_config(self.config["konnect-auth0-dcr:dcr"])


class CheckFailed(Exception):
    def __init__(self, expected: str, found: str, fix: str) -> None:
        super().__init__(found)
        self.expected, self.found, self.fix = expected, found, fix


def jwt_claims(token: str) -> dict[str, Any]:
    body = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))


class Verifier:
    def __init__(self, stack: StackView, verify_tls: Any = True) -> None:
        self.stack, self.env = stack, stack.env
        self.auth0 = httpx.Client(base_url=f"https://{self.env.auth0_domain}", timeout=15, verify=verify_tls)
        konnect_url = base_url_for(stack.config.get("konnect:region"), stack.config.get("konnect:serverUrl"))
        self.konnect = httpx.Client(
            base_url=konnect_url,
            timeout=15,
            headers={"Authorization": f"Bearer {stack.config.get('konnect:token', '')}"},
        )
        self.admin_claims: dict[str, Any] = {}
        self._provider: dict[str, Any] | None = None
        self._strategies: list[dict[str, Any]] | None = None

    # ---- helpers ----------------------------------------------------------------------------------
    def management_token(self) -> str:
        token = self.stack.config.get("auth0:apiToken")
        if token:
            return str(token)
        reply = self.auth0.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "audience": self.env.management_audience,
                "client_id": self.stack.config.get("auth0:clientId", ""),
                "client_secret": self.stack.config.get("auth0:clientSecret", ""),
            },
        )
        reply.raise_for_status()
        return str(reply.json()["access_token"])

    def provider(self) -> dict[str, Any]:
        if self._provider is None:
            reply = self.konnect.get(f"/v2/dcr-providers/{self.stack.outputs['dcr_provider_id']}")
            if reply.status_code != 200:
                raise CheckFailed("the DCR provider in Konnect", f"GET returned {reply.status_code}", "run `pulumi up`")
            self._provider = dict(reply.json())
        return self._provider

    # ---- checks -----------------------------------------------------------------------------------
    def admin_token(self) -> str:
        reply = self.auth0.post(
            "/oauth/token",
            json={
                "grant_type": "client_credentials",
                "audience": self.env.management_audience,
                "client_id": self.stack.outputs["admin_client_id"],
                "client_secret": self.stack.outputs["admin_client_secret"],
            },
        )
        if reply.status_code != 200:
            raise CheckFailed(
                "an access token for the Management API",
                f"{reply.status_code} {reply.json().get('error_description', '')}",
                "check the admin app's credentials and its grant; `pulumi up` restores both",
            )
        self.admin_claims = jwt_claims(reply.json()["access_token"])
        return f"token for {self.env.management_audience}"

    def grant_permissions(self) -> str:
        wanted = admin_permissions(self.env.developer_managed_scopes)
        granted = set(str(self.admin_claims.get("scope", "")).split())
        missing = [p for p in wanted if p not in granted]
        if missing:
            raise CheckFailed(
                ", ".join(wanted),
                f"missing {', '.join(missing)}",
                "`pulumi up` re-applies the grant; or add the permission to the admin app's Management API grant",
            )
        return f"{len(wanted)} permissions granted"

    def api_audience(self) -> str:
        identifier = self.env.api.identifier
        reply = self.auth0.get(
            f"/api/v2/resource-servers/{quote(identifier, safe='')}",
            headers={"Authorization": f"Bearer {self.management_token()}"},
        )
        if reply.status_code == 404:
            raise CheckFailed(f"an API with identifier {identifier}", "no such API", "run `pulumi up` to recreate it")
        reply.raise_for_status()
        have = {s["value"] for s in reply.json().get("scopes") or []}
        asked = {s for strategy in self.env.strategies for s in strategy.scopes if s != "openid"}
        missing = sorted(asked - have)
        if missing:
            raise CheckFailed(
                f"scopes {sorted(asked)}", f"missing {missing}", "run `pulumi up` to restore the API's scopes"
            )
        return f"{identifier} with {len(have)} scopes"

    def issuer(self) -> str:
        expected = self.env.issuer
        parts = urlsplit(expected)
        if parts.scheme != "https" or expected.endswith("/"):
            raise CheckFailed(
                "https://… without trailing slash", expected, "fix auth0Domain / customDomain in the stack config"
            )
        seen = {"DCR provider": self.provider()["issuer"]}
        for strategy in self.strategies():
            seen[f"strategy {strategy['name']}"] = strategy["configs"]["openid-connect"]["issuer"]
        wrong = {k: v for k, v in seen.items() if v != expected}
        if wrong:
            raise CheckFailed(
                expected,
                "; ".join(f"{k}: {v}" for k, v in wrong.items()),
                "issuers must match byte for byte (no trailing slash): `pulumi up` resets them",
            )
        return expected

    def konnect_verify(self) -> str:
        reply = self.konnect.post(f"/v2/dcr-providers/{self.stack.outputs['dcr_provider_id']}/verify")
        body = reply.json() if reply.content else {}
        if reply.status_code != 200 or body.get("status") != "success":
            raise CheckFailed(
                "status success",
                f"{reply.status_code} {body.get('status')}: {'; '.join(body.get('errors') or [])}",
                "check the admin app's credentials and permissions, then `pulumi up`",
            )
        return "Konnect reports success"

    def strategies(self) -> list[dict[str, Any]]:
        """The deployed OIDC strategies, read once per run (the issuer and shape checks both use them)."""
        if self._strategies is None:
            found = []
            for name, sid in self.stack.outputs["strategy_ids"].items():
                reply = self.konnect.get(f"/v2/application-auth-strategies/{sid}")
                if reply.status_code != 200:
                    raise CheckFailed(f"strategy {name}", f"GET returned {reply.status_code}", "run `pulumi up`")
                found.append(reply.json())
            self._strategies = found
        return self._strategies

    def strategy_shape(self) -> str:
        problems = []
        claims = {s.name: s.credential_claim for s in self.env.strategies}
        for strategy in self.strategies():
            oidc = strategy["configs"].get("openid-connect", {})
            if "openid" not in oidc.get("scopes", []):
                problems.append(f"{strategy['name']}: scopes {oidc.get('scopes')} lack openid")
            if oidc.get("credential_claim") != claims.get(strategy["name"], ["azp"]):
                problems.append(f"{strategy['name']}: credential_claim {oidc.get('credential_claim')}")
            if (strategy.get("dcr_provider") or {}).get("id") != self.stack.outputs["dcr_provider_id"]:
                problems.append(f"{strategy['name']}: not linked to the DCR provider")
        if problems:
            raise CheckFailed(
                "openid in scopes, the configured credential claim, linked to the DCR provider",
                "; ".join(problems),
                "run `pulumi up` to restore the strategies",
            )
        return f"{len(claims)} strategies"


def host_of(exc: httpx.HTTPError) -> str:
    try:
        return str(exc.request.url.netloc.decode())
    except RuntimeError:
        return "?"


def run_checks(stack: StackView, verify_tls: Any = True) -> list[Check]:
    v = Verifier(stack, verify_tls)
    steps: list[tuple[str, Callable[[], str]]] = [
        ("admin app gets a Management API token", v.admin_token),
        ("admin grant holds the required permissions", v.grant_permissions),
        ("API audience exists with the strategies' scopes", v.api_audience),
        ("issuer is https without trailing slash and matches Konnect", v.issuer),
        ("Konnect verifies the DCR provider", v.konnect_verify),
        ("OIDC strategies: openid, credential claim, DCR provider", v.strategy_shape),
    ]
    results = []
    for name, step in steps:
        try:
            results.append(Check(name, True, found=step()))
        except CheckFailed as exc:
            results.append(Check(name, False, exc.expected, exc.found, exc.fix))
        except httpx.HTTPError as exc:
            results.append(
                Check(
                    name,
                    False,
                    "a reachable endpoint",
                    f"{type(exc).__name__} talking to {host_of(exc)}",
                    "check the network path and the domain / region in the stack config",
                )
            )
    return results
