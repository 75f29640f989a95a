// The app starts, draws its first screen from the translation table, exposes its
// widgets, and a tap on a button moves to the next screen.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, launchBrowser, newPhone, openApp, find, tap, shot, table} from '../lib/harness.mjs';

let server, browser;
before(async () => { server = await startServer(); browser = await launchBrowser(); });
after(async () => { await browser?.close(); await server?.stop(); });

test('first screen in English, tap opens the service list', async () => {
  const en = await table('en');
  const {context, page} = await newPhone(browser, {locale: 'en-US'});
  await openApp(page, server.url);
  const book = await find(page, en['home.book']);
  assert.equal(book.role, 'button');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'ltr');
  await shot(page, 'smoke-home-en');
  await tap(page, en['home.book']);
  await find(page, en['services.title']);
  await find(page, 'ID card issuance');
  await shot(page, 'smoke-services-en');
  await context.close();
});
