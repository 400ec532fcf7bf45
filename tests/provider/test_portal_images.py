"""A portal's logo and favicon (KonnectPortalImage) against the Konnect emulator: one PUT of the data URL, none when
nothing changed, drift picked up by refresh, and delete putting back the image the portal had (Konnect cannot remove
one, so with none to put back it stays and nothing is sent)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from dcr_components.konnect.portal_assets import DATA_URL, PortalImageProvider
from tests.support.results import outs
from tests.support.sandbox import RunningSandbox

PNG = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n-first").decode()
OTHER = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n-second").decode()


def held(konnect: RunningSandbox, portal_id: str, kind: str) -> Any:
    return konnect.state()["assets"].get(f"{portal_id}/{kind}")


def test_a_logo_is_put_once_changed_only_when_its_image_does_and_kept_on_delete_when_the_portal_had_none(
    konnect: RunningSandbox, configured: Callable[[type[Any]], Any], portal: dict[str, Any]
) -> None:
    images: PortalImageProvider = configured(PortalImageProvider)
    inputs = {"portal_id": portal["id"], "kind": "logo", "data": PNG}
    made = images.create(dict(inputs))
    assert made.id == f"{portal['id']}/logo" and held(konnect, portal["id"], "logo") == PNG
    assert images.diff(made.id, outs(made), dict(inputs)).changes is False
    assert images.diff(made.id, outs(made), {**inputs, "kind": "favicon"}).replaces == ["kind"]
    konnect.clear_log()
    images.update(made.id, outs(made), dict(inputs))
    assert konnect.writes() == []
    changed = images.update(made.id, outs(made), {**inputs, "data": OTHER}).outs or {}
    assert konnect.writes() == [("PUT", f"/v3/portals/{portal['id']}/assets/logo")]
    # Changed in the console: refresh sees it, and the next up puts the declared one back.
    konnect.api("PUT", f"/v3/portals/{portal['id']}/assets/logo", {"data": PNG}).raise_for_status()
    assert (images.read(made.id, changed).inputs or {})["data"] == PNG
    konnect.clear_log()
    images.delete(made.id, changed)
    assert konnect.writes() == [] and held(konnect, portal["id"], "logo") == PNG


def test_a_favicon_the_portal_had_is_put_back_on_delete_and_a_bad_data_url_is_refused_before_any_call(
    konnect: RunningSandbox, configured: Callable[[type[Any]], Any], portal: dict[str, Any]
) -> None:
    konnect.api("PUT", f"/v3/portals/{portal['id']}/assets/favicon", {"data": PNG}).raise_for_status()
    images: PortalImageProvider = configured(PortalImageProvider)
    made = images.create({"portal_id": portal["id"], "kind": "favicon", "data": OTHER})
    assert held(konnect, portal["id"], "favicon") == OTHER
    images.delete(made.id, outs(made))
    assert held(konnect, portal["id"], "favicon") == PNG
    konnect.clear_log()
    checked = images.check({}, {"portal_id": portal["id"], "kind": "favicon", "data": "https://example.com/x.png"})
    assert [f.reason for f in checked.failures] == ["data: String should match pattern '" + DATA_URL + "'"]
    assert konnect.requests() == []
