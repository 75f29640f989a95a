#!/usr/bin/env node
// Size budget of the citizen app's first screen: everything the browser loads before
// the first interactive frame, gzip-compressed, must stay at or under 350 KB. The centre
// app (/staff/) is its own wasm, which citizens never load; its first screen is measured
// too, against the same budget.
// Usage: node tests/e2e/size-budget.mjs [dist-dir]   (exit 1 when over budget)
import {readFileSync, existsSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const BUDGET_BYTES = 350 * 1024;

// What index.html pulls in before the first frame: the page, its stylesheet and
// scripts, the wasm, the language list and the largest translation table (the app
// loads exactly one). The manifest and icons are not needed for the first frame but
// are fetched early by browsers, so they are counted too, to be strict.
export function firstScreenFiles(dist) {
  // mawid.wasm is counted gzip-compressed: the page fetches mawid.wasm.gz (already gzip,
  // so it is counted as it is on the wire).
  return withTable(dist, ['index.html', 'style.css', 'app.js', 'warmup.js', 'mawid.js',
                          'mawid.wasm', 'manifest.webmanifest', 'i18n/index.json']);
}

// The centre app's first screen: its page, manifest, script and wasm, and the shared ones.
export function staffFirstScreenFiles(dist) {
  return withTable(dist, ['staff/index.html', 'style.css', 'app.js', 'warmup.js', 'staff.js',
                          'staff/mawid-staff.js', 'staff/mawid-staff.wasm',
                          'staff/manifest.webmanifest', 'i18n/index.json']);
}

function withTable(dist, files) {
  const index = JSON.parse(readFileSync(path.join(dist, 'i18n/index.json'), 'utf8'));
  const tables = index.map(l => `i18n/${l.tag}.json`);
  tables.sort((a, b) => gz(dist, b) - gz(dist, a));
  files.push(tables[0]);
  return files;
}

function gz(dist, file) {
  return gzipSync(readFileSync(path.join(dist, file)), {level: 9}).length;
}

export function measure(dist, files = firstScreenFiles(dist)) {
  const rows = files.map(f => ({
    file: f, raw: readFileSync(path.join(dist, f)).length, gzip: gz(dist, f),
  }));
  const total = rows.reduce((s, r) => s + r.gzip, 0);
  const raw = rows.reduce((s, r) => s + r.raw, 0);
  return {rows, total, raw, budget: BUDGET_BYTES, ok: total <= BUDGET_BYTES};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dist = path.resolve(process.argv[2] || path.join(here, '../../build/web/dist'));
  if (!existsSync(path.join(dist, 'mawid.wasm'))) {
    console.error(`size-budget: no build in ${dist} (cmake --preset web && cmake --build build/web)`);
    process.exit(2);
  }
  let ok = true;
  for (const [name, files] of [['first screen', firstScreenFiles(dist)],
                               ['staff first screen', staffFirstScreenFiles(dist)]]) {
    const m = measure(dist, files);
    for (const r of m.rows) {
      console.log(`${r.file.padEnd(28)} ${String(r.raw).padStart(8)} B raw ${String(r.gzip).padStart(8)} B gzip`);
    }
    console.log(`${name.padEnd(28)} ${String(m.raw).padStart(8)} B raw ${String(m.total).padStart(8)} B gzip` +
                ` (budget ${m.budget} B): ${m.ok ? 'OK' : 'OVER BUDGET'}\n`);
    ok = ok && m.ok;
  }
  process.exit(ok ? 0 : 1);
}
