// Adding a language is adding a table: a copy of the build gets a third table through
// the same build step (client/cmake/copy_shell.cmake), and the app offers it, switches
// to it and lays it out right to left, with no code change.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {root, dist, startServer, launchBrowser, newPhone, openApp, find, tap, table} from '../lib/harness.mjs';
import {bookableDay} from '../lib/flows.mjs';

let server, browser, dir;
before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mawid-lang-'));
  const web = path.join(dir, 'dist'), i18n = path.join(dir, 'i18n');
  cpSync(dist, web, {recursive: true});
  // Only this copy's tables: the build's own ur.json would hide the stand-in (CMake's
  // file(COPY) skips a file whose time stamp matches to the second).
  rmSync(path.join(web, 'i18n'), {recursive: true, force: true});
  mkdirSync(i18n);
  for (const f of ['en.json', 'ar.json']) cpSync(path.join(root, 'assets/i18n', f), path.join(i18n, f));
  // A stand-in Urdu table: English words marked so the test can tell it is in use.
  const en = JSON.parse(readFileSync(path.join(root, 'assets/i18n/en.json'), 'utf8'));
  const ur = Object.fromEntries(Object.entries(en).map(([k, v]) => [k, k === '_meta' ? v : `[ur] ${v}`]));
  ur._meta = {name: 'اردو', dir: 'rtl', digits: 'arabext'};
  writeFileSync(path.join(i18n, 'ur.json'), JSON.stringify(ur));
  execFileSync('cmake', [`-DWEB=${path.join(root, 'web')}`, `-DI18N=${i18n}`, `-DDIST=${web}`,
                         '-P', path.join(root, 'client/cmake/copy_shell.cmake')]);
  server = await startServer({web});
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, {recursive: true, force: true});
});

test('a third table appears in the language list and works right to left', async () => {
  const en = await table('en');
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  await tap(page, {id: 'nav/lang'});
  await find(page, en['language.title']);
  for (const id of ['lang/ar', 'lang/en', 'lang/ur']) await find(page, {id});
  await tap(page, {id: 'lang/ur'});
  await find(page, '[ur] ' + en['home.book']);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ur');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  const lang = await find(page, {id: 'nav/lang'});
  assert.ok(lang.x < 100, 'language button moved to the left edge');

  // Its table asks for Urdu digits: times and dates use them, ids and codes do not.
  await tap(page, '[ur] ' + en['home.book']);
  await tap(page, {id: 'svc/id-card-renewal'});
  await tap(page, {id: 'ctr/manama-service-centre'});
  await tap(page, bookableDay());
  const time = await find(page, {idPrefix: 'time/', enabled: true});
  assert.match(time.id, /^time\/\d\d:\d\d$/);
  assert.match(time.label, /^[۰-۹]{2}:[۰-۹]{2}, /);
  await context.close();
});
