"""The program process's half of ownership (see ownership.py): the deployment id kept in the stack's own state,
and the tag each Konnect resource computes from it, its URN and its kind, before anything reaches Konnect."""

from __future__ import annotations

import hashlib
import uuid
import weakref
from collections.abc import Awaitable
from typing import Any, cast

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, Resource, ResourceProvider

from .props import SERVER_FIELDS

__all__ = [
    "DEPLOYMENT_RESOURCE_NAME",
    "TAG_LENGTH",
    "KonnectDeployment",
    "deployment_id",
    "owned_inputs",
    "owner_tag",
    "refuse_import",
    "resource_owner_tag",
    "type_token",
]

TAG_LENGTH = 40


def owner_tag(deployment: str, urn: str, kind: str) -> str:
    """The resource's identity on the wire: a valid Konnect label value, hex only."""
    return hashlib.sha256(f"{deployment}\n{urn}\n{kind}".encode()).hexdigest()[:TAG_LENGTH]


def type_token(resource_class: type[Resource]) -> str:
    """A dynamic resource class's type token, from its `module=`/`name=` class keywords only (what the SDK registers
    it under): renaming the class never changes it, and so never changes an owner tag."""
    return f"pulumi-python:{cast(Any, resource_class)._resource_type_name}"


class _DeploymentProvider(ResourceProvider):
    """Makes a random id once and keeps it: the identity of this deployment's state. Never calls any API."""

    serialize_as_secret_always = False  # holds nothing secret (see KonnectResourceProvider)

    def create(self, props: dict[str, Any]) -> CreateResult:
        value = uuid.uuid4().hex
        return CreateResult(value, {"deployment_id": value})

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, {"deployment_id": props.get("deployment_id") or id_})

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return DiffResult(changes=False)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class KonnectDeployment(Resource, module="konnect", name="Deployment"):
    """One per stack state: the random deployment id every Konnect ownership tag is derived from."""

    deployment_id: pulumi.Output[str]

    def __init__(self, resource_name: str, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(_DeploymentProvider(), resource_name, {"deployment_id": None}, opts)


DEPLOYMENT_RESOURCE_NAME = "konnect-deployment"
# One deployment resource per program run, keyed by the run's root stack resource (tests run several programs).
_DEPLOYMENTS: weakref.WeakKeyDictionary[pulumi.Resource, KonnectDeployment] = weakref.WeakKeyDictionary()


def deployment_id() -> pulumi.Output[str]:
    """The deployment id of the program being run, registering its resource on first use."""
    root = pulumi.runtime.get_root_resource()
    if root is None:
        return KonnectDeployment(DEPLOYMENT_RESOURCE_NAME).deployment_id
    if root not in _DEPLOYMENTS:
        _DEPLOYMENTS[root] = KonnectDeployment(DEPLOYMENT_RESOURCE_NAME)
    return _DEPLOYMENTS[root].deployment_id


def resource_owner_tag(
    type_token: str, resource_name: str, kind: pulumi.Input[str], opts: pulumi.ResourceOptions | None
) -> pulumi.Output[str]:
    """The tag of the resource being constructed: its deployment, its URN and its kind."""
    parent = opts.parent if opts else None
    # The parent's URN as a plain value, not as a dependency: an input that depends on a component would wait
    # for all of the component's children, this resource among them.
    parent_urn: pulumi.Output[str] | None = None
    if parent is not None:
        parent_urn = pulumi.Output.from_input(cast(Awaitable[str], parent.urn.future()))
    urn = pulumi.resource.create_urn(resource_name, type_token, parent=parent_urn)
    return pulumi.Output.all(deployment_id(), urn, kind).apply(lambda parts: owner_tag(*parts))


def refuse_import(resource_class: type[Resource], resource_name: str, opts: pulumi.ResourceOptions | None) -> None:
    """Pulumi's `import_` cannot work on a dynamic resource (the engine has no provider to read it with before state
    holds one, and ended in a raw `KeyError: '__provider'`): say what does, in one line, before anything registers."""
    if opts is not None and opts.import_:
        raise pulumi.RunError(
            f"{resource_name}: import_ does not work on a Konnect resource ({type_token(resource_class)}); "
            f"to bring the existing object {opts.import_} under this stack, pass adopt_id={opts.import_!r} instead "
            "(it is read, checked and converged to the declaration, never re-created; kept by destroy), or let "
            "`python -m dcr_components codify` write the ids of a whole setup into the stack config"
        )


def owned_inputs(
    resource_class: type[Resource],
    resource_name: str,
    kind: pulumi.Input[str],
    opts: pulumi.ResourceOptions | None,
    *,
    adopt_id: str | None,
    labels: pulumi.Input[dict[str, str]] | None,
    outputs: tuple[str, ...] = (),
    delete_adopted: bool = False,
    allow_registration_loss: bool = False,
) -> dict[str, Any]:
    """The inputs every Konnect resource we own carries: its labels, the object to adopt, its owner tag, how it may
    be deleted (props.LIFECYCLE), and an empty slot per output Konnect assigns (`SERVER_FIELDS` and the class's own
    `outputs`)."""
    refuse_import(resource_class, resource_name, opts)
    return {
        "labels": labels or {},
        "adopt_id": adopt_id,
        "owner_tag": resource_owner_tag(type_token(resource_class), resource_name, kind, opts),
        "delete_adopted": delete_adopted,
        "allow_registration_loss": allow_registration_loss,
        **{k: None for k in (*SERVER_FIELDS, *outputs) if k != "id"},
    }
