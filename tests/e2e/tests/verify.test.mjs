// Verified citizens in the app (the server with --verification on): a booking asks for a
// code by SMS once, read here from the outbox folder the server writes messages to; a
// wrong code is refused and kept, the right one books; on a second phone the same number
// is verified from My bookings, which then shows the booking and cancels it.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {startServer, launchBrowser, newPhone, openApp, find, tap, typeInto, shot, api, table, settle} from '../lib/harness.mjs';
import {detailsThroughUi, doneCode, randomCpr} from '../lib/flows.mjs';

const verifyArgs = ['--verification', 'on', '--code-resend-seconds', '0'];
let server, browser, catalog;
before(async () => {
  server = await startServer({extraArgs: verifyArgs});
  browser = await launchBrowser();
  catalog = (await api(server.url, 'GET', '/api/v1/catalog')).json;
});
after(async () => { await browser?.close(); await server?.stop(); });

function randomPhone() {
  return '36' + String(Math.floor(100000 + Math.random() * 899999));
}

// The code of the next verification SMS to `phone` (+973...) the server writes to its
// outbox folder: waits for the file, never for a time.
const read = new Set();
async function codeSentTo(dir, phone, {timeout = 15000} = {}) {
  const outbox = path.join(dir, 'outbox');
  const deadline = Date.now() + timeout;
  for (;;) {
    const files = existsSync(outbox) ? readdirSync(outbox).filter(f => f.endsWith('-verification.txt')) : [];
    const fresh = files.map(f => path.join(outbox, f)).filter(f => !read.has(f));
    for (const f of fresh.sort((a, b) => parseInt(path.basename(a)) - parseInt(path.basename(b)))) {
      const text = readFileSync(f, 'utf8');
      if (!text.startsWith(`To: ${phone}\n`)) continue;
      read.add(f);
      const body = text.slice(text.indexOf('\n\n') + 2);
      return body.match(/(?<!\d)\d{6}(?!\d)/)[0];
    }
    if (Date.now() > deadline) throw new Error(`no code for ${phone} in ${outbox}: ${files}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

const otherCode = (code) => String((Number(code) + 1) % 1000000).padStart(6, '0');

// The bookings of the page's verified session, asked with the page's own cookie.
async function myBookings(page) {
  const r = await page.context().request.get(server.url + '/api/v1/me/bookings');
  assert.equal(r.status(), 200, await r.text());
  return (await r.json()).bookings;
}

function codeInput(page, tr) {
  return page.locator(`input.mawid-input[aria-label="${tr['verify.code']}"]`);
}

for (const lang of ['en', 'ar']) {
  test(`a booking verifies the phone once: a wrong code, then the right one (${lang})`, async () => {
    const tr = await table(lang);
    const service = catalog.services.find(s => s.id === 'passport-renewal');
    const centre = catalog.centres.find(c => c.services.includes(service.id));
    const {context, page} = await newPhone(browser, {locale: lang === 'ar' ? 'ar-BH' : 'en-GB'});
    await openApp(page, server.url);
    const phone = randomPhone();
    await detailsThroughUi(page, tr, {serviceName: service.name[lang], centreName: centre.name[lang],
                                      cpr: randomCpr(), phone});
    await tap(page, tr['confirm.book']);
    await find(page, tr['verify.title']);
    const sent = tr['verify.sent'].replace('{phone}', '');
    await find(page, {id: 'verify/sent', labelIncludes: sent.slice(0, 12)});
    const code = await codeSentTo(server.dir, '+973' + phone);

    // Phones fill the code from the SMS: the field says it is one.
    const input = codeInput(page, tr);
    await typeInto(page, tr['verify.code'], otherCode(code));
    assert.equal(await input.getAttribute('autocomplete'), 'one-time-code');
    assert.equal(await input.getAttribute('inputmode'), 'numeric');
    await settle(page, () => tap(page, tr['verify.confirm']));
    await find(page, {id: 'error/6', label: tr['error.invalid_verification']});
    assert.equal(await input.inputValue(), otherCode(code), 'what was typed stays');
    await shot(page, `${lang}-verify-wrong-code`);

    await typeInto(page, tr['verify.code'], code);
    await tap(page, tr['verify.confirm']);
    const booked = await doneCode(page, tr, `${lang}-verify`);
    const mine = await myBookings(page);
    assert.ok(mine.some(b => b.code === booked && b.status === 'booked'), JSON.stringify(mine));
    assert.ok(mine.every(b => !('cpr' in b) && !('phone' in b)), 'no CPR or phone in the list');

    // Verified once: the next booking on this browser goes straight through.
    const other = catalog.services.find(s => s.id === 'id-card-renewal');
    const otherCentre = catalog.centres.find(c => c.services.includes(other.id));
    await page.goBack();  // from the done screen: home
    await find(page, tr['home.book']);
    await detailsThroughUi(page, tr, {serviceName: other.name[lang], centreName: otherCentre.name[lang],
                                      cpr: randomCpr(), phone});
    await tap(page, tr['confirm.book']);
    const second = await doneCode(page, tr);
    assert.ok((await myBookings(page)).some(b => b.code === second));
    await context.close();
  });
}

test('a session ended on the server: the booking asks for a code, then goes again with the same key', async () => {
  const tr = await table('en');
  const service = catalog.services.find(s => s.id === 'passport-renewal');
  const centre = catalog.centres.find(c => c.services.includes(service.id));
  const {context, page} = await newPhone(browser, {locale: 'en-GB'});
  await openApp(page, server.url);
  const phone = randomPhone();
  // Verified from My bookings, then the session ends behind the app's back (it expired).
  await tap(page, {id: 'home/mine'});
  await tap(page, tr['bookings.verify']);
  await typeInto(page, tr['details.phone'], phone);
  await tap(page, tr['verify.send']);
  await typeInto(page, tr['verify.code'], await codeSentTo(server.dir, '+973' + phone));
  await tap(page, tr['verify.confirm']);
  await find(page, {id: 'bookings/sign-out'});
  const ended = await page.context().request.post(server.url + '/api/v1/me/sign-out');
  assert.equal(ended.status(), 200);
  await page.goBack();
  await find(page, tr['home.book']);

  const keys = [];
  const isBooking = (r) => r.method() === 'POST' && r.url().endsWith('/api/v1/bookings');
  page.on('request', (r) => { if (isBooking(r)) keys.push(r.headers()['idempotency-key']); });
  await detailsThroughUi(page, tr, {serviceName: service.name.en, centreName: centre.name.en,
                                    cpr: randomCpr(), phone});
  // Playwright may report a request after the app has drawn its answer: wait for each report.
  const refused = page.waitForRequest(isBooking);
  await tap(page, tr['confirm.book']);
  await find(page, tr['verify.title']);
  await refused;
  await typeInto(page, tr['verify.code'], await codeSentTo(server.dir, '+973' + phone));
  const resent = page.waitForRequest(isBooking);
  await tap(page, tr['verify.confirm']);
  const code = await doneCode(page, tr);
  await resent;
  assert.equal(keys.length, 2, 'refused once, then sent again');
  assert.ok(keys[0] && keys[0] === keys[1], `the same Idempotency-Key: ${keys}`);
  assert.ok((await myBookings(page)).some(b => b.code === code));
  await context.close();
});

test('the resend link counts down, then sends a new code (ar)', async () => {
  const tr = await table('ar');
  const slow = await startServer({extraArgs: ['--verification', 'on', '--code-resend-seconds', '3']});
  try {
    const {context, page} = await newPhone(browser, {locale: 'ar-BH'});
    await openApp(page, slow.url);
    await tap(page, {id: 'home/mine'});
    await tap(page, {id: 'bookings/verify'});
    await find(page, tr['verify.title']);
    await shot(page, 'ar-verify-phone');
    const phone = randomPhone();
    await typeInto(page, tr['details.phone'], phone);
    await tap(page, tr['verify.send']);
    const first = await codeSentTo(slow.dir, '+973' + phone);
    const waiting = tr['verify.resend_in'].replace('{time}', '');
    const before = await find(page, {id: 'verify/resend', labelIncludes: waiting});
    assert.ok(before.state.includes('disabled'), before.state);
    await shot(page, 'ar-verify-code');
    // The countdown moves on by itself, and ends with the link enabled.
    await page.waitForFunction(([label]) => {
      const w = window.mawid.widgets().find(x => x.id === 'verify/resend');
      return w && w.label !== label;
    }, [before.label], {timeout: 5000});
    await tap(page, {id: 'verify/resend', label: tr['verify.resend']}, {timeout: 10000});
    const second = await codeSentTo(slow.dir, '+973' + phone);
    // The old code is no longer the one: the new one opens the session.
    await typeInto(page, tr['verify.code'], second === first ? otherCode(first) : first);
    await settle(page, () => tap(page, tr['verify.confirm']));
    await find(page, {id: 'error/6'});
    await typeInto(page, tr['verify.code'], second);
    await tap(page, tr['verify.confirm']);
    await find(page, {id: 'bookings/sign-out'});
    await shot(page, 'ar-verify-my-bookings');
    await context.close();
  } finally {
    await slow.stop();
  }
});

test('My bookings on a new phone: the same number verified there shows and cancels the booking', async () => {
  const tr = await table('en');
  const service = catalog.services.find(s => s.id === 'passport-renewal');
  const centre = catalog.centres.find(c => c.services.includes(service.id));
  const phone = randomPhone();
  const first = await newPhone(browser, {locale: 'en-GB'});
  await openApp(first.page, server.url);
  await detailsThroughUi(first.page, tr, {serviceName: service.name.en, centreName: centre.name.en,
                                          cpr: randomCpr(), phone});
  await tap(first.page, tr['confirm.book']);
  await typeInto(first.page, tr['verify.code'], await codeSentTo(server.dir, '+973' + phone));
  await tap(first.page, tr['verify.confirm']);
  const code = await doneCode(first.page, tr);

  // Another phone: nothing on the device, the number verified from My bookings.
  const {context, page} = await newPhone(browser, {locale: 'en-GB'});
  await openApp(page, server.url);
  await tap(page, {id: 'home/mine'});
  await find(page, tr['bookings.none']);
  await tap(page, tr['bookings.verify']);
  await typeInto(page, tr['details.phone'], '+973 ' + phone.slice(0, 4) + ' ' + phone.slice(4));
  await tap(page, tr['verify.send']);
  await typeInto(page, tr['verify.code'], await codeSentTo(server.dir, '+973' + phone));
  await tap(page, tr['verify.confirm']);
  await find(page, tr['bookings.title']);
  await find(page, {id: 'bk/' + code});
  await shot(page, 'en-verify-my-bookings');

  // Its CPR is not on this phone: the cancel goes under the session.
  await tap(page, {id: 'bk/' + code});
  await find(page, tr['booking.status'].replace('{status}', tr['status.booked']));
  await tap(page, tr['booking.cancel']);
  await settle(page, () => tap(page, tr['booking.cancel_yes']));
  await find(page, tr['booking.status'].replace('{status}', tr['status.cancelled']));
  const mine = await myBookings(page);
  assert.equal(mine.find(b => b.code === code)?.status, 'cancelled', JSON.stringify(mine));

  // Signing out ends the session on the server; the list on the device stays.
  await page.goBack();
  await settle(page, () => tap(page, {id: 'bookings/sign-out'}));
  await find(page, {id: 'bookings/verify'});
  await find(page, {id: 'bk/' + code});
  const after = await page.context().request.get(server.url + '/api/v1/me');
  assert.equal(after.status(), 401);
  await first.context.close();
  await context.close();
});
