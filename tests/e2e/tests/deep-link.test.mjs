// The links into the app. A closure notice's (/?c=centre&s=service) opens it on the times of that
// service at that centre: a new booking there, or, when the phone keeps a booking of it,
// a move of that booking (a second booking would be refused). The server's way back from
// a national-identity sign-in that failed (/?identity=failed) says so on the home screen.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, newPhone, openApp, find, tap, typeInto, api, table} from '../lib/harness.mjs';
import {bookableDay, randomCpr} from '../lib/flows.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

const centre = 'manama-service-centre';
const service = 'passport-renewal';
const link = `/?c=${centre}&s=${service}`;

async function firstFreeTime(page, tr) {
  await find(page, tr['days.title']);
  await tap(page, bookableDay());
  await find(page, tr['times.title']);
  return tap(page, {idPrefix: 'time/', enabled: true});
}

test('the link opens the times of its service and centre, and books there', async () => {
  const tr = await table('en');
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url, link);
  await firstFreeTime(page, tr);
  await find(page, tr['details.title']);
  const cpr = randomCpr();
  await typeInto(page, tr['details.cpr'], cpr);
  await typeInto(page, tr['details.phone'], '36001234');
  await tap(page, tr['details.continue']);
  await tap(page, tr['confirm.book']);
  await find(page, tr['done.title'], {timeout: 20000});
  const code = (await find(page, {id: 'done/code'})).label.replace(/-/g, '');
  const made = await api(server.url, 'POST', '/api/v1/bookings/lookup', {code, cpr});
  assert.equal(made.status, 200, made.text);
  assert.equal(made.json.centre, centre);
  assert.equal(made.json.service, service);
  await context.close();
});

test('with a booking of it on the phone, the link moves that booking', async () => {
  const tr = await table('ar');
  const {context, page} = await newPhone(browser, {locale: 'ar'});
  await openApp(page, server.url);
  const from = new Date().toISOString().slice(0, 10);
  const avail = await api(server.url, 'GET',
    `/api/v1/availability?centre=${centre}&service=${service}&from=${from}&days=14`);
  const slot = avail.json.slots.filter(s => s.free > 0).at(-1);
  const cpr = randomCpr();
  const made = await api(server.url, 'POST', '/api/v1/bookings',
    {centre, service, start: slot.start, cpr, phone: '+97336001234', lang: 'ar'});
  assert.equal(made.status, 201, made.text);
  const saved = [{code: made.json.code, cpr, centre, service, start: made.json.start, status: 'booked'}];
  await page.evaluate((v) => localStorage.setItem('mawid.bookings', v), JSON.stringify(saved));

  await openApp(page, server.url, link);
  const time = await firstFreeTime(page, tr);
  // A move goes straight to the confirmation: no details to type again.
  await find(page, tr['confirm.title']);
  await tap(page, tr['confirm.move']);
  await find(page, tr['done.moved'], {timeout: 20000});
  const now = await api(server.url, 'POST', '/api/v1/bookings/lookup', {code: made.json.code, cpr});
  assert.equal(now.json.status, 'booked');
  assert.notEqual(now.json.start, made.json.start, 'the booking moved');
  assert.equal(now.json.start.slice(11, 16), time.id.slice(5));
  await context.close();
});

test('back from a national-identity sign-in that failed, the home screen says so', async () => {
  const tr = await table('ar');
  const {context, page} = await newPhone(browser, {locale: 'ar'});
  await openApp(page, server.url, '/?identity=failed');
  await find(page, tr['identity.failed']);
  await openApp(page, server.url, '/');
  await find(page, tr['home.book']);
  const list = await page.evaluate(() => window.mawid.widgets());
  assert.ok(!list.some(w => w.id === 'home/identity-failed'), 'said only when it happened');
  await context.close();
});
