// The first screen stays within 350 KB gzip (see size-budget.mjs; docs/performance.md).
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {measure, firstScreenFiles, staffFirstScreenFiles} from '../size-budget.mjs';
import {dist, artifacts} from '../lib/harness.mjs';

test('first screen is at most 350 KB gzip', () => {
  const m = measure(dist);
  mkdirSync(artifacts, {recursive: true});
  writeFileSync(path.join(artifacts, 'size-budget.json'), JSON.stringify(m, null, 1));
  assert.ok(m.ok, `first screen ${m.total} B gzip > budget ${m.budget} B:\n` +
            m.rows.map(r => `${r.file}: ${r.gzip}`).join('\n'));
});

test('the centre app is its own wasm, within the same budget', () => {
  const m = measure(dist, staffFirstScreenFiles(dist));
  assert.ok(m.ok, `staff first screen ${m.total} B gzip > budget ${m.budget} B`);
  assert.ok(!firstScreenFiles(dist).some(f => f.startsWith('staff/')), 'citizens load no staff file');
});
