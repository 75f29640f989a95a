// The centre app at the counter, on a 1024x768 touch screen: a member of staff signs in,
// checks in a booking made through the citizen API, marks another no-show (a typo in a
// typed code is caught on the spot, before any request), and issues a priority walk-in
// ticket, and books for a citizen who called (their e-mail gets the confirmation too).
// Screenshots in English and Arabic.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, find, tap, typeInto, shot, widgets, outboxMessage} from '../lib/harness.mjs';
import {serverArgs, newTablet, openStaff, signIn, bookThroughApi, citizenStatus, randomCpr, SUNDAY, table}
  from '../lib/staff.mjs';

let server, browser;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

// A code with one character changed: its check character no longer matches.
function typo(code) {
  const swap = code[3] === 'A' ? 'B' : 'A';
  return code.slice(0, 3) + swap + code.slice(4);
}

for (const lang of ['en', 'ar']) {
  test(`check in, no-show and a walk-in ticket at the counter (${lang})`, async () => {
    const tr = await table(lang);
    const [first, second] = await bookThroughApi(server.url, SUNDAY, 2, {skip: lang === 'en' ? 0 : 4});
    const {context, page} = await newTablet(browser, {locale: lang === 'ar' ? 'ar' : 'en-US'});
    await openStaff(page, server.url);
    await find(page, {id: 'staff/signin/go'});
    await shot(page, `${lang}-staff-1-signin`);
    const password = page.locator(`input.mawid-input[aria-label="${tr['staff.signin.password']}"]`);
    await signIn(page, tr, 'isa.staff');
    assert.equal(await password.getAttribute('type'), 'password');

    // The day lists the citizen's booking; tapping it opens the counter with its code.
    const row = await find(page, {id: 'staff/bk/' + first.code});
    assert.ok(row.detail.includes(first.phone.slice(-4)), row.detail);
    await shot(page, `${lang}-staff-2-day`);
    await tap(page, {id: 'staff/bk/' + first.code});
    await find(page, {id: 'staff/counter/booking'});
    await tap(page, {id: 'staff/counter/check-in'});
    await find(page, {labelIncludes: tr['staff.counter.done.check-in'].split('{code}')[1].trim()});
    await shot(page, `${lang}-staff-3-checked-in`);
    assert.equal(await citizenStatus(server.url, first), 'checked_in');

    // A mistyped code: the field says so and no action can be sent.
    await typeInto(page, tr['staff.counter.code'], typo(second.code).toLowerCase());
    await find(page, {id: 'error/103'});
    const noShow = (await widgets(page)).find(w => w.id === 'staff/counter/no-show');
    assert.ok(noShow.state.includes('disabled'), 'no request for a mistyped code');
    await shot(page, `${lang}-staff-4-typo`);
    // Typed as read aloud, with dashes, it is accepted.
    const spoken = second.code.slice(0, 3) + '-' + second.code.slice(3, 6) + '-' + second.code.slice(6);
    await typeInto(page, tr['staff.counter.code'], spoken.toLowerCase());
    await tap(page, {id: 'staff/counter/no-show'});
    await find(page, {labelIncludes: tr['staff.counter.done.no-show'].split('{code}')[1].trim()});
    assert.equal(await citizenStatus(server.url, second), 'no_show');

    // A priority walk-in: the ticket number is shown large. A phone typed wrong is said
    // before any ticket is printed, and kept to be corrected; the right one goes with it.
    await page.goBack();
    await tap(page, {id: 'staff/go/walk-in'});
    await tap(page, {id: 'staff/wi/id-card-renewal'});
    await tap(page, {id: 'staff/wi/priority'});
    await typeInto(page, tr['staff.walk_in.phone'], '3600');
    await tap(page, {id: 'staff/walk-in/issue'});
    await find(page, tr['staff.walk_in.bad_phone']);
    const phoneInput = page.locator(`input.mawid-input[aria-label="${tr['staff.walk_in.phone']}"]`);
    assert.equal(await phoneInput.inputValue(), '3600');
    await typeInto(page, tr['staff.walk_in.phone'], '3600 7777');
    const sent = page.waitForRequest(r => r.url().endsWith('/walk-ins') && r.method() === 'POST');
    await tap(page, {id: 'staff/walk-in/issue'});
    const body = JSON.parse((await sent).postData());
    assert.equal(body.phone, '+97336007777');
    assert.equal(body.lang, lang);
    const ticket = await find(page, {id: 'staff/ticket'});
    assert.equal(await phoneInput.inputValue(), '', 'the next ticket starts without a phone');
    assert.match(ticket.label, /P-\d{3}/);
    assert.ok(ticket.h >= 40, 'the ticket number is large');
    await find(page, {idPrefix: 'staff/wi/served/'});
    await shot(page, `${lang}-staff-5-walk-in`);

    // A booking on a citizen's behalf (they called): today, the first free time.
    await page.goBack();
    await tap(page, {id: 'staff/go/book'});
    await tap(page, {id: 'staff/bs/passport-renewal'});
    await tap(page, {idPrefix: 'staff/time/'});
    const cpr = randomCpr();
    await find(page, {id: 'staff/book/go'});  // scrolls the form's fields wholly into view
    await typeInto(page, tr['details.cpr'], cpr);
    await typeInto(page, tr['details.phone'], '36005555');
    // Their e-mail, typed wrong: said, and kept to be corrected. The confirmation then goes
    // there too, and the form is left empty for the next citizen.
    const email = `citizen.${cpr}@example.com`;
    const emailInput = page.locator(`input.mawid-input[aria-label="${tr['details.email']}"]`);
    await typeInto(page, tr['details.email'], `citizen.${cpr}@example`);
    await tap(page, {id: 'staff/book/go'});
    await find(page, tr['error.invalid_email']);
    assert.equal(await emailInput.inputValue(), `citizen.${cpr}@example`);
    await typeInto(page, tr['details.email'], email);
    await tap(page, {id: 'staff/book/go'});
    const made = await find(page, {id: 'staff/book/code'});
    const code = made.label.replace(/-/g, '');
    assert.equal(await citizenStatus(server.url, {code, cpr}), 'booked');
    const mail = await outboxMessage(server.dir, '-confirmation.eml', email);
    assert.match(mail, new RegExp(`^To: ${email.replace(/\./g, '\\.')}\r?$`, 'm'));
    await tap(page, {idPrefix: 'staff/time/'});  // the next caller's time
    await find(page, {id: 'staff/book/go'});
    for (const field of ['details.cpr', 'details.phone', 'details.email']) {
      const input = page.locator(`input.mawid-input[aria-label="${tr[field]}"]`);
      assert.equal(await input.inputValue(), '', `${field} is empty for the next citizen`);
    }
    await shot(page, `${lang}-staff-6-booked-for-citizen`);
    await context.close();
  });
}

// Where the browser offers BarcodeDetector (not Chromium on Linux), the counter scans the
// citizen's QR code with the camera. Here both are stand-ins: a detector that reads the
// code and a camera stream drawn from a canvas; the app's path from button to check-in is
// the real one.
test('scanning a QR code fills the code; the scan button is hidden without BarcodeDetector', async () => {
  const tr = await table('en');
  const [b] = await bookThroughApi(server.url, SUNDAY, 1, {skip: 12});
  const {context, page} = await newTablet(browser);
  await openStaff(page, server.url);
  await signIn(page, tr, 'isa.staff');
  await tap(page, {id: 'staff/go/counter'});
  await find(page, {id: 'staff/counter/check-in'});
  assert.ok(!(await widgets(page)).some(w => w.id === 'staff/counter/scan'), 'no scanner offered');
  await context.close();

  const scanning = await newTablet(browser);
  await scanning.context.addInitScript((code) => {
    window.BarcodeDetector = class { detect() { return Promise.resolve([{rawValue: code}]); } };
    navigator.mediaDevices.getUserMedia = async () => {
      const c = document.createElement('canvas');
      c.width = 64; c.height = 64;
      const g = c.getContext('2d');
      setInterval(() => { g.fillStyle = '#' + Math.floor(Math.random() * 4095).toString(16); g.fillRect(0, 0, 64, 64); }, 50);
      return c.captureStream(10);
    };
  }, b.code);
  const page2 = scanning.page;
  await openStaff(page2, server.url);
  await signIn(page2, tr, 'isa.staff');
  await tap(page2, {id: 'staff/go/counter'});
  await tap(page2, {id: 'staff/counter/scan'});
  await find(page2, {id: 'staff/counter/booking'});  // the scanned code is the day's booking
  await tap(page2, {id: 'staff/counter/check-in'});
  await find(page2, {labelIncludes: tr['staff.counter.done.check-in'].split('{code}')[1].trim()});
  assert.equal(await citizenStatus(server.url, b), 'checked_in');
  assert.equal(await page2.locator('.mawid-scan').count(), 0, 'the camera view is closed');
  await scanning.context.close();
});
