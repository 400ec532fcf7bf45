"""Optional Action on credentials-exchange that renames DCR-created apps from their `konnect_*` metadata."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

import pulumi
import pulumi_auth0 as auth0

from .existing import existing_options

__all__ = ["ACTION_CODE", "RenameAction", "RenameActionArgs"]

ACTION_CODE = files(__package__).joinpath("rename_action.js").read_text()
TRIGGER = "credentials-exchange"


@dataclass(frozen=True, kw_only=True)
class RenameActionArgs:
    issuer: pulumi.Input[str]
    """Where the Action gets its token: `https://<tenant domain>`."""
    management_audience: pulumi.Input[str]
    admin_client_id: pulumi.Input[str]
    admin_client_secret: pulumi.Input[str]
    name: pulumi.Input[str] = "Konnect DCR app names"
    """Action names are unique per tenant: give each environment its own (DcrEnvironment adds its name)."""
    runtime: pulumi.Input[str] = "node22"
    existing_id: str | None = None
    """Import this existing Action and its credentials-exchange binding instead of creating them."""
    keep_existing: bool = True
    """An imported Action and binding stay in Auth0 when the stack is destroyed (Pulumi's retain_on_delete)."""


class RenameAction(pulumi.ComponentResource):
    """`Action` (deployed, constants as Action secrets, never in the code) bound by its own `TriggerAction`.

    The binding is one entry in the trigger's list, not the whole list (`TriggerActions` owns the list and would
    remove every other environment's Action on the same tenant).
    """

    action_id: pulumi.Output[str]
    binding_id: pulumi.Output[str]

    def __init__(self, name: str, args: RenameActionArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__("dcr:index:RenameAction", name, {}, opts)
        secrets = {
            "ISSUER": args.issuer,
            "AUDIENCE": args.management_audience,
            "CLIENT_ID": args.admin_client_id,
            "CLIENT_SECRET": args.admin_client_secret,
        }
        action = auth0.Action(
            f"{name}-action",
            name=args.name,
            code=ACTION_CODE,
            runtime=args.runtime,
            deploy=True,
            supported_triggers=auth0.ActionSupportedTriggersArgs(id=TRIGGER, version="v2"),
            secrets=[auth0.ActionSecretArgs(name=k, value=pulumi.Output.secret(v)) for k, v in secrets.items()],
            opts=existing_options(self, args.existing_id, args.keep_existing),
        )
        # A binding's import id is `<trigger>::<action id>`.
        binding_id = f"{TRIGGER}::{args.existing_id}" if args.existing_id else None
        binding = auth0.TriggerAction(
            f"{name}-trigger-binding",
            trigger=TRIGGER,
            action_id=action.id,
            display_name=action.name,
            opts=existing_options(self, binding_id, args.keep_existing),
        )
        self.action_id = action.id
        self.binding_id = binding.id
        self.register_outputs({"action_id": self.action_id, "binding_id": self.binding_id})
