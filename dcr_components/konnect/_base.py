"""What the Konnect dynamic providers share: configure(), check(), diff, create/reclaim/adopt, read, update, delete."""

from __future__ import annotations

import contextlib
import sys
import weakref
from collections.abc import Mapping
from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)
from pydantic import BaseModel, ValidationError

from . import adoption, ownership, reporting
from .client import KonnectClient, KonnectSettings
from .errors import ConflictError, KonnectError, NotFoundError, OwnershipError
from .props import (
    CREATE_ONLY,
    DECLARED,
    INTERNAL_KEYS,
    LIFECYCLE,
    OWNERSHIP,
    SERVER_FIELDS,
    fill_unknowns,
    outputs,
    patch_steps,
    unknown_paths,
)
from .registrations import Kind
from .retirement import retire
from .validation import OWNER_LABEL, describe_errors

__all__ = ["KonnectResourceProvider", "lifecycle"]

# Clients live beside the provider objects, never on them: the provider is pickled into state,
# and a client holds the token.
_CLIENTS: weakref.WeakKeyDictionary[ResourceProvider, KonnectClient] = weakref.WeakKeyDictionary()


def lifecycle(props: Mapping[str, Any]) -> dict[str, bool]:
    """The lifecycle inputs (see props.LIFECYCLE) a resource declared, as outputs keep them."""
    return {k: bool(props[k]) for k in LIFECYCLE if k in props}


class KonnectResourceProvider(ResourceProvider):
    """Base for Konnect dynamic providers. Subclasses set the props model, the API collection and the kind field."""

    # The pickled provider holds no credential (they are read in configure()), so it is stored as a plain value:
    # as a secret it was encrypted twice per resource (inputs and outputs) into every checkpoint the engine writes
    # after each step, which made a create cost more than the auth0 plugin's. Still a secret if it ever captured one.
    serialize_as_secret_always = False
    props_model: ClassVar[type[BaseModel]]
    collection: ClassVar[str]
    kind: ClassVar[str]
    kind_field: ClassVar[str | None] = None  # the immutable type field, when the object has one
    replace_on: ClassVar[frozenset[str]]
    # Fields Konnect fills in when they are not declared: compared only when declared.
    defaulted: ClassVar[frozenset[str]] = frozenset()
    secret_fields: ClassVar[tuple[str, ...]] = ()
    # What deleting one of these objects can take from developers (see registrations.py); None: nothing.
    loss_kind: ClassVar[Kind | None] = None

    def configure(self, req: ConfigureRequest) -> None:
        reporting.install()
        _CLIENTS[self] = KonnectClient(KonnectSettings.resolve(req.config.get))

    def connect(self, client: KonnectClient) -> None:
        """Use this client instead of one built from settings (another transport, a test double)."""
        _CLIENTS[self] = client

    @property
    def client(self) -> KonnectClient:
        client = _CLIENTS.get(self)
        if client is None:
            # Engines older than 3.139 never call configure(); env vars are then the only source.
            reporting.install()
            client = _CLIENTS[self] = KonnectClient(KonnectSettings.resolve(lambda _key: None))
        return client

    def parse(self, props: Mapping[str, Any]) -> Any:
        skip = {*INTERNAL_KEYS, *SERVER_FIELDS, *LIFECYCLE, OWNERSHIP}
        return self.props_model.model_validate({k: v for k, v in props.items() if k not in skip})

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        unknown = unknown_paths(news)
        try:
            self.parse(fill_unknowns(news, None))
        except ValidationError as exc:
            # A rule on a value that is not known yet is checked again once it is (at update time). The field
            # goes into the reason, not into CheckFailure.property: the engine prints the value of a named
            # property next to the failure, and that value may be a secret.
            failures = [
                CheckFailure("", f"{path}: {reason}")
                for path, reason in describe_errors(exc)
                if not any(path == u or path.startswith(f"{u}.") for u in unknown)
            ]
            return CheckResult(news, failures)
        adopt_id = news.get("adopt_id")
        if isinstance(adopt_id, str) and adopt_id and not olds:
            # A new resource adopting an object: the engine can only show it as a create, so say here, before any
            # write, which object it takes over and what the first `up` will change in it.
            try:
                print(f"info: {adoption.announce(self, adopt_id, news)}", file=sys.stderr, flush=True)
            except OwnershipError as exc:
                return CheckResult(news, [CheckFailure("", str(exc))])
            except KonnectError:
                pass  # unreachable now: create() says what Konnect says
        return CheckResult(news, [])

    def observable(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """The normalised, comparable view of declared inputs: every input rule applies."""
        model = self.parse(props)
        return dict(model.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=set(CREATE_ONLY)))

    def observed(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """The comparable view of outputs, i.e. of what Konnect holds: already normalised by props_from_api or by
        create/update, and never held to the input rules (someone may have set 50 labels by hand)."""
        fields = self.props_model.model_fields
        return {k: v for k, v in props.items() if k in fields and k not in CREATE_ONLY and v is not None}

    def declared(self, spec: BaseModel) -> dict[str, Any]:
        """Everything the user declared, create-only inputs included (what create() returns as outputs)."""
        return dict(spec.model_dump(mode="json", by_alias=True, exclude_none=True))

    def changed(self, old_view: Mapping[str, Any], new_view: Mapping[str, Any]) -> list[str]:
        """Fields whose values differ; a field Konnect defaults counts only when the new side declares it."""
        keys = set(new_view) | {k for k in old_view if k not in self.defaulted}
        return sorted(k for k in keys if old_view.get(k) != new_view.get(k))

    def field_changes(self, olds: dict[str, Any], news: dict[str, Any]) -> list[str]:
        old_view = self.observed(olds)
        pending = {path.split(".", 1)[0] for path in unknown_paths(news)}
        new_view = self.observable(fill_unknowns(news, olds)) if pending else self.observable(news)
        steering = {k for k in LIFECYCLE if bool(olds.get(k)) != bool(news.get(k))}
        return sorted(set(self.changed(old_view, new_view)) | pending | steering)

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changes = self.field_changes(olds, news)
        replaces = [f for f in changes if f in self.replace_on]
        return DiffResult(
            changes=bool(changes),
            replaces=replaces,
            stables=list(SERVER_FIELDS),
            delete_before_replace=False,
        )

    # --- create: POST at most once, or reclaim, or adopt; the last two converge the same way -------------

    def create(self, props: dict[str, Any]) -> CreateResult:
        spec = self.parse(props)
        wanted = self.declared(spec)
        tag: str | None = getattr(spec, "owner_tag", None)
        adopt_id: str | None = getattr(spec, "adopt_id", None)
        if adopt_id:
            claim = ownership.new_claim() if tag else ""
            how: ownership.Obtained = "adopted"
            body = self.adopt(adopt_id, wanted, tag, claim)
        elif tag:
            claimed = ownership.create_once(
                self.client,
                self.collection,
                self.create_body(spec),
                tag,
                converge=lambda found, claim: self.converge(found, wanted, tag, claim),
                discard=self.discard,
            )
            body, claim, how = claimed.body, claimed.claim, claimed.how
        else:  # no tag (a caller that bypasses the resource classes): a plain POST
            body = self.client.request("POST", self.collection, json=self.create_body(spec)) or {}
            claim, how = "", "created"
        if how != "created":
            print(f"info: {how} {self.kind} {body.get('id')} and converged it to the declaration", file=sys.stderr)
        record = {OWNERSHIP: {"claim": claim, "obtained": how}} if claim or how == "adopted" else {}
        declared = {DECLARED: sorted(self.observed(wanted))}
        steering = lifecycle(props)
        return CreateResult(str(body["id"]), self.outputs({**wanted, **record, **declared, **steering}, body))

    def create_body(self, spec: Any) -> dict[str, Any]:
        return dict(spec.create_body())

    def adopt(self, id_: str, wanted: dict[str, Any], tag: str | None, claim: str) -> dict[str, Any]:
        """Take over an existing object by id: refuse another deployment's, then converge it."""
        return self.converge(adoption.adoptable(self, id_, wanted, tag), wanted, tag, claim)

    def converge_patch(self, current: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
        """The PATCH that turns `current` (a Konnect body) into the declaration: every difference, write-only
        secrets always (Konnect never shows them, so they cannot be compared)."""
        # What the declaration holds tells the reader which optional fields to compare (a portal's display name, a
        # strategy's extra OIDC keys); write-only secrets are then forced into the PATCH by patch_body.
        seen = self.observed(self.props_from_api(current, dict(wanted)))
        news = self.observable(wanted)
        patch = self.patch_body(seen, news, force_secrets=True)
        if news.get("display_name") and current.get("display_name") != news["display_name"]:
            patch["display_name"] = news["display_name"]  # live Konnect may omit it from responses
        return patch

    def converge(self, current: dict[str, Any], wanted: dict[str, Any], tag: str | None, claim: str) -> dict[str, Any]:
        """Reclaim and adopt end here: PATCH every difference from the declaration, write-only secrets always."""
        patch = self.converge_patch(current, wanted)
        if tag and claim:
            patch["labels"] = {**patch.get("labels", {}), OWNER_LABEL: ownership.label_value(tag, claim)}
        if not patch:
            return current
        return self.send_patch(f"{self.collection}/{current['id']}", patch) or current

    def discard(self, extra: dict[str, Any]) -> None:
        """A further copy carrying this resource's tag (left by more than one interrupted run)."""
        with contextlib.suppress(NotFoundError, ConflictError):
            self.client.request("DELETE", f"{self.collection}/{extra['id']}")

    # --- read, update, delete ----------------------------------------------------------------------------

    def props_from_api(self, body: dict[str, Any], previous: dict[str, Any]) -> dict[str, Any]:
        """Map a Konnect response to resource props, carrying forward what Konnect does not return."""
        raise NotImplementedError

    def patch_body(self, olds: dict[str, Any], news: dict[str, Any], force_secrets: bool = False) -> dict[str, Any]:
        """The PATCH that turns `olds` into `news` (both observable views); empty when nothing changed."""
        raise NotImplementedError

    def send_patch(self, path: str, patch: dict[str, Any]) -> Any:
        """PATCH `path`; in two steps when the labels' removals and additions together exceed Konnect's budget."""
        body = None
        for step in patch_steps(patch):
            body = self.client.request("PATCH", path, json=step)
        return body

    def carried(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """What stays in outputs across reads and updates: create-only and lifecycle inputs, the ownership record."""
        return {k: props[k] for k in (*CREATE_ONLY, *LIFECYCLE, OWNERSHIP) if props.get(k) is not None}

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        new_view = self.observable(news)
        patch = self.patch_body(self.observed(olds), new_view)
        body = self.send_patch(f"{self.collection}/{id_}", patch) if patch else olds
        kept = {**self.carried(olds), **{k: news[k] for k in CREATE_ONLY if news.get(k) is not None}}
        kept.update(lifecycle(news))
        return UpdateResult(self.outputs({**new_view, **kept, DECLARED: sorted(new_view)}, body or {}))

    def declared_keys(self, props: Mapping[str, Any]) -> set[str]:
        """The fields the program declared (see props.DECLARED); for state written before that record, what the
        outputs hold less what Konnect fills in."""
        recorded = props.get(DECLARED)
        if isinstance(recorded, list):
            return {str(k) for k in recorded}
        return {k for k in self.observed(props) if k not in self.defaulted}

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        body = self.fetch(id_)
        if body is None:
            return ReadResult(None, {})  # gone: refresh drops it from state
        declared = self.declared_keys(props)
        fields = self.props_model.model_fields
        current = {
            k: v
            for k, v in self.props_from_api(body, props).items()
            if k in declared or k in CREATE_ONLY or k not in fields
        }
        current.update(lifecycle(props))  # inputs Konnect never holds: as the program declared them
        # The claim is never read back from the label: a replacement that reclaimed this object must not hand
        # its claim to the predecessor it is about to outlive (see ownership.still_ours).
        record = {OWNERSHIP: props[OWNERSHIP]} if props.get(OWNERSHIP) else {}
        # Inputs are returned only when Konnect differs from what state holds: the engine then stores them, and
        # the next diff shows the drift. Otherwise the recorded inputs stay as the program wrote them, so that a
        # refresh with nothing changed shows nothing changed.
        drifted = bool(self.changed(self.observed(props), self.observed(current)))
        outs = self.outputs({**current, **record, DECLARED: sorted(declared)}, body)
        return ReadResult(str(body["id"]), outs, inputs=current if drifted else None)

    def outputs(self, props: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
        """The resource's outputs: its props plus what Konnect assigns (subclasses add their own server fields)."""
        return outputs(props, body)

    def delete_path(self, id_: str, _props: Mapping[str, Any]) -> str:
        return f"{self.collection}/{id_}"

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        retire(self, id_, props)

    def in_use_hint(self) -> str:
        return "remove what references it first"

    def fetch(self, id_: str) -> dict[str, Any] | None:
        try:
            return self.client.get(f"{self.collection}/{id_}")
        except NotFoundError:
            return None
