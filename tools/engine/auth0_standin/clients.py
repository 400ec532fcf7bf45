"""pulumi-auth0 Client, ClientGrant and ClientCredentials, as the bridged provider drives them."""

from __future__ import annotations

from typing import ClassVar

from .wire import Api, Kind, Props, enc


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
