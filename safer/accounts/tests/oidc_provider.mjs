// A real OpenID Connect provider for the tests: panva's `oidc-provider` (npm), started on a free
// port by the `oidc_provider` fixture (safer/accounts/tests/oidc_fixture.py).
//
//   node oidc_provider.mjs --redirect-uri URL --post-logout-uri URL
//
// It prints one line of JSON ({"issuer": ...}) when it is listening. One confidential client,
// PKCE (S256) required, and three accounts whose `groups` claim the site maps to roles:
//   pcso.one / pass-pcso      groups ["SNT-Malvern-PCSO"]      amr ["pwd", "mfa"]
//   sgt.two / pass-sergeant   groups ["SNT-Malvern-Sergeant"]  amr ["pwd", "mfa"]
//   no.groups / pass-none     groups ["Finance"]               amr ["pwd", "mfa"]
//   pwd.only / pass-pwd       groups ["SNT-Malvern-PCSO"]      amr ["pwd"] (no second factor)
// The login page is this script's own (a form with username and password), so the ID token
// carries the `amr` the account signed in with, as a force's provider would.
import http from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    'redirect-uri': { type: 'string' },
    'post-logout-uri': { type: 'string' },
    port: { type: 'string', default: '0' },
  },
});

const ACCOUNTS = {
  'pcso.one': {
    password: 'pass-pcso', amr: ['pwd', 'mfa'],
    claims: { email: 'pcso.one@force.example', given_name: 'Pat', family_name: 'One', groups: ['SNT-Malvern-PCSO'] },
  },
  'sgt.two': {
    password: 'pass-sergeant', amr: ['pwd', 'mfa'],
    claims: { email: 'sgt.two@force.example', given_name: 'Sam', family_name: 'Two', groups: ['SNT-Malvern-Sergeant'] },
  },
  'no.groups': {
    password: 'pass-none', amr: ['pwd', 'mfa'],
    claims: { email: 'no.groups@force.example', given_name: 'Nia', family_name: 'Groups', groups: ['Finance'] },
  },
  'pwd.only': {
    password: 'pass-pwd', amr: ['pwd'],
    claims: { email: 'pwd.only@force.example', given_name: 'Pip', family_name: 'Only', groups: ['SNT-Malvern-PCSO'] },
  },
};

const SCOPE = 'openid email profile groups';

const configuration = {
  clients: [{
    client_id: 'safer-test',
    client_secret: 'safer-test-secret-0123456789abcdef',
    redirect_uris: [args['redirect-uri']],
    post_logout_redirect_uris: [args['post-logout-uri']],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { methods: ['S256'], required: () => true },
  claims: {
    // The ID token says how the person signed in (RFC 8176 amr), as Entra ID's v1 tokens do.
    openid: ['sub', 'acr', 'amr'],
    email: ['email', 'email_verified'],
    profile: ['given_name', 'family_name', 'name'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups', 'offline_access'],
  acrValues: ['urn:force:loa:2'],
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email_verified: true, name: `${account.claims.given_name} ${account.claims.family_name}`, ...account.claims };
      },
    };
  },
  // A first-party client: no consent screen, as a force's own provider is set up for its apps.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(SCOPE);
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  cookies: { keys: ['test-only-cookie-key-not-secret'] },
  ttl: { Session: 3600, Grant: 3600, Interaction: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
};

function page(title, body) {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>
<h1>${title}</h1>${body}</main></body></html>`;
}

function readForm(req) {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(new URLSearchParams(data)));
  });
}

const server = http.createServer();
server.listen(Number(args.port), '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'POST' && match[2]) {
        const form = await readForm(req);
        const account = ACCOUNTS[form.get('username')];
        if (!account || account.password !== form.get('password')) {
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end(page('Sign in to the force', '<p role="alert">Wrong username or password.</p>'));
        }
        return provider.interactionFinished(req, res, {
          login: { accountId: form.get('username'), amr: account.amr, acr: 'urn:force:loa:2' },
        }, { mergeWithLastSubmission: false });
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end(page('Sign in to the force', `
<form method="post" action="/interaction/${details.uid}/login">
<label for="username">Force username</label> <input id="username" name="username" autocomplete="username">
<label for="password">Password</label> <input id="password" name="password" type="password">
<button type="submit">Sign in</button></form>`));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end(`Interaction failed: ${err.message}`);
    }
  });
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
