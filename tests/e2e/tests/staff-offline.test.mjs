// The counter with a flaky network: the day list stays on the device and is shown after
// a reload with no network, with its age; check-ins made offline are queued on the device
// and sent when the network returns; a booking cancelled meanwhile is reported, not
// overwritten.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, api, find, tap, typeInto, shot, reopen} from '../lib/harness.mjs';
import {serverArgs, newTablet, openStaff, signIn, bookThroughApi, citizenStatus, SUNDAY, table}
  from '../lib/staff.mjs';

let server, browser;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

test('offline check-ins are queued, synced when the network returns, a cancellation reported', async () => {
  const tr = await table('en');
  const [kept, cancelled] = await bookThroughApi(server.url, SUNDAY, 2, {skip: 8});
  const {context, page} = await newTablet(browser);
  await openStaff(page, server.url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await signIn(page, tr, 'isa.staff');
  await find(page, {id: 'staff/bk/' + kept.code});

  // No network, and the page reloaded: the list kept on the device, with its age.
  await context.setOffline(true);
  await reopen(page);
  const banner = await find(page, {id: 'staff/offline'});
  assert.ok(banner.label.includes(tr['staff.offline.as_of'].split('{when}')[0]), banner.label);
  await find(page, {id: 'staff/bk/' + cancelled.code});

  // Meanwhile the citizen cancels one of them (from their phone, which has a network).
  const r = await api(server.url, 'POST', `/api/v1/bookings/${cancelled.code}/cancel`, {cpr: cancelled.cpr});
  assert.equal(r.status, 200, r.text);

  // Both checked in at the offline counter: saved on the device, shown as waiting.
  await tap(page, {id: 'staff/go/counter'});
  for (const [i, b] of [kept, cancelled].entries()) {
    await typeInto(page, tr['staff.counter.code'], b.code);
    await tap(page, {id: 'staff/counter/check-in'});
    // Saved on the device before the next code is typed.
    await page.waitForFunction((n) => window.mawid.widgets().some(
      w => w.id === 'staff/queue' && w.label.startsWith(n + ' ')), i + 1);
  }
  await page.goBack();
  const row = await find(page, {id: 'staff/bk/' + kept.code});
  assert.ok(row.detail.includes(tr['staff.status.queued']), row.detail);
  await shot(page, 'en-staff-6-offline-queued');
  assert.equal(await citizenStatus(server.url, kept), 'booked', 'nothing sent while offline');

  // The network returns: the queue is sent; the cancelled booking is reported and stays cancelled.
  await context.setOffline(false);
  const conflict = await find(page, {id: 'staff/conflict/' + cancelled.code}, {timeout: 20000});
  assert.ok(conflict.label.includes(tr['status.cancelled']), conflict.label);
  await page.waitForFunction(() => !window.mawid.widgets().some(w => w.id === 'staff/queue'));
  assert.equal(await citizenStatus(server.url, kept), 'checked_in');
  assert.equal(await citizenStatus(server.url, cancelled), 'cancelled');
  const after = await find(page, {id: 'staff/bk/' + cancelled.code});
  assert.ok(after.detail.includes(tr['status.cancelled']), after.detail);
  await shot(page, 'en-staff-7-synced-conflict');
  await context.close();
});
