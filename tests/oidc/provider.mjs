// A real OpenID provider on loopback for the server's identity tests: oidc-provider with two
// confidential clients (ID tokens signed RS256 for "mawid-rs", ES256 for "mawid-es"), one
// citizen whose claims include a CPR, and a scripted login: every interaction is answered
// at once with that citizen signed in and consenting, as a person at the national
// identity's pages would.
//
//   node provider.mjs --now RFC3339 --cpr NNNNNNNNN --secret SECRET
//
// Prints "issuer URL" once listening, then reads the client's redirect URI (one line: the
// server under test listens only after it was told the issuer), then prints "ready".
// --now sets the provider's clock to the server's fixed test clock, so the tokens it
// issues are valid by the server's time.
import crypto from 'node:crypto';
import http from 'node:http';
import readline from 'node:readline';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: { now: { type: 'string' }, cpr: { type: 'string' }, secret: { type: 'string' } },
});
if (!args.cpr || !args.secret) {
  console.error('usage: node provider.mjs --now RFC3339 --cpr CPR --secret SECRET');
  process.exit(2);
}
if (args.now) {
  const offset = Date.parse(args.now) - Date.now();
  const realNow = Date.now;
  Date.now = () => realNow() + offset;
}

const ACCOUNT = 'citizen-1';

function signingKey(type, options, kid, alg) {
  const { privateKey } = crypto.generateKeyPairSync(type, options);
  return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

function client(id, alg, redirectUri) {
  return {
    client_id: id,
    client_secret: args.secret,
    redirect_uris: [redirectUri],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: alg,
  };
}

function provider(issuer, redirectUri) {
  const oidc = new Provider(issuer, {
    clients: [client('mawid-rs', 'RS256', redirectUri), client('mawid-es', 'ES256', redirectUri)],
    jwks: {
      keys: [
        signingKey('rsa', { modulusLength: 2048 }, 'rsa-1', 'RS256'),
        signingKey('ec', { namedCurve: 'P-256' }, 'ec-1', 'ES256'),
      ],
    },
    findAccount: async (ctx, id) => ({
      accountId: id,
      claims: async () => ({ sub: id, cpr: args.cpr }),
    }),
    claims: { openid: ['sub', 'cpr'] },
    // The CPR in the ID token itself, not only at the userinfo endpoint.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // ID tokens live an hour: the expiry test moves the server's clock two hours on.
    ttl: { IdToken: 3600, AccessToken: 600, Interaction: 600, Grant: 600, Session: 600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  });
  // Its cookies last as long as the test's browser: their expiry, on the server's clock,
  // would be long past by the real clock the browser's cookie jar reads.
  oidc.use(async (ctx, next) => {
    await next();
    const cookies = ctx.response.get('Set-Cookie');
    if (Array.isArray(cookies) && cookies.length > 0) {
      ctx.set('Set-Cookie', cookies.map((cookie) => cookie.replace(/; expires=[^;]*/iu, '')));
    }
  });
  return oidc;
}

// The scripted person: signs in as ACCOUNT and consents to the openid scope.
async function interact(oidc, req, res) {
  const details = await oidc.interactionDetails(req, res);
  const grant = new oidc.Grant({ accountId: ACCOUNT, clientId: details.params.client_id });
  grant.addOIDCScope('openid');
  const grantId = await grant.save();
  await oidc.interactionFinished(
    req,
    res,
    { login: { accountId: ACCOUNT }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  console.log(`issuer ${issuer}`);
  const lines = readline.createInterface({ input: process.stdin });
  lines.once('line', (redirectUri) => {
    const oidc = provider(issuer, redirectUri.trim());
    const callback = oidc.callback();
    server.on('request', (req, res) => {
      if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
        interact(oidc, req, res).catch((error) => {
          console.error(error);
          res.statusCode = 500;
          res.end();
        });
        return;
      }
      callback(req, res);
    });
    console.log('ready');
  });
});
