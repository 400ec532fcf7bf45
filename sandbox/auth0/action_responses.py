"""Auth0 emulator handlers for Actions, their versions and trigger bindings."""

from __future__ import annotations

from typing import Any

from ..web import Request, Response
from . import shapes
from .models import TRIGGERS, Auth0Backend, action_view
from .paging import numbered
from .responses import body_of

__all__ = ["ActionResponses"]


class ActionResponses:
    def __init__(self, backend: Auth0Backend) -> None:
        self.store = backend.actions

    def list_actions(self, req: Request) -> Response:
        trigger, name, deployed = (
            req.arg("triggerId") or req.arg("trigger_id"),
            req.arg("actionName"),
            req.arg("deployed"),
        )
        items: list[dict[str, Any]] = [
            action_view(a)
            for a in self.store.actions.values()
            if (trigger is None or any(t["id"] == trigger for t in a["supported_triggers"]))
            and (name is None or a["name"] == name)
            and (deployed is None or (deployed == "true") == bool(self.store.deployed(a["id"])))
        ]
        return numbered(req, items, "actions")

    def create_action(self, req: Request) -> Response:
        return Response(201, action_view(self.store.create(body_of(req))))

    def get_action(self, req: Request) -> Response:
        return Response(200, action_view(self.store.read(req.params["id"])))

    def update_action(self, req: Request) -> Response:
        return Response(200, action_view(self.store.update(req.params["id"], body_of(req))))

    def delete_action(self, req: Request) -> Response:
        self.store.delete(req.params["id"], force=(req.arg("force") or "false") == "true")
        return Response(204)

    def deploy_action(self, req: Request) -> Response:
        return Response(200, shapes.public(self.store.deploy(req.params["id"])))

    def list_versions(self, req: Request) -> Response:
        return numbered(req, self.store.versions(req.params["id"]), "versions")

    def get_version(self, req: Request) -> Response:
        return Response(200, self.store.version(req.params["id"], req.params["version"]))

    def list_triggers(self, _req: Request) -> Response:
        return Response(200, {"triggers": [dict(t) for t in TRIGGERS]})

    def list_bindings(self, req: Request) -> Response:
        return numbered(req, self.store.bindings.get(req.params["trigger"], []), "bindings")

    def replace_bindings(self, req: Request) -> Response:
        entries = body_of(req).get("bindings")
        return Response(200, {"bindings": self.store.replace_bindings(req.params["trigger"], entries)})
