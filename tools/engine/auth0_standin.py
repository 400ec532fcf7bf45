"""Offline stand-in for the `pulumi-resource-auth0` plugin, for the sandbox only.

Why: the Go module proxy here refuses every version of github.com/pulumi/pulumi-auth0/provider/v3,
github.com/auth0/terraform-provider-auth0 and github.com/auth0/go-auth0, so the bridged plugin cannot be built.
This gRPC ResourceProvider implements the seven pulumi-auth0 types the project's components use (Client,
ClientGrant, ClientCredentials, ResourceServer, ResourceServerScopes, Action, TriggerActions) with the same
Management API calls the real provider makes. It refuses any non-loopback `auth0:domain`: real tenants must use
the official plugin (`pulumi plugin install resource auth0 <version>`).
"""

from __future__ import annotations

import ipaddress
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent import futures
from typing import Any, ClassVar
from urllib.parse import quote

import grpc
import httpx
from google.protobuf import empty_pb2, struct_pb2
from google.protobuf.json_format import MessageToDict
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

VERSION = os.environ.get("AUTH0_STANDIN_VERSION", "3.49.0")
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
DIFF_NONE, DIFF_SOME = provider_pb2.DiffResponse.DIFF_NONE, provider_pb2.DiffResponse.DIFF_SOME
Props = dict[str, Any]


SIG_KEY = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


def to_dict(struct: struct_pb2.Struct) -> Props:
    return dict(_plain(MessageToDict(struct, preserving_proto_field_name=True)))


def _plain(value: Any) -> Any:
    """Unwrap secret envelopes (the engine sends config secrets wrapped) and make whole doubles integers."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        if value.get(SIG_KEY) == SECRET_SIG:
            return _plain(value.get("value"))
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def to_struct(props: Props) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update({k: v for k, v in props.items() if v is not None})
    return struct


def is_loopback(domain: str) -> bool:
    host = domain.split("//")[-1].rsplit(":", 1)[0].strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Api:
    """The Management API of the configured (loopback) tenant, with the real provider's retry rules."""

    def __init__(self, domain: str, token: str | None, client_id: str | None, client_secret: str | None) -> None:
        self.base = f"https://{domain.split('//')[-1].rstrip('/')}"
        self.http = httpx.Client(base_url=self.base, timeout=30)
        if not token:
            reply = self.http.post(
                "/oauth/token",
                data={
                    "grant_type": "client_credentials",
                    "audience": f"{self.base}/api/v2/",
                    "client_id": client_id or "",
                    "client_secret": client_secret or "",
                },
            )
            reply.raise_for_status()
            token = reply.json()["access_token"]
        self.http.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, body: Any = None) -> Any:
        for attempt in range(8):
            reply = self.http.request(method, f"/api/v2{path}", json=body)
            if reply.status_code == 429:
                reset = float(reply.headers.get("x-ratelimit-reset") or 0)
                time.sleep(min(5.0, max(0.2, reset - time.time())) if reset else 5.0)
                continue
            if reply.status_code in (500, 502, 503, 504) and attempt < 3:
                time.sleep(0.5 * 2**attempt)
                continue
            if reply.status_code == 404 and method in ("GET", "DELETE"):
                return None
            if reply.status_code >= 400:
                raise RuntimeError(f"{method} {path}: {reply.status_code} {reply.text}")
            return reply.json() if reply.content else None
        raise RuntimeError(f"{method} {path}: still rate limited")


def enc(value: str) -> str:
    return quote(value, safe="")


class Kind:
    """One pulumi-auth0 resource type: its ForceNew inputs and its CRUD against the Management API."""

    token = ""
    replace_on: tuple[str, ...] = ()
    computed: tuple[str, ...] = ()

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        raise NotImplementedError

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        raise NotImplementedError

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        raise NotImplementedError

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        raise NotImplementedError


class Client(Kind):
    token = "auth0:index/client:Client"
    computed = ("clientId",)
    fields: ClassVar[dict[str, str]] = {
        "name": "name",
        "description": "description",
        "appType": "app_type",
        "grantTypes": "grant_types",
        "clientMetadata": "client_metadata",
    }

    def body(self, news: Props) -> Props:
        return {api: news[k] for k, api in self.fields.items() if k in news}

    def props(self, client: Props) -> Props:
        return {
            **{k: client.get(api) for k, api in self.fields.items() if client.get(api) not in (None, {})},
            "clientId": client["client_id"],
        }

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        client = api.call("POST", "/clients", self.body(news))
        return client["client_id"], self.props(client)

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        client = api.call("GET", f"/clients/{enc(id_)}")
        return self.props(client) if client else None

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        body = self.body(news)
        removed = {k: None for k in (olds.get("clientMetadata") or {}) if k not in (news.get("clientMetadata") or {})}
        if removed or "clientMetadata" in body:
            body["client_metadata"] = {**(news.get("clientMetadata") or {}), **removed}
        return self.props(api.call("PATCH", f"/clients/{enc(id_)}", body))

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        api.call("DELETE", f"/clients/{enc(id_)}")


class ClientGrant(Kind):
    token = "auth0:index/clientGrant:ClientGrant"
    replace_on = ("clientId", "audience")

    @staticmethod
    def props(grant: Props) -> Props:
        return {"clientId": grant["client_id"], "audience": grant["audience"], "scopes": list(grant.get("scope") or [])}

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        found = (
            api.call(
                "GET",
                f"/client-grants?audience={enc(news['audience'])}&client_id={enc(news['clientId'])}"
                "&include_totals=true&per_page=50",
            )
            or {}
        )
        existing = (found.get("client_grants") or [None])[0]
        if existing:  # the real provider adopts an existing grant instead of failing with 409
            grant = api.call("PATCH", f"/client-grants/{existing['id']}", {"scope": news.get("scopes") or []})
        else:
            grant = api.call(
                "POST",
                "/client-grants",
                {"client_id": news["clientId"], "audience": news["audience"], "scope": news.get("scopes") or []},
            )
        return grant["id"], self.props(grant)

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        grant = api.call("GET", f"/client-grants/{enc(id_)}")
        return self.props(grant) if grant else None

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        return self.props(api.call("PATCH", f"/client-grants/{enc(id_)}", {"scope": news.get("scopes") or []}))

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        api.call("DELETE", f"/client-grants/{enc(id_)}")


class ClientCredentials(Kind):
    token = "auth0:index/clientCredentials:ClientCredentials"
    replace_on = ("clientId",)
    computed = ("clientSecret",)

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        client = api.call("GET", f"/clients/{enc(id_)}")
        if not client:
            return None
        return {
            "clientId": id_,
            "authenticationMethod": client.get("token_endpoint_auth_method"),
            "clientSecret": client.get("client_secret"),
        }

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        cid = news["clientId"]
        if api.call("GET", f"/clients/{enc(cid)}?fields=client_id&include_fields=true") is None:
            raise RuntimeError(f"client {cid} does not exist")
        return cid, self.update(api, cid, {}, news)

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        api.call(
            "PATCH",
            f"/clients/{enc(id_)}",
            {"token_endpoint_auth_method": news.get("authenticationMethod") or "client_secret_post"},
        )
        return self.read(api, id_, news) or {}

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        if api.call("GET", f"/clients/{enc(id_)}?fields=client_id%2Capp_type&include_fields=true") is not None:
            api.call("GET", f"/clients/{enc(id_)}/credentials?include_totals=true&per_page=50")


class ResourceServer(Kind):
    token = "auth0:index/resourceServer:ResourceServer"
    replace_on = ("identifier",)
    fields: ClassVar[dict[str, str]] = {
        "name": "name",
        "signingAlg": "signing_alg",
        "tokenLifetime": "token_lifetime",
        "allowOfflineAccess": "allow_offline_access",
        "skipConsentForVerifiableFirstPartyClients": "skip_consent_for_verifiable_first_party_clients",
    }

    def props(self, server: Props) -> Props:
        return {"identifier": server["identifier"], **{k: server.get(api) for k, api in self.fields.items()}}

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        body = {"identifier": news["identifier"], **{api: news[k] for k, api in self.fields.items() if k in news}}
        server = api.call("POST", "/resource-servers", body)
        return server["id"], self.props(server)

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        server = api.call("GET", f"/resource-servers/{enc(id_)}")
        return self.props(server) if server else None

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        body = {api: news[k] for k, api in self.fields.items() if k in news}
        return self.props(api.call("PATCH", f"/resource-servers/{enc(id_)}", body))

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        api.call("DELETE", f"/resource-servers/{enc(id_)}")


class ResourceServerScopes(Kind):
    token = "auth0:index/resourceServerScopes:ResourceServerScopes"
    replace_on = ("resourceServerIdentifier",)

    @staticmethod
    def props(identifier: str, server: Props) -> Props:
        scopes = [
            {"name": s["value"], **({"description": s["description"]} if s.get("description") else {})}
            for s in server.get("scopes") or []
        ]
        return {"resourceServerIdentifier": identifier, "scopes": scopes}

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        scopes = [
            {"value": s["name"], **({"description": s["description"]} if s.get("description") else {})}
            for s in news.get("scopes") or []
        ]
        return self.props(id_, api.call("PATCH", f"/resource-servers/{enc(id_)}", {"scopes": scopes}))

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        identifier = news["resourceServerIdentifier"]
        return identifier, self.update(api, identifier, {}, news)

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        server = api.call("GET", f"/resource-servers/{enc(id_)}")
        return self.props(id_, server) if server else None

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        if api.call("GET", f"/resource-servers/{enc(id_)}") is not None:
            api.call("PATCH", f"/resource-servers/{enc(id_)}", {"scopes": []})


def poll(api: Api, path: str, done: Callable[[Props], bool], what: str) -> Props:
    for _ in range(720):  # ~6 minutes, the real provider's create timeout
        current = api.call("GET", path) or {}
        if current.get("status") == "failed":
            raise RuntimeError(f"{what}: the action build failed")
        if done(current):
            return current
        time.sleep(0.05)
    raise RuntimeError(f"{what}: timed out")


class Action(Kind):
    token = "auth0:index/action:Action"
    computed = ("versionId",)

    @staticmethod
    def body(news: Props) -> Props:
        runtime = news.get("runtime") or "node22"
        trigger = news.get("supportedTriggers") or {}
        body: Props = {
            "name": news["name"],
            "code": news["code"],
            "supported_triggers": [trigger],
            "runtime": "node18-actions" if runtime == "node18" else runtime,
        }
        if "secrets" in news:
            body["secrets"] = [{"name": s["name"], "value": s["value"]} for s in news["secrets"]]
        return body

    def _finish(self, api: Api, id_: str, news: Props) -> Props:
        path = f"/actions/actions/{id_}"
        poll(api, path, lambda a: a.get("status") == "built", f"action {id_}")
        version_id = None
        if news.get("deploy"):
            version = api.call("POST", f"{path}/deploy")
            poll(
                api, path, lambda a: bool((a.get("deployed_version") or {}).get("deployed")), f"deploying action {id_}"
            )
            version_id = version["id"]
        keep: Props = {
            k: news[k] for k in ("name", "code", "runtime", "deploy", "supportedTriggers", "secrets") if k in news
        }
        return {**keep, "versionId": version_id}

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        action = api.call("POST", "/actions/actions", self.body(news))
        return action["id"], self._finish(api, action["id"], news)

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        action = api.call("GET", f"/actions/actions/{id_}")
        if not action:
            return None
        # Secret values never come back from Auth0: keep the declared ones.
        return {
            **olds,
            "name": action["name"],
            "code": action["code"],
            "versionId": (action.get("deployed_version") or {}).get("id", olds.get("versionId")),
        }

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        api.call("PATCH", f"/actions/actions/{id_}", self.body(news))
        return self._finish(api, id_, news)

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        api.call("DELETE", f"/actions/actions/{id_}")


class TriggerActions(Kind):
    token = "auth0:index/triggerActions:TriggerActions"
    replace_on = ("trigger",)

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        bindings: list[Props] = []
        page = 0
        while True:
            reply = api.call("GET", f"/actions/triggers/{id_}/bindings?page={page}&per_page=100") or {}
            bindings += reply.get("bindings") or []
            if reply.get("total", 0) <= reply.get("start", 0) + reply.get("limit", 100):
                break
            page += 1
        return {
            "trigger": id_,
            "actions": [{"id": b["action"]["id"], "displayName": b["display_name"]} for b in bindings],
        }

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        bindings = [
            {"ref": {"type": "action_id", "value": a["id"]}, "display_name": a.get("displayName")}
            for a in news.get("actions") or []
        ]
        api.call("PATCH", f"/actions/triggers/{id_}/bindings", {"bindings": bindings})
        return self.read(api, id_, news) or {}

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        return news["trigger"], self.update(api, news["trigger"], {}, news)

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        api.call("PATCH", f"/actions/triggers/{id_}/bindings", {"bindings": []})


KINDS: dict[str, Kind] = {
    k.token: k
    for k in (
        Client(),
        ClientGrant(),
        ClientCredentials(),
        ResourceServer(),
        ResourceServerScopes(),
        Action(),
        TriggerActions(),
    )
}


class StandIn(provider_pb2_grpc.ResourceProviderServicer):
    def __init__(self) -> None:
        self.api: Api | None = None

    def kind(self, urn: str, context: Any) -> Kind:
        typ = urn.split("::")[2].split("$")[-1]
        if typ not in KINDS:
            context.abort(grpc.StatusCode.UNIMPLEMENTED, f"the offline auth0 stand-in does not implement {typ}")
        return KINDS[typ]

    def GetPluginInfo(self, request: Any, context: Any) -> Any:
        return plugin_pb2.PluginInfo(version=VERSION)

    def Handshake(self, request: Any, context: Any) -> Any:
        return provider_pb2.ProviderHandshakeResponse(
            accept_secrets=False, accept_resources=False, accept_outputs=False, supports_autonaming_configuration=False
        )

    def CheckConfig(self, request: Any, context: Any) -> Any:
        return provider_pb2.CheckResponse(inputs=request.news)

    def DiffConfig(self, request: Any, context: Any) -> Any:
        olds, news = to_dict(request.olds), to_dict(request.news)
        changed = sorted(k for k in set(olds) | set(news) if olds.get(k) != news.get(k) and k != "version")
        return provider_pb2.DiffResponse(changes=DIFF_SOME if changed else DIFF_NONE, diffs=changed)

    def Configure(self, request: Any, context: Any) -> Any:
        args = to_dict(request.args) or dict(request.variables)

        def get(key: str) -> str | None:
            value = args.get(key) or args.get(f"auth0:config:{key}") or os.environ.get(f"AUTH0_{key.upper()}")
            return str(value) if value else None

        domain = get("domain") or ""
        if not is_loopback(domain):
            context.abort(
                grpc.StatusCode.FAILED_PRECONDITION,
                f"auth0:domain {domain!r}: the offline auth0 stand-in only talks to the local sandbox. "
                f"For a real tenant install the official plugin: pulumi plugin install resource auth0 {VERSION}",
            )
        self.api = Api(
            domain, get("apiToken") or os.environ.get("AUTH0_API_TOKEN"), get("clientId"), get("clientSecret")
        )
        return provider_pb2.ConfigureResponse(acceptSecrets=False, supportsPreview=True)

    def Check(self, request: Any, context: Any) -> Any:
        self.kind(request.urn, context)
        return provider_pb2.CheckResponse(inputs=request.news)

    def Diff(self, request: Any, context: Any) -> Any:
        kind = self.kind(request.urn, context)
        olds, news = to_dict(request.olds), to_dict(request.news)
        changed = sorted(k for k in news if k not in kind.computed and olds.get(k) != news.get(k))
        replaces = [k for k in changed if k in kind.replace_on]
        return provider_pb2.DiffResponse(
            changes=DIFF_SOME if changed else DIFF_NONE, replaces=replaces, diffs=changed, deleteBeforeReplace=False
        )

    def Create(self, request: Any, context: Any) -> Any:
        kind = self.kind(request.urn, context)
        news = to_dict(request.properties)
        if request.preview:
            return provider_pb2.CreateResponse(
                id="", properties=to_struct({**news, **{k: UNKNOWN for k in kind.computed}})
            )
        assert self.api is not None
        id_, outs = kind.create(self.api, news)
        return provider_pb2.CreateResponse(id=id_, properties=to_struct(outs))

    def Read(self, request: Any, context: Any) -> Any:
        kind = self.kind(request.urn, context)
        assert self.api is not None
        outs = kind.read(self.api, request.id, to_dict(request.properties))
        if outs is None:
            return provider_pb2.ReadResponse(id="")
        inputs = {k: v for k, v in outs.items() if k not in kind.computed}
        return provider_pb2.ReadResponse(id=request.id, properties=to_struct(outs), inputs=to_struct(inputs))

    def Update(self, request: Any, context: Any) -> Any:
        kind = self.kind(request.urn, context)
        olds, news = to_dict(request.olds), to_dict(request.news)
        if request.preview:
            return provider_pb2.UpdateResponse(properties=to_struct({**olds, **news}))
        assert self.api is not None
        return provider_pb2.UpdateResponse(properties=to_struct(kind.update(self.api, request.id, olds, news)))

    def Delete(self, request: Any, context: Any) -> Any:
        kind = self.kind(request.urn, context)
        assert self.api is not None
        kind.delete(self.api, request.id, to_dict(request.properties))
        return empty_pb2.Empty()

    def Cancel(self, request: Any, context: Any) -> Any:
        return empty_pb2.Empty()


def main() -> None:
    if "-version" in sys.argv or "--version" in sys.argv:
        print(VERSION)
        return
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(StandIn(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
