// Runs one Auth0 Action for the sandbox: reads {code, event, trigger} on stdin, calls the trigger's handler
// (onExecuteCredentialsExchange or onExecutePostLogin) with a minimal `api`, and prints
// {"denied": reason|null, "claims": {...}, "id_claims": {...}} on stdout. A throw exits 1.
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", async () => {
  const { code, event, trigger } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const module = { exports: {} };
  new Function("module", "exports", "require", code)(module, module.exports, require);
  let denied = null;
  const claims = {};
  const idClaims = {};
  const api = {
    access: { deny: (reason) => { denied = reason || "denied"; } },
    accessToken: { setCustomClaim: (name, value) => { claims[name] = value; } },
    idToken: { setCustomClaim: (name, value) => { idClaims[name] = value; } },
  };
  const handler = trigger === "post-login" ? "onExecutePostLogin" : "onExecuteCredentialsExchange";
  try {
    if (typeof module.exports[handler] === "function") {
      await module.exports[handler](event, api);
    }
  } catch (err) {
    process.stderr.write(`${err && err.message ? err.message : err}\n`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({ denied, claims, id_claims: idClaims }));
});
