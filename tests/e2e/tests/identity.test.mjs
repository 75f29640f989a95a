// Sign-in with the national identity in the app, against a real OpenID provider on loopback
// (tests/oidc/provider.mjs: oidc-provider with a scripted person who signs in and consents).
// A citizen who is asked to verify taps "Sign in with national identity", goes to the
// provider and back to the time they chose, and books with the phone only: the CPR comes
// from the identity, the details screen does not ask for it, and the booking is the
// identity's own; My bookings says whose they are.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import {startServer, launchBrowser, newPhone, openApp, interactive, find, tap, typeInto, shot, api, table, widgets, root} from '../lib/harness.mjs';
import {detailsThroughUi, doneCode, randomCpr} from '../lib/flows.mjs';

const kSecret = 'e2e-client-secret';
const identityCpr = randomCpr();
let provider, server, browser, catalog;

// Starts the provider and hands its lines out one at a time ("issuer URL", then "ready").
function startProvider() {
  const proc = spawn('node', [path.join(root, 'tests/oidc/provider.mjs'), '--cpr', identityCpr,
                              '--secret', kSecret], {stdio: ['pipe', 'pipe', 'inherit']});
  const lines = readline.createInterface({input: proc.stdout})[Symbol.asyncIterator]();
  const next = async (what) => {
    const {value, done} = await lines.next();
    if (done) throw new Error(`the identity provider ended before "${what}"`);
    assert.ok(value.startsWith(what), value);
    return value;
  };
  return {proc, next};
}

before(async () => {
  provider = startProvider();
  const issuer = (await provider.next('issuer ')).slice('issuer '.length);
  process.env.MAWID_OIDC_SECRET = kSecret;  // from the environment only, as in production
  server = await startServer({extraArgs: ['--verification', 'on', '--oidc-issuer', issuer,
                                          '--oidc-client-id', 'mawid-rs']});
  provider.proc.stdin.write(`${server.url}/api/v1/identity/callback\n`);
  await provider.next('ready');
  browser = await launchBrowser();
  catalog = (await api(server.url, 'GET', '/api/v1/catalog')).json;
});
after(async () => {
  await browser?.close();
  await server?.stop();
  provider?.proc.kill();
});

// What the page's own session says, asked with its cookie.
async function asPage(page, method, pathName, body) {
  const r = await page.context().request.fetch(server.url + pathName, {method, data: body});
  return {status: r.status(), json: await r.json()};
}

for (const lang of ['en', 'ar']) {
  test(`the national identity signs the citizen in, and the booking is for its CPR (${lang})`, async () => {
    const tr = await table(lang);
    const service = catalog.services.find(s => s.id === 'passport-renewal');
    const centre = catalog.centres.find(c => c.services.includes(service.id));
    const names = {serviceName: service.name[lang], centreName: centre.name[lang]};
    const {context, page} = await newPhone(browser, {locale: lang === 'ar' ? 'ar-BH' : 'en-GB'});
    await openApp(page, server.url);

    // Asked to verify at the end of a booking, the citizen chooses the national identity.
    await detailsThroughUi(page, tr, {...names, cpr: randomCpr(), phone: '36001234'});
    await tap(page, tr['confirm.book']);
    await find(page, tr['verify.title']);
    await shot(page, `${lang}-identity-1-verify`);
    // To the provider and back: the app's callback answers, then the app opens again.
    const back = page.waitForResponse(
      r => r.url().startsWith(server.url + '/api/v1/identity/callback'), {timeout: 20000});
    await tap(page, tr['verify.identity'], {navigates: true});
    await back;
    await page.waitForURL(server.url + '/', {timeout: 20000});
    await interactive(page);
    const me = await asPage(page, 'GET', '/api/v1/me');
    assert.equal(me.status, 200, JSON.stringify(me.json));
    assert.equal(me.json.identity, true);

    // Back in the app, signed in, at the same time chosen: the details ask for the phone only.
    await find(page, tr['details.title']);
    await find(page, tr['details.intro_identity']);
    assert.ok(!(await widgets(page)).some(w => w.label === tr['details.cpr']), 'no CPR field');
    await shot(page, `${lang}-identity-2-details`);
    await typeInto(page, tr['details.phone'], '36001234');
    await tap(page, tr['details.continue']);
    await find(page, tr['confirm.title']);
    await tap(page, tr['confirm.book']);
    const code = await doneCode(page, tr, `${lang}-identity-3`);

    // The booking is the identity's: found with its CPR, not with another.
    const mine = await asPage(page, 'GET', '/api/v1/me/bookings');
    assert.ok(mine.json.bookings.some(b => b.code === code), JSON.stringify(mine.json));
    const own = await asPage(page, 'POST', '/api/v1/bookings/lookup', {code, cpr: identityCpr});
    assert.equal(own.status, 200, JSON.stringify(own.json));
    const other = await asPage(page, 'POST', '/api/v1/bookings/lookup', {code, cpr: randomCpr()});
    assert.equal(other.status, 404, JSON.stringify(other.json));
    await page.goBack();  // from the done screen: home
    await tap(page, {id: 'home/mine'});
    await find(page, {id: 'bookings/signed-in', label: tr['bookings.signed_in_identity']});
    await find(page, {id: `bk/${code}`});
    // Cancelled for the next language's run: one passport renewal per person at a time.
    const cancelled = await asPage(page, 'POST', `/api/v1/bookings/${code}/cancel`, {});
    assert.equal(cancelled.status, 200, JSON.stringify(cancelled.json));
    await context.close();
  });
}
