"""The rest of a portal the stack makes (or adopted), beside its APIs: its pages, look and custom domain
(`PortalSite`), and its sign-in with the Auth0 tenant and its teams (`PortalAccess`)."""

from __future__ import annotations

from typing import Any

import pulumi

from . import declared
from .config import EnvironmentConfig
from .dev_portal import DevPortal, PublishedApi
from .portal_access import PortalAccess, PortalAccessArgs
from .portal_site import PortalSite, PortalSiteArgs

__all__ = ["whole_portal"]


def whole_portal(
    parent: pulumi.Resource,
    name: str,
    env: EnvironmentConfig,
    portal: DevPortal | None,
    published: dict[str, PublishedApi],
    texts: dict[str, str],
) -> pulumi.Output[Any]:
    """Registers the portal's site and access under `parent`; the custom domain's DNS record and state (or None)."""
    config = env.portal
    if portal is None or config is None or config.name is None:
        return pulumi.Output.from_input(None)
    portal_id = declared.portal_args(env).known_id or portal.portal_id
    existed = env.existing.portal_id is not None
    site = PortalSite(
        f"{name}-portal-site",
        PortalSiteArgs(
            portal_id=portal_id,
            pages=config.page_list(existed),
            snippets=list(config.snippets),
            customization=config.customization,
            custom_domain=config.custom_domain,
            texts=texts,
            portal_existed=existed,
            default_home=config.pages is None and not existed,
        ),
        opts=pulumi.ResourceOptions(parent=parent, depends_on=[portal]),
    )
    if config.sign_in is not None or config.teams:
        api_ids = {
            entry.resource_key: env.existing.api_ids.get(entry.resource_key) or published[entry.name].api_id
            for entry in env.apis
        }
        PortalAccess(
            f"{name}-portal-access",
            PortalAccessArgs(
                portal_id=portal_id,
                portal_url=portal.portal_url,
                # What the tenant writes in its ID tokens' `iss`: the issuer with Auth0's trailing slash.
                issuer=f"{env.issuer}/",
                sign_in=config.sign_in,
                app_name=f"Konnect Dev Portal sign-in ({name})",
                custom_hostname=config.custom_domain.hostname if config.custom_domain else None,
                teams=list(config.teams),
                api_ids=api_ids,
                portal_existed=existed,
            ),
            opts=pulumi.ResourceOptions(parent=parent, depends_on=[portal, *published.values()]),
        )
    if config.custom_domain is None:
        return pulumi.Output.from_input(None)
    return pulumi.Output.all(site.dns_record, site.domain_status).apply(
        lambda parts: {"dns_record": parts[0], "verification_status": parts[1]}
    )
