/**
 * Auth0 Action, trigger credentials-exchange (v2): gives applications created by Konnect DCR a readable name,
 * <konnect_portal_id>+<konnect_developer_id>+<konnect_application_id>, taken from their client metadata.
 * Every other client (the admin app included) returns early. Constants come from Action secrets.
 */
exports.onExecuteCredentialsExchange = async (event, api) => {
  const metadata = (event.client && event.client.metadata) || {};
  const portal = metadata.konnect_portal_id;
  if (!portal) {
    return;
  }
  const wanted = `${portal}+${metadata.konnect_developer_id}+${metadata.konnect_application_id}`;
  if (event.client.name === wanted) {
    return;
  }
  const { ISSUER, CLIENT_ID, CLIENT_SECRET, AUDIENCE } = event.secrets;
  const token = await fetch(`${ISSUER}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ grant_type: "client_credentials", client_id: CLIENT_ID, client_secret: CLIENT_SECRET, audience: AUDIENCE }),
  });
  if (!token.ok) {
    throw new Error(`admin token request failed with status ${token.status}`);
  }
  const { access_token: accessToken } = await token.json();
  const renamed = await fetch(`${AUDIENCE}clients/${encodeURIComponent(event.client.client_id)}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: wanted }),
  });
  if (!renamed.ok) {
    throw new Error(`renaming client ${event.client.client_id} failed with status ${renamed.status}`);
  }
};
