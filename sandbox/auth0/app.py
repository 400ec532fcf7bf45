"""Auth0 Management API emulator: the calls pulumi-auth0 and Konnect's DCR make, stateful, in memory."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import secrets
import ssl
import string
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from ..web import App, Faults, Request, Response

ID = r"(?P<id>[^/]+)"
ALNUM = string.ascii_letters + string.digits
# Which permission each Management API call needs (tokens we issue carry the grant's scopes).
PERMISSION = {
    ("GET", "clients"): "read:clients",
    ("POST", "clients"): "create:clients",
    ("PATCH", "clients"): "update:clients",
    ("DELETE", "clients"): "delete:clients",
    ("GET", "client-grants"): "read:client_grants",
    ("POST", "client-grants"): "create:client_grants",
    ("PATCH", "client-grants"): "update:client_grants",
    ("DELETE", "client-grants"): "delete:client_grants",
    ("GET", "resource-servers"): "read:resource_servers",
    ("POST", "resource-servers"): "create:resource_servers",
    ("PATCH", "resource-servers"): "update:resource_servers",
    ("DELETE", "resource-servers"): "delete:resource_servers",
    ("GET", "actions"): "read:actions",
    ("POST", "actions"): "create:actions",
    ("PATCH", "actions"): "update:actions",
    ("DELETE", "actions"): "delete:actions",
}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def rand(n: int) -> str:
    return "".join(secrets.choice(ALNUM) for _ in range(n))


def error(status: int, message: str, code: str | None = None) -> Response:
    names = {
        400: "Bad Request",
        401: "Unauthorized",
        403: "Forbidden",
        404: "Not Found",
        409: "Conflict",
        429: "Too Many Requests",
    }
    body: dict[str, Any] = {"statusCode": status, "error": names.get(status, "Error"), "message": message}
    if code:
        body["errorCode"] = code
    return Response(status, body)


def oauth_error(status: int, code: str, description: str) -> Response:
    return Response(status, {"error": code, "error_description": description})


def fault_reply(status: int, faults: Faults) -> Response:
    reset = int(time.time() + max(1.0, faults.retry_after))
    headers = {"X-RateLimit-Limit": "50", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    if status == 429:
        return Response(429, error(429, "Global limit has been reached", "too_many_requests").body, headers=headers)
    return Response(
        status, {"statusCode": status, "error": "Service Unavailable", "message": "Injected by the sandbox"}
    )


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Auth0Sandbox:
    """State: clients, client grants, resource servers, actions, trigger bindings. IDs look like Auth0's."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.domain = "127.0.0.1"
        self.ca_path: Path | None = None
        self.tls: ssl.SSLContext | None = None
        self.signing_key = secrets.token_bytes(32)
        self.clients: dict[str, dict[str, Any]] = {}
        self.grants: dict[str, dict[str, Any]] = {}
        self.servers: dict[str, dict[str, Any]] = {}
        self.actions: dict[str, dict[str, Any]] = {}
        self.bindings: dict[str, list[dict[str, Any]]] = {}
        self.app = App("auth0", self._authorize, fault_reply)
        self.app.on_reset.append(self._clear)
        self._routes()
        self._clear()

    # ---- set-up ---------------------------------------------------------------------------------
    def use_tls(self, cert_dir: Path) -> None:
        from .tls import make_tls

        self.tls, self.ca_path = make_tls(cert_dir)

    def bound(self, domain: str) -> None:
        """Called once the port is known: the Management API identifier embeds the domain."""
        self.domain = domain
        self._clear()

    @property
    def management_audience(self) -> str:
        return f"https://{self.domain}/api/v2/"

    def _clear(self) -> None:
        for store in (self.clients, self.grants, self.servers, self.actions, self.bindings):
            store.clear()
        system: dict[str, Any] = {
            "id": rand(24).lower(),
            "name": "Auth0 Management API",
            "identifier": self.management_audience,
            "is_system": True,
            "signing_alg": "RS256",
            "token_lifetime": 86400,
            "scopes": [],
            "allow_offline_access": False,
            "skip_consent_for_verifiable_first_party_clients": False,
        }
        self.servers[system["id"]] = system

    def _routes(self) -> None:
        r = self.app.route
        r("POST", r"/oauth/token", self.token_endpoint, locked=False)
        r("GET", r"/api/v2/clients", self.list_clients)
        r("POST", r"/api/v2/clients", self.create_client)
        r("GET", rf"/api/v2/clients/{ID}", self.get_client)
        r("PATCH", rf"/api/v2/clients/{ID}", self.update_client)
        r("DELETE", rf"/api/v2/clients/{ID}", self.delete_client)
        r(
            "GET",
            rf"/api/v2/clients/{ID}/credentials",
            lambda req: self._client_or_404(req, lambda c: Response(200, [])),
        )
        r("POST", rf"/api/v2/clients/{ID}/rotate-secret", self.rotate_secret)
        r("GET", r"/api/v2/client-grants", self.list_grants)
        r("POST", r"/api/v2/client-grants", self.create_grant)
        r("GET", rf"/api/v2/client-grants/{ID}", self.get_grant)
        r("PATCH", rf"/api/v2/client-grants/{ID}", self.update_grant)
        r("DELETE", rf"/api/v2/client-grants/{ID}", self.delete_grant)
        r("GET", r"/api/v2/resource-servers", self.list_servers)
        r("POST", r"/api/v2/resource-servers", self.create_server)
        r("GET", rf"/api/v2/resource-servers/{ID}", self.get_server)
        r("PATCH", rf"/api/v2/resource-servers/{ID}", self.update_server)
        r("DELETE", rf"/api/v2/resource-servers/{ID}", self.delete_server)
        from .actions import register_action_routes

        register_action_routes(self)
        r("GET", r"/_sandbox/state", lambda _r: Response(200, self.inventory()))

    def inventory(self) -> dict[str, Any]:
        return {
            "clients": list(self.clients.values()),
            "client_grants": list(self.grants.values()),
            "resource_servers": list(self.servers.values()),
            "actions": list(self.actions.values()),
            "bindings": self.bindings,
        }

    # ---- auth -------------------------------------------------------------------------------------
    def issue_token(self, client_id: str, audience: str, scopes: list[str]) -> str:
        issued = int(time.time())
        claims = {
            "iss": f"https://{self.domain}/",
            "sub": f"{client_id}@clients",
            "aud": audience,
            "iat": issued,
            "exp": issued + 86400,
            "azp": client_id,
            "scope": " ".join(scopes),
            "gty": "client-credentials",
        }
        head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        body = b64(json.dumps(claims).encode())
        sig = b64(hmac.new(self.signing_key, f"{head}.{body}".encode(), hashlib.sha256).digest())
        return f"{head}.{body}.{sig}"

    def decode_token(self, token: str) -> dict[str, Any] | None:
        try:
            head, body, sig = token.split(".")
        except ValueError:
            return None
        expected = b64(hmac.new(self.signing_key, f"{head}.{body}".encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(expected, sig):
            return None
        claims: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return claims if claims["exp"] > time.time() else None

    def _authorize(self, req: Request) -> Response | None:
        if not req.path.startswith("/api/v2/"):
            return None  # /oauth/token authenticates the client itself
        bearer = req.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if bearer == self.token:
            return None  # the sandbox's own token: every permission, like a tenant owner's API token
        claims = self.decode_token(bearer)
        if claims is None or claims["aud"] != self.management_audience:
            return error(401, "Invalid token", "invalid_token")
        collection = req.path.split("/")[3]
        needed = PERMISSION.get((req.method if req.method != "PUT" else "PATCH", collection))
        if req.path.endswith("/rotate-secret"):
            needed = "update:client_keys"
        if needed and needed not in claims["scope"].split():
            return error(403, f"Insufficient scope, expected any of: {needed}", "insufficient_scope")
        return None

    def _credentials(self, req: Request) -> tuple[dict[str, Any], str | None, str | None]:
        content = req.headers.get("content-type", "")
        body: dict[str, Any] = (req.json() or {}) if "json" in content else dict(parse_qsl(req.body.decode()))
        cid, secret = body.get("client_id"), body.get("client_secret")
        basic = req.headers.get("authorization", "")
        if basic.startswith("Basic "):
            user, _, password = base64.b64decode(basic[6:]).decode().partition(":")
            cid, secret = unquote(user), unquote(password)
        return body, cid, secret

    def token_endpoint(self, req: Request) -> Response:
        body, cid, secret = self._credentials(req)
        if body.get("grant_type") != "client_credentials":
            return oauth_error(400, "unsupported_grant_type", "Unsupported grant type: " + str(body.get("grant_type")))
        client = self.clients.get(cid or "")
        if client is None or not hmac.compare_digest(client["client_secret"], secret or ""):
            return oauth_error(401, "access_denied", "Unauthorized")
        audience = body.get("audience") or self.management_audience
        if not any(s["identifier"] == audience for s in self.servers.values()):
            return oauth_error(403, "access_denied", f"Service not found: {audience}")
        grant = next((g for g in self.grants.values() if g["client_id"] == cid and g["audience"] == audience), None)
        if grant is None:
            return oauth_error(403, "access_denied", f"Client has not been granted scopes for {audience}")
        from .actions import run_credentials_exchange

        failure = run_credentials_exchange(self, client)
        if failure is not None:
            return oauth_error(400, "invalid_request", failure)
        token = self.issue_token(client["client_id"], audience, list(grant["scope"]))
        return Response(
            200, {"access_token": token, "token_type": "Bearer", "expires_in": 86400, "scope": " ".join(grant["scope"])}
        )

    # ---- lists ------------------------------------------------------------------------------------
    @staticmethod
    def page(req: Request, items: list[dict[str, Any]], key: str) -> Response:
        per_page = min(int(req.arg("per_page") or 50), 100)
        number = int(req.arg("page") or 0)
        chunk = items[number * per_page : (number + 1) * per_page]
        if (req.arg("include_totals") or "false") == "true":
            return Response(200, {"start": number * per_page, "limit": per_page, "total": len(items), key: chunk})
        return Response(200, chunk)

    @staticmethod
    def pick_fields(req: Request, item: dict[str, Any]) -> dict[str, Any]:
        fields = req.arg("fields")
        if not fields:
            return item
        wanted = set(fields.split(","))
        include = (req.arg("include_fields") or "true") == "true"
        return {k: v for k, v in item.items() if (k in wanted) == include}

    # ---- clients ---------------------------------------------------------------------------------
    def _client_or_404(self, req: Request, then: Any) -> Response:
        client = self.clients.get(req.params["id"])
        return then(client) if client else error(404, "The client does not exist", "inexistent_client")

    def list_clients(self, req: Request) -> Response:
        return self.page(req, [self.pick_fields(req, c) for c in self.clients.values()], "clients")

    def create_client(self, req: Request) -> Response:
        body = req.json() or {}
        if not isinstance(body.get("name"), str) or not body["name"]:
            return error(400, "Payload validation error: 'Missing required property: name'.", "invalid_body")
        metadata = {k: v for k, v in (body.get("client_metadata") or {}).items() if v is not None}
        client = {
            "tenant": "sandbox",
            "global": False,
            "is_first_party": True,
            "oidc_conformant": False,
            "sso_disabled": False,
            "callbacks": [],
            "allowed_origins": [],
            "web_origins": [],
            "grant_types": ["authorization_code", "implicit", "refresh_token", "client_credentials"],
            "jwt_configuration": {"alg": "RS256", "lifetime_in_seconds": 36000, "secret_encoded": False},
            "token_endpoint_auth_method": "client_secret_post",
            "app_type": "non_interactive",
            **copy.deepcopy(body),
            "client_metadata": metadata,
            "client_id": rand(32),
            "client_secret": rand(64),
        }
        self.clients[client["client_id"]] = client
        return Response(201, client)

    def get_client(self, req: Request) -> Response:
        return self._client_or_404(req, lambda c: Response(200, self.pick_fields(req, c)))

    def update_client(self, req: Request) -> Response:
        def apply(client: dict[str, Any]) -> Response:
            body = req.json() or {}
            for key, value in body.items():
                if key == "client_metadata":
                    # Merge; a null value removes the key (what the provider sends for removed keys).
                    merged = {**client.get("client_metadata", {}), **(value or {})}
                    client["client_metadata"] = {k: v for k, v in merged.items() if v is not None}
                elif key not in ("client_id",):
                    client[key] = copy.deepcopy(value)
            return Response(200, client)

        return self._client_or_404(req, apply)

    def rotate_secret(self, req: Request) -> Response:
        def rotate(client: dict[str, Any]) -> Response:
            client["client_secret"] = rand(64)
            return Response(200, client)

        return self._client_or_404(req, rotate)

    def delete_client(self, req: Request) -> Response:
        def drop(client: dict[str, Any]) -> Response:
            del self.clients[client["client_id"]]
            for gid in [g for g, grant in self.grants.items() if grant["client_id"] == client["client_id"]]:
                del self.grants[gid]
            return Response(204)

        return self._client_or_404(req, drop)

    # ---- client grants ------------------------------------------------------------------------------
    def list_grants(self, req: Request) -> Response:
        items = [
            g
            for g in self.grants.values()
            if req.arg("audience") in (None, g["audience"]) and req.arg("client_id") in (None, g["client_id"])
        ]
        return self.page(req, items, "client_grants")

    def create_grant(self, req: Request) -> Response:
        body = req.json() or {}
        for key in ("client_id", "audience"):
            if not body.get(key):
                return error(400, f"Payload validation error: 'Missing required property: {key}'.", "invalid_body")
        if body["client_id"] not in self.clients:
            return error(404, "The client does not exist", "inexistent_client")
        if not any(s["identifier"] == body["audience"] for s in self.servers.values()):
            return error(
                404, f"No resource server found by identifier {body['audience']}", "inexistent_resource_server"
            )
        if any(g["client_id"] == body["client_id"] and g["audience"] == body["audience"] for g in self.grants.values()):
            return error(409, "A client grant for this client and audience already exists", "conflict")
        grant = {
            "id": "cgr_" + rand(16),
            "client_id": body["client_id"],
            "audience": body["audience"],
            "scope": list(body.get("scope") or []),
            "subject_type": body.get("subject_type") or "client",
            "allow_any_organization": bool(body.get("allow_any_organization", False)),
            "is_system": False,
        }
        self.grants[grant["id"]] = grant
        return Response(201, grant)

    def get_grant(self, req: Request) -> Response:
        grant = self.grants.get(req.params["id"])
        return (
            Response(200, grant) if grant else error(404, "The client grant does not exist", "inexistent_client_grant")
        )

    def update_grant(self, req: Request) -> Response:
        grant = self.grants.get(req.params["id"])
        if not grant:
            return error(404, "The client grant does not exist", "inexistent_client_grant")
        for key, value in (req.json() or {}).items():
            if key in (
                "scope",
                "allow_any_organization",
                "organization_usage",
                "allow_all_scopes",
                "authorization_details_types",
            ):
                grant[key] = copy.deepcopy(value)
        return Response(200, grant)

    def delete_grant(self, req: Request) -> Response:
        if self.grants.pop(req.params["id"], None) is None:
            return error(404, "The client grant does not exist", "inexistent_client_grant")
        return Response(204)

    # ---- resource servers (by id or by identifier) ----------------------------------------------------
    def find_server(self, key: str) -> dict[str, Any] | None:
        return self.servers.get(key) or next((s for s in self.servers.values() if s["identifier"] == key), None)

    def list_servers(self, req: Request) -> Response:
        wanted = [v for k, v in req.query if k in ("identifiers", "identifiers[]")]
        items = [s for s in self.servers.values() if not wanted or s["identifier"] in wanted]
        return self.page(req, items, "resource_servers")

    def create_server(self, req: Request) -> Response:
        body = req.json() or {}
        if not body.get("identifier"):
            return error(400, "Payload validation error: 'Missing required property: identifier'.", "invalid_body")
        if self.find_server(body["identifier"]):
            return error(409, "A resource server with the same identifier already exists", "resource_server_conflict")
        server = {
            "signing_alg": "RS256",
            "token_lifetime": 86400,
            "token_lifetime_for_web": 7200,
            "allow_offline_access": False,
            "skip_consent_for_verifiable_first_party_clients": False,
            "scopes": [],
            "name": body["identifier"],
            **copy.deepcopy(body),
            "id": rand(24).lower(),
            "is_system": False,
        }
        self.servers[server["id"]] = server
        return Response(201, server)

    def get_server(self, req: Request) -> Response:
        server = self.find_server(req.params["id"])
        return (
            Response(200, server)
            if server
            else error(404, "The resource server does not exist", "inexistent_resource_server")
        )

    def update_server(self, req: Request) -> Response:
        server = self.find_server(req.params["id"])
        if not server:
            return error(404, "The resource server does not exist", "inexistent_resource_server")
        body = req.json() or {}
        if "identifier" in body:
            return error(
                400, "Payload validation error: 'Additional properties not allowed: identifier'.", "invalid_body"
            )
        if server.get("is_system"):
            return error(403, "The system resource server cannot be modified", "operation_not_supported")
        server.update(copy.deepcopy(body))
        return Response(200, server)

    def delete_server(self, req: Request) -> Response:
        server = self.find_server(req.params["id"])
        if not server:
            return error(404, "The resource server does not exist", "inexistent_resource_server")
        if server.get("is_system"):
            return error(403, "The system resource server cannot be deleted", "operation_not_supported")
        del self.servers[server["id"]]
        return Response(204)

    @staticmethod
    def new_id() -> str:
        return str(uuid.uuid4())
