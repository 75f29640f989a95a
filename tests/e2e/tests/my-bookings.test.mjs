// "My bookings": a booking kept on the device is moved to another time and then
// cancelled, each through the UI, and each change is checked through the API.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, newPhone, openApp, find, tap, shot, api, table, reopen} from '../lib/harness.mjs';
import {bookableDay, randomCpr} from '../lib/flows.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

// A booking made through the API, then put on the "device" as the app stores it.
async function seedBooking(page, serviceId, centreId) {
  const from = new Date().toISOString().slice(0, 10);
  const avail = await api(server.url, 'GET',
    `/api/v1/availability?centre=${centreId}&service=${serviceId}&from=${from}&days=14`);
  const slot = avail.json.slots.filter(s => s.free > 0)[5];
  const cpr = randomCpr();
  const made = await api(server.url, 'POST', '/api/v1/bookings',
    {centre: centreId, service: serviceId, start: slot.start, cpr, phone: '+97336001234', lang: 'en'});
  assert.equal(made.status, 201, made.text);
  const saved = [{code: made.json.code, cpr, centre: centreId, service: serviceId,
                  start: made.json.start, status: 'booked'}];
  await page.evaluate((v) => localStorage.setItem('mawid.bookings', v), JSON.stringify(saved));
  return {code: made.json.code, cpr, start: made.json.start};
}

test('My bookings refreshes each status when opened', async () => {
  const en = await table('en');
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  const booking = await seedBooking(page, 'passport-renewal', 'manama-service-centre');
  await reopen(page);
  // Cancelled elsewhere (at the counter, or from another phone).
  const r = await api(server.url, 'POST', `/api/v1/bookings/${booking.code}/cancel`, {cpr: booking.cpr});
  assert.equal(r.status, 200, r.text);
  await tap(page, {id: 'home/mine'});
  await page.waitForFunction((s) => {
    const row = window.mawid.widgets().find(w => w.id.startsWith('bk/'));
    return row && row.detail.includes(s);
  }, en['status.cancelled']);
  const row = await page.locator('#a11y button[data-id^="bk/"]').getAttribute('aria-description');
  assert.ok(row.includes(en['status.cancelled']), row);
  await context.close();
});

for (const lang of ['en', 'ar']) {
  test(`move then cancel a booking from My bookings (${lang})`, async () => {
    const tr = await table(lang);
    const {context, page} = await newPhone(browser, {locale: lang === 'ar' ? 'ar' : 'en-US'});
    await openApp(page, server.url);
    const catalog = (await api(server.url, 'GET', '/api/v1/catalog')).json;
    const service = catalog.services.find(s => s.id === 'id-card-renewal');
    const centre = catalog.centres.find(c => c.services.includes(service.id));
    const booking = await seedBooking(page, service.id, centre.id);
    await reopen(page);

    // Home shows the next appointment, one tap away.
    await find(page, {id: 'home/next/' + booking.code});
    await shot(page, `${lang}-0-home-next-appointment`);
    await tap(page, {id: 'home/mine'});
    await find(page, tr['bookings.title']);
    await shot(page, `${lang}-9-my-bookings`);
    await tap(page, {id: 'bk/' + booking.code});
    await find(page, tr['booking.title']);
    await find(page, tr['booking.status'].replace('{status}', tr['status.booked']));
    await shot(page, `${lang}-10-booking`);

    // Move it: first free day, a time other than the current one.
    await tap(page, tr['booking.move']);
    await find(page, tr['days.title']);
    await tap(page, bookableDay());
    await find(page, tr['times.title']);
    await find(page, {idPrefix: 'time/', enabled: true});
    const current = booking.start.slice(11, 16);
    const list = await page.evaluate(() => window.mawid.widgets());
    const other = list.find(w => w.id.startsWith('time/') && !w.state.includes('disabled') &&
                                 w.id !== 'time/' + current);
    await tap(page, {id: other.id});
    await find(page, tr['confirm.title']);
    await shot(page, `${lang}-11-move-confirm`);
    await tap(page, tr['confirm.move']);
    await find(page, tr['done.title'], {timeout: 20000});
    await find(page, tr['done.moved']);
    let now = await api(server.url, 'POST', '/api/v1/bookings/lookup', {code: booking.code, cpr: booking.cpr});
    assert.equal(now.status, 200);
    assert.equal(now.json.status, 'booked');
    assert.notEqual(now.json.start, booking.start, 'the booking moved');
    assert.equal(now.json.start.slice(11, 16), other.id.slice(5));

    // Cancel it.
    await tap(page, {id: 'done/mine'});
    await tap(page, {id: 'bk/' + booking.code});
    await tap(page, tr['booking.cancel']);
    await find(page, tr['booking.cancel_question']);
    await tap(page, tr['booking.cancel_yes']);
    await find(page, tr['booking.status'].replace('{status}', tr['status.cancelled']), {timeout: 20000});
    await shot(page, `${lang}-12-cancelled`);
    now = await api(server.url, 'POST', '/api/v1/bookings/lookup', {code: booking.code, cpr: booking.cpr});
    assert.equal(now.json.status, 'cancelled');

    // A cancelled booking can be removed from the phone's list.
    await tap(page, tr['booking.remove']);
    await find(page, tr['bookings.none']);
    await context.close();
  });
}
