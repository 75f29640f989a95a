// The audit trail in the centre app, on a 1024x768 touch screen, in English and Arabic: a
// supervisor checks in a booking at the counter, opens the trail, finds that check-in under
// their name with the booking's code and the action in words, narrows the list to one
// action and then another, and downloads the entries as CSV.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {startServer, launchBrowser, find, tap, settle, shot, widgets} from '../lib/harness.mjs';
import {serverArgs, newTablet, openStaff, signIn, bookThroughApi, citizenStatus, SUNDAY, table}
  from '../lib/staff.mjs';

let server, browser;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const SUPERVISOR = 'isa.supervisor';

async function entries(page) {
  return (await widgets(page)).filter(w => w.id.startsWith('staff/audit/entry/'));
}

// "K7M4QX9TZ" as the app shows it: "K7M-4QX-9TZ".
const spoken = (code) => `${code.slice(0, 3)}-${code.slice(3, 6)}-${code.slice(6)}`;

// The longest text around the placeholder: what a message says whichever side the code is on.
const longestPart = (text) => text.split('{code}').map(p => p.trim()).sort((a, b) => b.length - a.length)[0];

// The entry about this booking (the other language's run left entries of its own), once the
// answer is drawn; then scrolled into view.
async function entryAbout(page, code) {
  await page.waitForFunction((text) => window.mawid.widgets().some(
    w => w.id.startsWith('staff/audit/entry/') && w.detail.includes(text)), spoken(code));
  const w = (await entries(page)).find(x => x.detail.includes(spoken(code)));
  return find(page, {id: w.id});
}

for (const lang of ['en', 'ar']) {
  test(`a supervisor finds their check-in in the audit trail and filters by action (${lang})`, async () => {
    const tr = await table(lang);
    const [booking] = await bookThroughApi(server.url, SUNDAY, 1, {skip: lang === 'en' ? 2 : 6});
    const {context, page} = await newTablet(browser, {locale: lang === 'ar' ? 'ar' : 'en-US'});
    await openStaff(page, server.url);
    await signIn(page, tr, SUPERVISOR);

    // At the counter: the booking checked in.
    await tap(page, {id: 'staff/bk/' + booking.code});
    await settle(page, () => tap(page, {id: 'staff/counter/check-in'}));
    await find(page, {labelIncludes: longestPart(tr['staff.counter.done.check-in'])});
    assert.equal(await citizenStatus(server.url, booking), 'checked_in');

    // The trail: today's entries, the check-in first, in words, with the member and the code.
    await page.goBack();
    await settle(page, () => tap(page, {id: 'staff/go/audit'}));
    await find(page, tr['staff.title.audit']);
    const checkIn = tr['staff.audit.action.check_in'];
    const row = await entryAbout(page, booking.code);
    assert.ok(row.label.includes(checkIn), row.label);
    assert.ok(row.detail.includes(SUPERVISOR), row.detail);
    if (lang === 'en') assert.match(row.label, /^06:30 · /);  // the centre's local time
    const signedIn = tr['staff.audit.action.sign_in'];
    assert.ok((await entries(page)).some(w => w.label.includes(signedIn)), 'the sign-in is listed');
    await page.mouse.move(512, 400);
    await shot(page, `${lang}-staff-10-audit`);

    // Only check-ins: the sign-in leaves the list, the check-in stays.
    await settle(page, () => tap(page, {id: 'staff/audit/action/check_in'}));
    await find(page, {id: row.id});
    let shown = await entries(page);
    assert.ok(shown.length >= 1);
    assert.ok(shown.every(w => w.label.includes(checkIn)), shown.map(w => w.label).join('\n'));
    await shot(page, `${lang}-staff-11-audit-check-ins`);

    // Only sign-ins: now the check-in is gone.
    await settle(page, () => tap(page, {id: 'staff/audit/action/sign_in'}));
    await find(page, {idPrefix: 'staff/audit/entry/', labelIncludes: signedIn});
    shown = await entries(page);
    assert.ok(!shown.some(w => w.id === row.id), 'the check-in is filtered out');
    assert.ok(shown.every(w => w.label.includes(signedIn) && w.detail.includes(SUPERVISOR)),
              shown.map(w => `${w.label} | ${w.detail}`).join('\n'));

    // The same filters as a CSV file: the header, then this supervisor's sign-ins.
    const [download] = await Promise.all([page.waitForEvent('download'),
                                          tap(page, {id: 'staff/audit/csv'})]);
    assert.equal(download.suggestedFilename(), `mawid-audit-isa-town-service-centre-${SUNDAY}.csv`);
    const csv = await readFile(await download.path(), 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    assert.equal(lines[0], 'id,at,username,centre,action,booking,detail');
    assert.ok(lines.length >= 2, csv);
    for (const line of lines.slice(1)) {
      assert.match(line, /,isa\.supervisor,isa-town-service-centre,sign_in,,$/);
    }
    await context.close();
  });
}
