"""How an Auth0 component takes an object that existed before the stack: Pulumi's `import_` (the engine reads it and
shows `= import`; the declaration must equal what it read, so that nothing changes), and `retain_on_delete`, so that a
`destroy` (shown as `delete[retain]`) or a replacement leaves it in the tenant, as Pulumi's own `pulumi import` does
with `protect`. `keep=False` (stack config `existing.deleteOnDestroy`) lets destroy delete it."""

from __future__ import annotations

import pulumi

__all__ = ["existing_options"]


def existing_options(parent: pulumi.Resource, import_id: str | None, keep: bool) -> pulumi.ResourceOptions:
    """A child's options: imported by `import_id` when there is one, and then kept by destroy unless `keep` is off."""
    if import_id is None:
        return pulumi.ResourceOptions(parent=parent)
    return pulumi.ResourceOptions(parent=parent, import_=import_id, retain_on_delete=keep)
