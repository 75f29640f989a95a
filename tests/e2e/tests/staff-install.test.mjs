// The centre app is installable: Chromium finds its manifest (own start URL and scope,
// standalone, icons 192 and 512 that really are those sizes) and the service worker
// controlling /staff/, and reports no installability errors. Also the phone layout.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {chromium} from 'playwright-core';
import {startServer, launchBrowser, chromiumArgs, dist, newPhone, find, shot} from '../lib/harness.mjs';
import {serverArgs, openStaff, signIn, bookThroughApi, SUNDAY, table} from '../lib/staff.mjs';

let server;
before(async () => { server = await startServer({extraArgs: serverArgs}); });
after(async () => { await server?.stop(); });

// Width and height from a PNG's IHDR chunk.
function pngSize(file) {
  const b = readFileSync(file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

test('Chromium reports the centre app installable', async () => {
  // A persistent profile: Chromium never offers installation in an off-the-record one.
  const profile = mkdtempSync(path.join(tmpdir(), 'mawid-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs,
    viewport: {width: 1024, height: 768},
  });
  try {
    const page = context.pages()[0] || await context.newPage();
    await openStaff(page, server.url);
    const scope = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return reg.scope;
    });
    assert.equal(scope, server.url + '/');
    await page.reload();  // now controlled by the service worker
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.equal(manifest.url, server.url + '/staff/manifest.webmanifest');
    assert.deepEqual(manifest.errors, []);
    const data = JSON.parse(manifest.data);
    assert.equal(data.display, 'standalone');
    assert.equal(new URL(data.start_url, manifest.url).href, server.url + '/staff/');
    for (const icon of data.icons) {
      const [w, h] = pngSize(path.join(dist, 'staff', icon.src));
      assert.equal(`${w}x${h}`, icon.sizes, icon.src);
    }
    assert.deepEqual(data.icons.map(i => i.sizes).sort(), ['192x192', '512x512']);
    // The worker's fetch handler may still be starting: ask again until Chromium has no
    // objection left (a real one stays, and is reported after a minute).
    const deadline = Date.now() + 60000;
    let errors = (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors;
    while (errors.length > 0 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
      errors = (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors;
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    rmSync(profile, {recursive: true, force: true});
  }
});

test('the centre app on a phone, in Arabic', async () => {
  const browser = await launchBrowser();
  try {
    const tr = await table('ar');
    const [b] = await bookThroughApi(server.url, SUNDAY, 1);
    const {page} = await newPhone(browser, {locale: 'ar'});
    await openStaff(page, server.url);
    await signIn(page, tr, 'isa.staff');
    const row = await find(page, {id: 'staff/bk/' + b.code});
    assert.ok(row.x >= 0 && row.x + row.w <= 390, 'the list fits the phone');
    await shot(page, 'ar-staff-10-phone-day');
  } finally {
    await browser.close();
  }
});
