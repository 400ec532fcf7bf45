"""Offline stand-in for the `pulumi-resource-auth0` plugin, for the sandbox only.

Why: the Go module proxy here refuses every version of github.com/pulumi/pulumi-auth0/provider/v3,
github.com/auth0/terraform-provider-auth0 and github.com/auth0/go-auth0, so the bridged plugin cannot be built.
This gRPC ResourceProvider implements the pulumi-auth0 types the project's components use (Client, ClientGrant,
ClientCredentials, ResourceServer, ResourceServerScopes, Action, TriggerAction; TriggerActions too, for states made
before the rename Action was bound per Action) with the same Management API calls the real provider makes. It refuses any non-loopback `auth0:domain`: real tenants must use
the official plugin (`pulumi plugin install resource auth0 <version>`).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from concurrent import futures
from pathlib import Path
from typing import Any

import grpc
import pulumi_auth0
from enginewatch import watch_parent
from google.protobuf import empty_pb2
from pulumi.runtime.proto import plugin_pb2, provider_pb2, provider_pb2_grpc

from .apis import Action, ResourceServer, ResourceServerScopes, TriggerAction, TriggerActions
from .clients import Client, ClientCredentials, ClientGrant
from .wire import UNKNOWN, Api, Kind, is_loopback, to_dict, to_struct

# It stands in for the plugin the pinned pulumi-auth0 package asks for (pyproject.toml), so it answers that version.
VERSION = json.loads((Path(pulumi_auth0.__file__).parent / "pulumi-plugin.json").read_text())["version"]
DIFF_NONE, DIFF_SOME = provider_pb2.DiffResponse.DIFF_NONE, provider_pb2.DiffResponse.DIFF_SOME
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
        TriggerAction(),
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
        news = to_dict(request.news)
        # Compare inputs with inputs when the engine sends them (a removed input is a change too); olds are outputs.
        olds = to_dict(request.old_inputs) if request.HasField("old_inputs") else to_dict(request.olds)
        keys = set(news) | (set(olds) if request.HasField("old_inputs") else set())
        changed = sorted(
            k
            for k in keys
            if k not in kind.computed and not same(olds.get(k), news.get(k)) and not unmanaged(kind, k, olds, news)
        )
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
        # A refresh reports as inputs what the program declared (as Auth0 holds it now), never a field Auth0 fills
        # in by itself (`oidc_conformant` of every client): that is not drift. An import (no inputs yet) takes all.
        declared = to_dict(request.inputs) if request.HasField("inputs") else {}
        inputs = {k: v for k, v in outs.items() if k not in kind.computed and (not declared or k in declared)}
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


ZERO: tuple[Any, ...] = (None, "", False, 0, [], {})


def same(old: Any, new: Any) -> bool:
    """Terraform's SDK reads an unset primitive or collection as its zero value: absent and "" (or false, 0, empty)
    are one value to the bridged provider, e.g. the description an imported app has none of."""
    return bool(old == new or (old is None and new in ZERO) or (new is None and old in ZERO))


def unmanaged(kind: Kind, key: str, olds: dict[str, Any], news: dict[str, Any]) -> bool:
    """An input the program leaves out that the bridged provider would not diff either: an Optional + Computed one
    (the tenant's value stands, e.g. after an import), or an optional one still at its zero value (Terraform's SDK
    reads an unset primitive as its zero value)."""
    return key not in news and (key in kind.optional_computed or olds.get(key) in (None, False, 0, "", [], {}))


def main() -> None:
    if "-version" in sys.argv or "--version" in sys.argv:
        print(VERSION)
        return
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    watch_parent()  # the engine is our parent: leave with it
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    provider_pb2_grpc.add_ResourceProviderServicer_to_server(StandIn(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
