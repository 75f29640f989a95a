// Moving a booking from the centre app (a citizen at the counter or on the phone asks for
// another time, or their day was closed): from the counter, a booking goes to a free time on
// another day and its citizen is told by message; from the stranded list after a closure,
// a stranded booking is moved and leaves the list. English and Arabic.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, api, find, tap, shot, settle, outboxMessage} from '../lib/harness.mjs';
import {serverArgs, newTablet, openStaff, signIn, bookThroughApi, SUNDAY, MONDAY, table}
  from '../lib/staff.mjs';

let server, browser;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

async function lookup(booking) {
  const r = await api(server.url, 'POST', '/api/v1/bookings/lookup',
                      {code: booking.code, cpr: booking.cpr});
  assert.equal(r.status, 200, r.text);
  return r.json;
}

// On the move screen: another day typed, its times shown, the first free one taken.
async function moveTo(page, tr, day) {
  // A date input takes a whole date (the browser's picker), not typed characters.
  await page.locator(`input.mawid-input[aria-label="${tr['staff.book.day']}"]`).fill(day);
  await settle(page, () => tap(page, {id: 'staff/move/times'}));
  const time = await tap(page, {idPrefix: 'staff/move/time/'});
  await tap(page, {id: 'staff/move/go'});
  await find(page, {id: 'staff/move/message',
                    labelIncludes: tr['staff.move.done'].split('{when}')[1].trim().slice(0, 12)});
  return time.id.slice('staff/move/time/'.length);
}

for (const lang of ['en', 'ar']) {
  test(`a booking moved from the counter to another day, and the citizen told (${lang})`, async () => {
    const tr = await table(lang);
    const [booking] = await bookThroughApi(server.url, SUNDAY, 1, {skip: lang === 'en' ? 8 : 9});
    const {context, page} = await newTablet(browser, {locale: lang === 'ar' ? 'ar' : 'en-US'});
    await openStaff(page, server.url);
    await signIn(page, tr, 'isa.staff');
    await tap(page, {id: 'staff/bk/' + booking.code});
    await tap(page, {id: 'staff/counter/move'});
    // The move screen opens on the booking's own day, with its free times.
    await find(page, {id: 'staff/move/booking'});
    const day = page.locator(`input.mawid-input[aria-label="${tr['staff.book.day']}"]`);
    assert.equal(await day.inputValue(), SUNDAY);
    await find(page, {idPrefix: 'staff/move/time/'});
    const hhmm = await moveTo(page, tr, MONDAY);
    await shot(page, `${lang}-staff-move-done`);

    const moved = await lookup(booking);
    assert.equal(moved.status, 'booked');
    assert.ok(moved.start.startsWith(`${MONDAY}T${hhmm}`), `${moved.start} is ${MONDAY} ${hhmm}`);
    assert.equal(moved.code, booking.code, 'the code stays the same');
    await outboxMessage(server.dir, '-move.txt', booking.code);
    await context.close();
  });
}

test('a booking stranded by a closure is moved from the stranded list and leaves it', async () => {
  const tr = await table('en');
  const [stranded, other] = await bookThroughApi(server.url, MONDAY, 2, {skip: 20});
  const {context, page} = await newTablet(browser);
  await openStaff(page, server.url);
  await signIn(page, tr, 'isa.supervisor');
  await tap(page, {id: 'staff/go/admin'});
  await find(page, {id: 'staff/closure/apply'});
  // The closure's dates (the schedule section has a "From" of its own, further down).
  await page.locator(`input.mawid-input[aria-label="${tr['staff.admin.from']}"]`).first().fill(MONDAY);
  await page.locator(`input.mawid-input[aria-label="${tr['staff.admin.to']}"]`).first().fill(MONDAY);
  await tap(page, {id: 'staff/closure/apply'});
  await find(page, {id: 'staff/stranded/' + stranded.code});
  await find(page, {id: 'staff/stranded/' + other.code});

  // Its day is closed: the move screen opens there; its (no) times are asked and answered
  // before another day is chosen.
  await settle(page, () => tap(page, {id: 'staff/stranded/move/' + stranded.code}));
  await find(page, {id: 'staff/move/booking'});
  const tuesday = '2026-12-08';
  await moveTo(page, tr, tuesday);
  assert.ok((await lookup(stranded)).start.startsWith(tuesday));

  // Back at administration the list, asked again, no longer has it.
  await page.goBack();
  await find(page, {id: 'staff/stranded/' + other.code});
  const gone = await page.waitForFunction((id) => !window.mawid.widgets().some(w => w.id === id),
                                          'staff/stranded/' + stranded.code);
  assert.ok(gone);
  await shot(page, 'en-staff-move-stranded');
  await context.close();
});
