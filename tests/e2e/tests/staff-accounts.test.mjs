// Accounts in the centre app, on 1024x768 touch screens, in English and Arabic: an admin
// disables a member's account on the accounts screen (asked once more) and the member's own
// tablet, still showing the day, is sent to the sign-in screen on its next action, told why;
// enabled again, the member signs in. An admin asks a member for a new password: after
// signing in the member sees only the password screen (a reload too) until it is changed,
// then the day.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, find, tap, typeInto, settle, shot, widgets, reopen} from '../lib/harness.mjs';
import {serverArgs, newTablet, openStaff, signIn, table, PASSWORD} from '../lib/staff.mjs';

let server, browser;
before(async () => {
  server = await startServer({extraArgs: serverArgs});
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); await server?.stop(); });

const locale = (lang) => (lang === 'ar' ? 'ar' : 'en-US');

// The admin's tablet on the accounts screen, with `username`'s account opened.
async function adminOnAccount(lang, tr, username) {
  const admin = await newTablet(browser, {locale: locale(lang)});
  await openStaff(admin.page, server.url);
  await signIn(admin.page, tr, 'admin');
  await tap(admin.page, {id: 'staff/go/accounts'});
  await tap(admin.page, {id: 'staff/accounts/' + username});
  return admin;
}

// The account's row says its state (the row's detail ends with it).
async function rowState(page, username, label) {
  await page.waitForFunction(([id, label]) => window.mawid.widgets().some(
    w => w.id === id && w.detail.endsWith(label)), ['staff/accounts/' + username, label]);
}

for (const lang of ['en', 'ar']) {
  test(`an admin disables an account and the member's open tablet is signed out (${lang})`, async () => {
    const tr = await table(lang);
    const member = await newTablet(browser, {locale: locale(lang)});
    await openStaff(member.page, server.url);
    await signIn(member.page, tr, 'isa.staff');

    const admin = await adminOnAccount(lang, tr, 'isa.staff');
    await rowState(admin.page, 'isa.staff', tr['staff.accounts.state.active']);
    // Disabling is asked once more; "keep" changes nothing.
    await tap(admin.page, {id: 'staff/account/disable/isa.staff'});
    await find(admin.page, {id: 'staff/account/disable-warning',
                            label: tr['staff.accounts.disable_confirm'].replace('{name}', 'isa.staff')});
    await tap(admin.page, {id: 'staff/account/keep/isa.staff'});
    await find(admin.page, {id: 'staff/account/disable/isa.staff'});
    await tap(admin.page, {id: 'staff/account/disable/isa.staff'});
    await shot(admin.page, `${lang}-staff-12-disable-confirm`);
    await settle(admin.page, () => tap(admin.page, {id: 'staff/account/confirm/isa.staff'}));
    await find(admin.page, {id: 'staff/accounts/message',
                            label: tr['staff.accounts.disabled'].replace('{name}', 'isa.staff')});
    await rowState(admin.page, 'isa.staff', tr['staff.accounts.state.disabled']);
    await shot(admin.page, `${lang}-staff-13-accounts`);

    // The member's tablet still shows the day; its next action finds the account disabled.
    await find(member.page, {id: 'staff/day/date'});
    await tap(member.page, {id: 'staff/day/refresh'});
    await find(member.page, {id: 'staff/signin/message', label: tr['error.account_disabled']});
    assert.ok(!(await widgets(member.page)).some(w => w.id === 'staff/day/date'));
    // Signing in again is refused with the same reason.
    await typeInto(member.page, tr['staff.signin.username'], 'isa.staff');
    await typeInto(member.page, tr['staff.signin.password'], PASSWORD);
    await settle(member.page, () => tap(member.page, {id: 'staff/signin/go'}));
    await find(member.page, {id: 'staff/signin/message', label: tr['error.account_disabled']});

    // Enabled again, the member signs in.
    await settle(admin.page, () => tap(admin.page, {id: 'staff/account/enable/isa.staff'}));
    await rowState(admin.page, 'isa.staff', tr['staff.accounts.state.active']);
    await signIn(member.page, tr, 'isa.staff');
    await admin.context.close();
    await member.context.close();
  });
}

// English: isa.supervisor; Arabic: isa.staff (whose password the English run left alone).
for (const [lang, username] of [['en', 'isa.supervisor'], ['ar', 'isa.staff']]) {
  test(`a forced password change comes right after sign-in and leads to the day (${lang})`, async () => {
    const tr = await table(lang);
    const admin = await adminOnAccount(lang, tr, username);
    await settle(admin.page, () => tap(admin.page, {id: 'staff/account/force/' + username}));
    await find(admin.page, {id: 'staff/accounts/message',
                            label: tr['staff.accounts.forced'].replace('{name}', username)});
    await rowState(admin.page, username, tr['staff.accounts.state.must_change']);

    const member = await newTablet(browser, {locale: locale(lang)});
    const {page} = member;
    await openStaff(page, server.url);
    await typeInto(page, tr['staff.signin.username'], username);
    await typeInto(page, tr['staff.signin.password'], PASSWORD);
    await settle(page, () => tap(page, {id: 'staff/signin/go'}));
    await find(page, {id: 'staff/password/message', label: tr['staff.password.required']});
    const screen = await widgets(page);
    assert.ok(!screen.some(w => w.id === 'staff/day/date' || w.id.startsWith('staff/go/')),
              'nothing but the password screen');
    // Still so after a reload: the server keeps asking.
    await reopen(page);
    await find(page, {id: 'staff/password/go'});
    assert.ok(!(await widgets(page)).some(w => w.id === 'staff/day/date'));
    await shot(page, `${lang}-staff-14-password`);

    const fresh = `${username}-own-2026`;
    await typeInto(page, tr['staff.password.current'], PASSWORD);
    await typeInto(page, tr['staff.password.new'], fresh);
    await typeInto(page, tr['staff.password.repeat'], fresh + 'x');
    await tap(page, {id: 'staff/password/go'});
    await find(page, {id: 'staff/password/message', label: tr['staff.password.mismatch']});
    await typeInto(page, tr['staff.password.repeat'], fresh);
    await settle(page, () => tap(page, {id: 'staff/password/go'}));
    await find(page, {id: 'staff/day/date'}, {timeout: 20000});
    await find(page, {id: 'staff/day/notice', label: tr['staff.password.changed']});
    await shot(page, `${lang}-staff-15-password-changed`);

    // The admin's list says it is done once asked again.
    await admin.page.goBack();
    await tap(admin.page, {id: 'staff/go/accounts'});
    await rowState(admin.page, username, tr['staff.accounts.state.active']);
    await admin.context.close();
    await member.context.close();
  });
}

// Accounts made through the API as an admin's own script would: `count` staff of the demo
// centre, named "staff.000" on, so they sort after the demo's three (admin, isa.*).
async function addAccounts(count) {
  const signIn = await fetch(server.url + '/api/v1/staff/sign-in', {
    method: 'POST', headers: {'Content-Type': 'application/json', 'X-Mawid-Staff': '1'},
    body: JSON.stringify({username: 'admin', password: PASSWORD})});
  assert.equal(signIn.status, 200);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  for (let i = 0; i < count; ++i) {
    const r = await fetch(server.url + '/api/v1/staff/users', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'X-Mawid-Staff': '1', Cookie: cookie},
      body: JSON.stringify({username: `staff.${String(i).padStart(3, '0')}`, password: PASSWORD,
                            role: 'staff', centre: 'isa-town-service-centre'})});
    assert.equal(r.status, 201);
  }
}

test('a long account list comes a page at a time: "Show more" brings the rest (en)', async () => {
  const tr = await table('en');
  await addAccounts(100);  // 103 in all with the demo's three; a page holds 100
  const admin = await newTablet(browser);
  await openStaff(admin.page, server.url);
  await signIn(admin.page, tr, 'admin');
  await settle(admin.page, () => tap(admin.page, {id: 'staff/go/accounts'}));
  const first = await widgets(admin.page);
  assert.ok(first.some(w => w.id === 'staff/accounts/staff.096'), 'the first page ends at staff.096');
  assert.ok(!first.some(w => w.id === 'staff/accounts/staff.097'), 'staff.097 is on the next page');
  await settle(admin.page, () => tap(admin.page, {id: 'staff/accounts/more', label: tr['staff.list.more']}));
  await find(admin.page, {id: 'staff/accounts/staff.099'});
  const all = await widgets(admin.page);
  assert.equal(all.filter(w => w.id.startsWith('staff/accounts/staff.')).length, 100);
  assert.ok(!all.some(w => w.id === 'staff/accounts/more'), 'no more pages');
  await admin.context.close();
});
