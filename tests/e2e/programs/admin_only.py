"""e2e program: the Auth0 half of a DCR setup alone (a team that keeps Konnect in another stack): the library's
AdminApp component and nothing else.

config  auth0:domain, auth0:apiToken (secret); dcr-e2e:developerScopes  true | false
"""

import pulumi

from dcr_components.auth0 import AdminApp, AdminAppArgs

domain = pulumi.Config("auth0").require("domain")
admin = AdminApp(
    "admin",
    AdminAppArgs(
        management_audience=f"https://{domain}/api/v2/",
        name="DCR admin (Auth0 half)",
        developer_managed_scopes=pulumi.Config().get_bool("developerScopes") or False,
    ),
)
pulumi.export("admin_client_id", admin.client_id)
