// The client's unit tests (client/tests, doctest built with em++) run under Node.js.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {root} from '../lib/harness.mjs';

test('client unit tests (input queue, calendar file, search, translation tables)', () => {
  const bin = path.join(root, 'build/web/client-tests/mawid_client_tests.js');
  assert.ok(existsSync(bin), `${bin} missing: cmake --build build/web`);
  const run = spawnSync(process.execPath, [bin, '--no-colors'], {encoding: 'utf8'});
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /Status: SUCCESS/);
});
