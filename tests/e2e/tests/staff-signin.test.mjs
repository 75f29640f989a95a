// Signing in and out of the centre app on a phone: a wrong password and the throttle that
// follows are explained in the person's language (with the seconds to wait), the password
// field masks what is typed, and signing out ends the session for real.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, newPhone, find, tap, typeInto, settle, shot, widgets} from '../lib/harness.mjs';
import {serverArgs, openStaff, signIn, table, PASSWORD} from '../lib/staff.mjs';

let server, browser;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

// The first visit asks the server whether a session is open; its "no" must not greet
// staff with "your session has ended", since none was.
async function openedQuietly(page, tr) {
  await page.waitForFunction(() => {
    const r = window.mawid.requests;
    return r.sent > 0 && r.answered === r.sent;
  });
  await find(page, {id: 'staff/signin/go'});
  const expired = (await widgets(page)).filter(w => w.label === tr['staff.signin.expired']);
  assert.deepEqual(expired, []);
}

test('wrong password, throttling with seconds (ar), sign-out', async () => {
  const tr = await table('ar');
  const {context, page} = await newPhone(browser, {locale: 'ar'});
  await openStaff(page, server.url);
  await openedQuietly(page, tr);
  await typeInto(page, tr['staff.signin.username'], 'isa.staff');
  await typeInto(page, tr['staff.signin.password'], 'not-the-password');
  await settle(page, () => tap(page, {id: 'staff/signin/go'}));
  await find(page, {id: 'staff/signin/message', label: tr['error.bad_credentials']});

  // Five failures for one name: even the right password waits, and the app says how long.
  for (let i = 0; i < 4; ++i) await settle(page, () => tap(page, {id: 'staff/signin/go'}));
  await typeInto(page, tr['staff.signin.password'], PASSWORD);
  const before = tr['error.rate_limited_wait'].other.split('{count}')[0];
  await tap(page, {id: 'staff/signin/go'});
  const limited = await find(page, {id: 'staff/signin/message', labelIncludes: before});
  const forms = Object.values(tr['error.rate_limited_wait']).map(f =>
    new RegExp('^' + f.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{count}', '\\d+') + '$'));
  assert.ok(forms.some(f => f.test(limited.label)), limited.label);
  await shot(page, 'ar-staff-11-rate-limited');

  // Another member of staff signs in on this phone, then out: the cookie is gone for good.
  await typeInto(page, tr['staff.signin.username'], 'isa.supervisor');
  await signIn(page, tr, 'isa.supervisor');
  await find(page, {id: 'staff/go/admin'});
  // Once its field is off the screen, the password is no longer anywhere in the page.
  await page.waitForFunction(() =>
    [...document.querySelectorAll('input[type=password]')].every(e => e.value === ''));
  // A booking code reads left to right in Arabic too, as the clerk types it.
  await tap(page, {id: 'staff/go/counter'});
  await typeInto(page, tr['staff.counter.code'], '375AXBJNQ');
  const codeField = page.locator(`input.mawid-input[aria-label="${tr['staff.counter.code']}"]`);
  assert.equal(await codeField.evaluate(e => e.dir), 'ltr');
  await tap(page, {id: 'nav/back'});
  // The sign-out is answered once it is in the audit trail: wait for that answer.
  await settle(page, () => tap(page, {id: 'staff/signout'}));
  await find(page, {id: 'staff/signin/go'});
  const me = await page.evaluate(async () => (await fetch('/api/v1/staff/me')).status);
  assert.equal(me, 401);
  await page.reload();
  await openedQuietly(page, tr);
  await context.close();
});

test('a session that ended while the device remembered it says so (en)', async () => {
  const tr = await table('en');
  const {context, page} = await newPhone(browser);
  await openStaff(page, server.url);
  await signIn(page, tr, 'isa.supervisor');
  await context.clearCookies();  // the server no longer knows this device's session
  await page.reload();
  await find(page, {id: 'staff/signin/message', label: tr['staff.signin.expired']});
  await context.close();
});
