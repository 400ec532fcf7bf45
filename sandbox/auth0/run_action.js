// Runs one Auth0 Action for the sandbox: reads {code, event} on stdin, calls onExecuteCredentialsExchange
// with a minimal `api`, and prints {"denied": reason|null, "claims": {...}} on stdout. A throw exits 1.
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", async () => {
  const { code, event } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  const module = { exports: {} };
  new Function("module", "exports", "require", code)(module, module.exports, require);
  let denied = null;
  const claims = {};
  const api = {
    access: { deny: (reason) => { denied = reason || "denied"; } },
    accessToken: { setCustomClaim: (name, value) => { claims[name] = value; } },
  };
  try {
    await module.exports.onExecuteCredentialsExchange(event, api);
  } catch (err) {
    process.stderr.write(`${err && err.message ? err.message : err}\n`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify({ denied, claims }));
});
