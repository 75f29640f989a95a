// Centre administration and reports, on a 1024x768 touch screen: a supervisor previews a
// closure (nothing changes), applies it and sees the stranded bookings listed (nothing is
// deleted); then reads the figures as a chart and downloads them as CSV.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {startServer, launchBrowser, api, find, tap, typeInto, settle, shot, reopen} from '../lib/harness.mjs';
import {serverArgs, newTablet, openStaff, signIn, bookThroughApi, citizenStatus, CENTRE, SUNDAY,
        MONDAY, table} from '../lib/staff.mjs';

let server, browser;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function centreClosures() {
  const catalog = (await api(server.url, 'GET', '/api/v1/catalog')).json;
  return catalog.centres.find(c => c.id === CENTRE).closures.map(c => c.from);
}

test('a supervisor closes a day and sees the stranded bookings; reports as chart and CSV', async () => {
  const tr = await table('en');
  const ar = await table('ar');
  const monday = await bookThroughApi(server.url, MONDAY, 3);
  await bookThroughApi(server.url, SUNDAY, 2);
  const {context, page} = await newTablet(browser);
  await openStaff(page, server.url);
  await signIn(page, tr, 'isa.supervisor');
  await tap(page, {id: 'staff/go/admin'});
  // The dates start at the centre's tomorrow: Monday.
  const from = page.locator(`input.mawid-input[aria-label="${tr['staff.admin.from']}"]`).first();
  await find(page, {id: 'staff/closure/preview'});
  assert.equal(await from.inputValue(), MONDAY);
  assert.equal(await from.getAttribute('type'), 'date');

  // Preview: the three Monday bookings would be stranded; nothing changes.
  await settle(page, () => tap(page, {id: 'staff/closure/preview'}));
  const would = await find(page, {id: 'staff/stranded/title',
                                  labelIncludes: tr['staff.stranded.would'].split(' (')[0]});
  assert.ok(would.label.includes('(3)'), would.label);
  assert.ok(!(await centreClosures()).includes(MONDAY), 'a dry run changes nothing');

  // Apply: the closure is saved, the same bookings stay listed to be moved or cancelled.
  await tap(page, {id: 'staff/closure/apply'});
  await page.waitForFunction((label) => window.mawid.widgets().some(
    w => w.id === 'staff/stranded/title' && w.label.startsWith(label)), tr['staff.stranded.are'].split(' (')[0]);
  for (const b of monday) await find(page, {id: 'staff/stranded/' + b.code});
  assert.ok((await centreClosures()).includes(MONDAY));
  assert.equal(await citizenStatus(server.url, monday[0]), 'booked', 'nothing is deleted');
  // The list is the centre's to-do list on the server: still there after a reload.
  await reopen(page);
  await tap(page, {id: 'staff/go/admin'});
  for (const b of monday) await find(page, {id: 'staff/stranded/' + b.code});
  await page.mouse.move(512, 400);
  await shot(page, 'en-staff-8-stranded');
  await tap(page, {id: 'nav/lang'});
  await tap(page, {id: 'lang/ar'});
  await find(page, ar['staff.title.admin']);
  await find(page, {id: 'staff/stranded/' + monday[0].code});
  await shot(page, 'ar-staff-8-stranded');
  await tap(page, {id: 'nav/lang'});
  await tap(page, {id: 'lang/en'});
  await find(page, tr['staff.title.admin']);

  // A citizen called back and asked to cancel: "Cancel booking", confirmed, and it leaves the
  // list; the others stay.
  const gone = monday[2];
  await tap(page, {id: 'staff/stranded/cancel/' + gone.code});
  await tap(page, {id: 'staff/stranded/confirm/' + gone.code});
  await page.waitForFunction((id) => !window.mawid.widgets().some(w => w.id === id),
    'staff/stranded/' + gone.code);
  assert.equal(await citizenStatus(server.url, gone), 'cancelled');
  for (const b of monday.slice(0, 2)) await find(page, {id: 'staff/stranded/' + b.code});

  // No counters for ID card renewal from Monday on: a preview lists what that strands.
  const counters = tr['staff.admin.counters'].replace('{service}', 'ID card renewal');
  await typeInto(page, counters, '0');
  await settle(page, () => tap(page, {id: 'staff/schedule/preview'}));
  const preview = await find(page, {id: 'staff/stranded/title',
                                    labelIncludes: tr['staff.stranded.would'].split(' (')[0]});
  assert.ok(preview.label.includes('(2)'), preview.label);  // the cancelled one holds no seat

  // The closure was a mistake: taken back, Monday is open again.
  await settle(page, () => tap(page, {id: 'staff/closure/reopen'}));
  assert.ok(!(await centreClosures()).includes(MONDAY), 'the closure is taken back');

  // Reports: the last week up to today, drawn and downloadable.
  await page.goBack();
  await tap(page, {id: 'staff/go/reports'});
  await settle(page, () => tap(page, {id: 'staff/report/show'}));
  const bar = await find(page, {id: 'staff/report/id-card-renewal'});
  assert.match(bar.label, /Bookings: 2 ·/);  // labels and values: no noun hangs on a count
  await shot(page, 'en-staff-9-reports');
  const [download] = await Promise.all([page.waitForEvent('download'), tap(page, {id: 'staff/report/csv'})]);
  assert.match(download.suggestedFilename(), /^mawid-isa-town-service-centre-.*\.csv$/);
  const csv = await readFile(await download.path(), 'utf8');
  assert.match(csv, /^service,/);
  assert.match(csv, /\r\nid-card-renewal,2,/);
  await context.close();
});
