"""pulumi-auth0 ResourceServer, ResourceServerScopes, Action, TriggerActions and TriggerAction, making the bridged
provider's calls in its order: creates and updates end with its read, Actions are polled until built and until
deployed, and a trigger's bindings are paged as the Go SDK pages them."""

from __future__ import annotations

from typing import ClassVar

from .wire import Api, Kind, Props, enc, poll


class ResourceServer(Kind):
    token = "auth0:index/resourceServer:ResourceServer"
    replace_on = ("identifier",)
    # terraform-provider-auth0's resource_server schema: these are Optional + Computed (name and allowOfflineAccess
    # are Optional only).
    optional_computed = ("signingAlg", "tokenLifetime", "skipConsentForVerifiableFirstPartyClients")
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
        server_id = api.call("POST", "/resource-servers", body)["id"]
        return server_id, self.read(api, server_id, news) or {}

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        server = api.call("GET", f"/resource-servers/{enc(id_)}")
        return self.props(server) if server else None

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        body = {api: news[k] for k, api in self.fields.items() if k in news}  # the whole object, never identifier
        api.call("PATCH", f"/resource-servers/{enc(id_)}", body)
        return self.read(api, id_, news) or {}

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

    @staticmethod
    def wire(news: Props) -> list[Props]:
        return [
            {"value": s["name"], **({"description": s["description"]} if s.get("description") else {})}
            for s in news.get("scopes") or []
        ]

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        api.call("PATCH", f"/resource-servers/{enc(id_)}", {"scopes": self.wire(news)})
        return self.read(api, id_, news) or {}

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        identifier = news["resourceServerIdentifier"]
        server = api.call("GET", f"/resource-servers/{enc(identifier)}")
        if server is None:
            raise RuntimeError(f"resource server {identifier} does not exist")
        held = sorted(s["value"] for s in server.get("scopes") or [])
        if held and held != sorted(s["value"] for s in self.wire(news)):
            raise RuntimeError(f"resource server {identifier} already has other scopes: import them instead")
        return identifier, self.update(api, identifier, {}, news)

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        server = api.call("GET", f"/resource-servers/{enc(id_)}")
        return self.props(id_, server) if server else None

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        api.call("PATCH", f"/resource-servers/{enc(id_)}", {"scopes": []}, missing_ok=True)


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
        """With `deploy`: wait for the build, deploy, wait until that version is live; then the provider's read."""
        path = f"/actions/actions/{id_}"
        if news.get("deploy"):
            poll(api, path, lambda a: a.get("status") == "built", f"action {id_}")
            api.call("POST", f"{path}/deploy")
            poll(
                api, path, lambda a: bool((a.get("deployed_version") or {}).get("deployed")), f"deploying action {id_}"
            )
        keep: Props = {
            k: news[k] for k in ("name", "code", "runtime", "deploy", "supportedTriggers", "secrets") if k in news
        }
        return self.read(api, id_, keep) or {}

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
        if olds.get("secrets") != news.get("secrets"):
            # The provider refuses to drop a secret someone added outside it ("Unmanaged Action Secret").
            held = {s["name"] for s in (api.call("GET", f"/actions/actions/{id_}") or {}).get("secrets") or []}
            declared = {s["name"] for s in olds.get("secrets") or []} | {s["name"] for s in news.get("secrets") or []}
            if held - declared:
                raise RuntimeError(f"action {id_}: unmanaged Action secrets {sorted(held - declared)}")
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
            # The Go SDK's List.HasNext(): Next != "" || Total > Start+Limit, absent fields being zero.
            more = reply.get("next") or reply.get("total", 0) > reply.get("start", 0) + reply.get("limit", 0)
            if not more:
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


class TriggerAction(Kind):
    """One binding in a trigger's list (id `trigger::action_id`): read the first page, change one entry, PATCH all."""

    token = "auth0:index/triggerAction:TriggerAction"
    replace_on = ("trigger", "actionId")

    @staticmethod
    def bindings(api: Api, trigger: str) -> list[Props]:
        reply = api.call("GET", f"/actions/triggers/{trigger}/bindings?per_page=50") or {}
        return list(reply.get("bindings") or [])

    @staticmethod
    def put(api: Api, trigger: str, entries: list[Props]) -> None:
        refs = [
            {"ref": {"type": "action_id", "value": b["action"]["id"]}, "display_name": b["display_name"]}
            for b in entries
        ]
        api.call("PATCH", f"/actions/triggers/{trigger}/bindings", {"bindings": refs})

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        trigger, action_id = news["trigger"], news["actionId"]
        current = [b for b in self.bindings(api, trigger) if b["action"]["id"] != action_id]
        mine = {"action": {"id": action_id}, "display_name": news.get("displayName") or action_id}
        self.put(api, trigger, [*current, mine])
        return f"{trigger}::{action_id}", self.read(api, f"{trigger}::{action_id}", news) or {}

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        trigger, _, action_id = id_.partition("::")
        for binding in self.bindings(api, trigger):
            if binding["action"]["id"] == action_id:
                return {"trigger": trigger, "actionId": action_id, "displayName": binding["display_name"]}
        return None

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        trigger, _, action_id = id_.partition("::")
        entries = [
            {**b, "display_name": news.get("displayName") or b["display_name"]} if b["action"]["id"] == action_id else b
            for b in self.bindings(api, trigger)
        ]
        self.put(api, trigger, entries)
        return self.read(api, id_, news) or {}

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        trigger, _, action_id = id_.partition("::")
        current = self.bindings(api, trigger)
        if any(b["action"]["id"] == action_id for b in current):
            self.put(api, trigger, [b for b in current if b["action"]["id"] != action_id])
