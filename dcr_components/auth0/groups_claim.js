/**
 * Auth0 Action, trigger post-login (v3): for the Konnect portal's sign-in app only, puts the user's groups
 * (app_metadata.groups) in an ID token claim, which the portal maps to its developer teams. The claim's name and
 * the app's client id come from Action secrets.
 */
exports.onExecutePostLogin = async (event, api) => {
  if (!event.client || event.client.client_id !== event.secrets.CLIENT_ID) {
    return;
  }
  const groups = (event.user.app_metadata && event.user.app_metadata.groups) || [];
  api.idToken.setCustomClaim(event.secrets.CLAIM, Array.isArray(groups) ? groups : [String(groups)]);
};
