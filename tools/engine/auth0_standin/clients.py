"""pulumi-auth0 Client, ClientGrant and ClientCredentials, making the bridged provider's calls in its order: every
create and update ends with the read the provider does, a grant that already exists is adopted, and a credentials
delete checks the client and its credentials before handing back the default auth method."""

from __future__ import annotations

from typing import ClassVar

from .wire import Api, Kind, Props, enc

# The app types for which the provider sends `client_secret_post` (others get `none` or `client_secret_basic`).
SECRET_POST_TYPES = ("non_interactive", "regular_web")


class Client(Kind):
    token = "auth0:index/client:Client"
    computed = ("clientId",)
    fields: ClassVar[dict[str, str]] = {
        "name": "name",
        "description": "description",
        "appType": "app_type",
        "grantTypes": "grant_types",
        "clientMetadata": "client_metadata",
        "callbacks": "callbacks",
        "allowedLogoutUrls": "allowed_logout_urls",
        "oidcConformant": "oidc_conformant",
    }

    def body(self, news: Props) -> Props:
        return {api: news[k] for k, api in self.fields.items() if k in news}

    def props(self, client: Props) -> Props:
        return {
            **{k: client.get(api) for k, api in self.fields.items() if client.get(api) not in (None, {})},
            "clientId": client["client_id"],
        }

    def create(self, api: Api, news: Props) -> tuple[str, Props]:
        body = self.body(news)
        if body.get("app_type") in SECRET_POST_TYPES:
            body["token_endpoint_auth_method"] = "client_secret_post"
        client_id = api.call("POST", "/clients", body)["client_id"]
        return client_id, self.read(api, client_id, news) or {}

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        client = api.call("GET", f"/clients/{enc(id_)}")
        return self.props(client) if client else None

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        body = self.body(news)
        # The provider sends the new metadata plus each removed key as null (Auth0 merges metadata).
        removed = {k: None for k in (olds.get("clientMetadata") or {}) if k not in (news.get("clientMetadata") or {})}
        if removed or "clientMetadata" in body:
            body["client_metadata"] = {**(news.get("clientMetadata") or {}), **removed}
        api.call("PATCH", f"/clients/{enc(id_)}", body)
        return self.read(api, id_, news) or {}

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
        existing = next(
            (g for g in found.get("client_grants") or [] if g.get("subject_type", "client") == "client"), None
        )
        if existing:  # the provider adopts the grant that is there (its scopes converge on the next update)
            grant_id = existing["id"]
        else:
            body = {"client_id": news["clientId"], "audience": news["audience"], "scope": news.get("scopes") or []}
            grant_id = api.call("POST", "/client-grants", body)["id"]
        return grant_id, self.read(api, grant_id, news) or {}

    def read(self, api: Api, id_: str, olds: Props) -> Props | None:
        grant = api.call("GET", f"/client-grants/{enc(id_)}")
        return self.props(grant) if grant else None

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        if olds.get("scopes") != news.get("scopes"):  # only changed fields, and no call when nothing changed
            api.call("PATCH", f"/client-grants/{enc(id_)}", {"scope": news.get("scopes") or []})
        return self.read(api, id_, news) or {}

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
        if news.get("authenticationMethod"):
            api.call("PATCH", f"/clients/{enc(cid)}", {"token_endpoint_auth_method": news["authenticationMethod"]})
        return cid, self.read(api, cid, news) or {}

    def update(self, api: Api, id_: str, olds: Props, news: Props) -> Props:
        if news.get("authenticationMethod") and olds.get("authenticationMethod") != news["authenticationMethod"]:
            api.call("PATCH", f"/clients/{enc(id_)}", {"token_endpoint_auth_method": news["authenticationMethod"]})
        return self.read(api, id_, news) or {}

    def delete(self, api: Api, id_: str, olds: Props) -> None:
        client = api.call("GET", f"/clients/{enc(id_)}?fields=client_id%2Capp_type&include_fields=true")
        if client is None:
            return
        credentials = api.call("GET", f"/clients/{enc(id_)}/credentials?include_totals=true&per_page=50") or []
        if not credentials:  # hand back the default auth method for the app type
            method = "client_secret_post" if client.get("app_type") in SECRET_POST_TYPES else "client_secret_basic"
            api.call("PATCH", f"/clients/{enc(id_)}", {"token_endpoint_auth_method": method})
