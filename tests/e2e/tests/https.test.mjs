// Mawid as deployed (docs/deploy.md): installed with `cmake --install`, behind Debian's nginx
// running the shipped deploy/nginx.conf (ports and paths substituted) with a throwaway
// self-signed certificate. A booking through HTTPS and HTTP/2 in the browser; the staff
// cookie is Secure, HSTS is sent and static files come gzip-compressed.
import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {root, serverBin, startServer, launchBrowser, newPhone, openApp, table} from '../lib/harness.mjs';
import {bookThroughUi, randomCpr} from '../lib/flows.mjs';
import {PASSWORD} from '../lib/staff.mjs';

let dir, server, nginx, browser, base;

// A port nobody listens on now (the kernel's choice), for nginx to take.
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const {port} = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

// `text` with `from` replaced by `to`; fails when the shipped file no longer has `from`,
// so the test never runs a config other than the one we ship.
function substitute(text, from, to) {
  assert.ok(text.includes(from), `deploy/nginx.conf no longer has ${JSON.stringify(from)}`);
  return text.split(from).join(to);
}

// The shipped site file, bound to loopback ports and this test's certificate and logs,
// inside a main config that keeps nginx in the foreground with everything in `dir`.
function nginxConfig(upstreamPort, httpPort, httpsPort) {
  let site = readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8');
  site = substitute(site, 'server 127.0.0.1:8080;', `server 127.0.0.1:${upstreamPort};`);
  site = substitute(site, 'listen 80;', `listen 127.0.0.1:${httpPort};`);
  site = substitute(site, 'listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`);
  site = site.split('\n').filter(line => !line.includes('listen [::]:')).join('\n');
  site = substitute(site, '/etc/ssl/mawid/', `${dir}/`);
  site = substitute(site, '/var/log/nginx/', `${dir}/`);
  writeFileSync(path.join(dir, 'site.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map(kind => `  ${kind}_temp_path ${dir}/${kind};`).join('\n');
  return `daemon off;\nmaster_process off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\n` +
         `events {}\nhttp {\n${temp}\n  access_log off;\n  include ${dir}/site.conf;\n}\n`;
}

// Starts nginx as our child; resolves once its https port takes connections.
async function startNginx(conf, port) {
  const proc = spawn('/usr/sbin/nginx', ['-p', dir, '-e', `${dir}/error.log`, '-c', conf],
                     {stdio: ['ignore', 'ignore', 'pipe']});
  let log = '';
  proc.stderr.on('data', (c) => { log += c; });
  const exited = new Promise((_, reject) => proc.on('exit', (code) =>
    reject(new Error(`nginx exited ${code}:\n${log}`))));
  exited.catch(() => {});
  const deadline = Date.now() + 10000;
  for (;;) {
    const up = await Promise.race([exited, new Promise(resolve => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    })]);
    if (up) return proc;
    if (Date.now() > deadline) throw new Error('nginx did not start:\n' + log);
    await new Promise(r => setTimeout(r, 50));
  }
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'mawid-https-'));
  // The install layout itself: bin/ and share/mawid/ under a fresh prefix.
  const prefix = path.join(dir, 'prefix');
  execFileSync('cmake', ['--install', path.dirname(path.dirname(serverBin)), '--prefix', prefix],
               {stdio: ['ignore', 'ignore', 'inherit']});
  const share = path.join(prefix, 'share/mawid');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
                           '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
                           '-keyout', path.join(dir, 'privkey.pem'), '-out', path.join(dir, 'fullchain.pem')],
               {stdio: 'ignore'});
  server = await startServer({
    bin: path.join(prefix, 'bin/mawid-server'), web: path.join(share, 'web'),
    extraArgs: ['--i18n', path.join(share, 'i18n'), '--catalog', path.join(share, 'catalog.json'),
                '--trusted-proxy', '127.0.0.1/32', '--fast-password-hashing'],
  });
  const [httpPort, httpsPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(Number(new URL(server.url).port), httpPort, httpsPort));
  nginx = await startNginx(conf, httpsPort);
  base = `https://127.0.0.1:${httpsPort}`;
  browser = await launchBrowser();
  // Plain http only redirects to https.
  const plain = await fetch(`http://127.0.0.1:${httpPort}/staff/`, {redirect: 'manual'});
  assert.equal(plain.status, 301);
  assert.equal(plain.headers.get('location'), 'https://127.0.0.1/staff/');
});

after(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise(r => nginx.once('exit', r));
    nginx.kill('SIGTERM');
    await Promise.race([exited, new Promise(r => setTimeout(r, 5000))]);
    if (nginx.exitCode === null) nginx.kill('SIGKILL');
  }
  await server?.stop();
  if (dir) rmSync(dir, {recursive: true, force: true});
});

test('a booking through nginx over HTTPS and HTTP/2, with HSTS, gzip and a Secure staff cookie', async () => {
  const tr = await table('en');
  const {context, page} = await newPhone(browser, {locale: 'en-GB', ignoreHTTPSErrors: true});
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await openApp(page, base);

  // HTTP/2 between browser and proxy, as the browser and nginx's own log see it.
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation')[0].nextHopProtocol), 'h2');
  // HSTS on the page: the server believed the proxy's X-Forwarded-Proto. It kept the
  // proxy's request id too, so nginx's log line and the server's name the same request.
  const home = responses.find(r => r.url() === base + '/');
  const headers = await home.allHeaders();
  assert.match(headers['strict-transport-security'] ?? '', /^max-age=31536000/);
  assert.match(readFileSync(path.join(dir, 'mawid.access.log'), 'utf8'),
               new RegExp(`"GET / HTTP/2\\.0" 200 .* rid=${headers['x-request-id']}\n`));
  // Static files gzip-compressed on the wire, named by their content and so kept a year.
  for (const file of [/\/app\.[0-9a-f]{10}\.js$/, /\/mawid\.[0-9a-f]{10}\.js$/,
                      /\/style\.[0-9a-f]{10}\.css$/]) {
    const r = responses.find(x => file.test(x.url()));
    assert.ok(r, `${file} not loaded:\n${responses.map(x => x.url()).join('\n')}`);
    const headers = await r.allHeaders();
    assert.equal(headers['content-encoding'], 'gzip', String(file));
    assert.equal(headers['cache-control'], 'public, max-age=31536000, immutable', String(file));
  }

  // One booking, end to end, then found through the proxy.
  const catalog = await (await context.request.get(base + '/api/v1/catalog')).json();
  const service = catalog.services.find(s => s.id === 'passport-renewal');
  const centre = catalog.centres.find(c => c.services.includes(service.id));
  const cpr = randomCpr();
  const {code} = await bookThroughUi(page, tr, {
    serviceName: service.name.en, centreName: centre.name.en, cpr, phone: '36001234'});
  const found = await context.request.post(base + '/api/v1/bookings/lookup', {data: {code, cpr}});
  assert.equal(found.status(), 200, await found.text());
  assert.equal((await found.json()).status, 'booked');

  // A staff sign-in through the proxy: the session cookie is Secure, under the __Host- name.
  const signIn = await context.request.post(base + '/api/v1/staff/sign-in', {
    headers: {'X-Mawid-Staff': '1'}, data: {username: 'isa.staff', password: PASSWORD}});
  assert.equal(signIn.status(), 200, await signIn.text());
  // Behind a proxy the public reaches the server: the published demo password must go first.
  assert.equal((await signIn.json()).must_change_password, true);
  const cookies = signIn.headersArray().filter(h => h.name.toLowerCase() === 'set-cookie');
  assert.equal(cookies.length, 1);
  assert.match(cookies[0].value, /^__Host-mawid_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
  assert.match(signIn.headers()['strict-transport-security'] ?? '', /^max-age=31536000/);
  await context.close();
});
