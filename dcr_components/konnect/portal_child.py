"""What the Konnect resources of a portal's own objects share (pages, snippets, teams, their roles, identity providers
and group mappings): a collection under `/v3/portals/{portal_id}/…`, and no labels.

Without labels there is no ownership tag, so an object is known by its natural key within its portal (a page by its
slug and parent, a snippet or a team by its name, an identity provider by its type): before a POST the create looks
for the object with its key, and converges a found one instead (one PATCH of every difference), as a reclaim does.
A portal is one stack's: in a portal the stack made, a found object is one its own interrupted run left
(`reclaimed`); in a portal that existed before the stack (`portal_existed`), it is the team's (`adopted`), and
destroy leaves it there unless `delete_adopted`, as for any adopted object.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import pulumi
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult

from ._base import KonnectResourceProvider, lifecycle
from .deployment import refuse_import
from .errors import NotFoundError
from .props import DECLARED, OWNERSHIP, SERVER_FIELDS

__all__ = ["CHILD_INPUTS", "PortalChildProvider", "child_inputs", "first_match"]

# Inputs of portal children that steer the provider and are never sent to Konnect. `keep_found` (pages): an object
# found with the key is taken as it is, never converged (the default home page of a portal that already has one).
CHILD_INPUTS = ("portal_id", "portal_existed", "keep_found")


def child_inputs(
    resource_class: type[Resource], resource_name: str, opts: pulumi.ResourceOptions | None, **inputs: Any
) -> dict[str, Any]:
    """A portal child's inputs, with the slots of what Konnect assigns; `import_` refused (see deployment.py)."""
    refuse_import(resource_class, resource_name, opts)
    return {**inputs, **{k: None for k in SERVER_FIELDS if k != "id"}}


def first_match(items: Iterable[Mapping[str, Any]], wanted: Mapping[str, Any]) -> dict[str, Any] | None:
    """The first item holding every wanted value."""
    return next((dict(i) for i in items if all(i.get(k) == v for k, v in wanted.items())), None)


class PortalChildProvider(KonnectResourceProvider):
    """Base of the providers of a portal's own objects. Subclasses set `child` (the collection's last segment),
    `natural_key`, the props model with `portal_id`, and `body`/`patch_body`."""

    child: ClassVar[str]
    natural_key: ClassVar[tuple[str, ...]]
    collection = ""
    patchable: ClassVar[bool] = True  # False: Konnect has no PATCH for it (every change replaces)

    def path(self, portal_id: str, id_: str | None = None) -> str:
        return f"/v3/portals/{portal_id}/{self.child}" + (f"/{id_}" if id_ else "")

    def body(self, spec: Any) -> dict[str, Any]:
        """The create body: the declared fields, without what steers the provider."""
        return dict(spec.model_dump(mode="json", exclude_none=True, exclude={*CHILD_INPUTS, "adopt_id", "owner_tag"}))

    def listed(self, portal_id: str) -> list[dict[str, Any]]:
        return self.client.list_all(self.path(portal_id))

    def object_path(self, props: Mapping[str, Any], id_: str) -> str:
        """Where the object of this state is (children of a team or an IdP say so)."""
        return self.path(str(props.get("portal_id")), id_)

    def find(self, portal_id: str, wanted: Mapping[str, Any]) -> dict[str, Any] | None:
        return first_match(self.listed(portal_id), {k: wanted.get(k) for k in self.natural_key})

    @staticmethod
    def obtained(props: Mapping[str, Any], found: bool) -> str:
        """How the object came to this state: made, or found in a portal that existed before the stack (or taken as
        it is with `keep_found`), or found in the stack's own portal (left by an interrupted run)."""
        if not found:
            return "created"
        return "adopted" if props.get("portal_existed") or props.get("keep_found") else "reclaimed"

    @staticmethod
    def carried(previous: Mapping[str, Any], *extra: str) -> dict[str, Any]:
        """What the state keeps from its inputs when reading the object back: the steering inputs (and `extra`)."""
        return {k: previous[k] for k in (*CHILD_INPUTS, *extra) if k in previous}

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec = self.parse(props)
        wanted = self.declared(spec)
        portal_id = str(spec.portal_id)
        found = self.find(portal_id, self.body(spec))
        how = self.obtained(props, found is not None)
        if found is None:
            body = self.client.request("POST", self.path(portal_id), json=self.body(spec)) or {}
        else:
            kept = bool(props.get("keep_found"))
            # A listing leaves fields out (a page's or a snippet's Markdown): converge against the whole object.
            found = self.fetch_child(portal_id, str(found["id"])) or found
            patch = self.converge_patch(found, wanted) if self.patchable and not kept else {}
            body = (self.send_patch(self.path(portal_id, found["id"]), patch) if patch else None) or found
            print(f"info: {how} {self.kind} {found.get('id')} of portal {portal_id}", file=sys.stderr)
        record = {OWNERSHIP: {"claim": "", "obtained": how}, DECLARED: sorted(self.observed(wanted))}
        return CreateResult(str(body["id"]), self.outputs({**wanted, **record, **lifecycle(props)}, body))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        portal_id = str(props.get("portal_id"))
        body = self.fetch_child(portal_id, id_)
        if body is None:
            return ReadResult(None, {})
        declared, fields = self.declared_keys(props), self.props_model.model_fields
        # Only what the program declared is compared: what Konnect fills in by itself is not drift.
        current = {k: v for k, v in self.props_from_api(body, props).items() if k in declared or k not in fields}
        drifted = bool(self.changed(self.observed(props), self.observed(current)))
        kept = {k: props[k] for k in (*CHILD_INPUTS, OWNERSHIP, DECLARED) if k in props}
        outs = self.outputs({**current, **kept, **lifecycle(props)}, body)
        return ReadResult(id_, outs, inputs={**current, **lifecycle(props)} if drifted else None)

    def fetch_child(self, portal_id: str, id_: str) -> dict[str, Any] | None:
        try:
            return self.client.get(self.path(portal_id, id_))
        except NotFoundError:
            return None

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        new_view = self.observable(news)
        patch = self.patch_body(self.observed(olds), new_view)
        portal_id = str(news["portal_id"])
        body = (self.send_patch(self.path(portal_id, id_), patch) if patch else None) or olds
        kept = {k: olds[k] for k in (OWNERSHIP,) if k in olds}
        outs = {**new_view, **kept, **{k: news[k] for k in CHILD_INPUTS if k in news}, DECLARED: sorted(new_view)}
        return UpdateResult(self.outputs({**outs, **lifecycle(news)}, body))

    def keeps(self, id_: str, props: Mapping[str, Any]) -> bool:
        """An adopted object stays on delete (unless `delete_adopted`): it existed before this stack."""
        if (props.get(OWNERSHIP) or {}).get("obtained") == "adopted" and not props.get("delete_adopted"):
            print(f"info: kept {self.kind} {id_}: it existed before this stack (adopted)", file=sys.stderr)
            return True
        return False

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if self.keeps(id_, props):
            return
        try:
            self.client.request("DELETE", self.object_path(props, id_))
        except NotFoundError:
            return

    def outputs(self, props: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
        return {**props, **{k: body.get(k) for k in SERVER_FIELDS if k in body}}
