// The fleet's error codes are each documented.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { METRICS_ERROR_CODES } from '../../runtime/src/metrics/metrics-error';
import { ROLLOUT_ERROR_CODES } from '../../runtime/src/rollout/rollout-error';

const doc = (name: string): string =>
  readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'errors', name), 'utf8');

test('docs/errors/metrics.md and rollout.md document every code', () => {
  assert.deepEqual(
    METRICS_ERROR_CODES.filter((c) => !doc('metrics.md').includes(`\`${c}\``)),
    [],
  );
  assert.deepEqual(
    ROLLOUT_ERROR_CODES.filter((c) => !doc('rollout.md').includes(`\`${c}\``)),
    [],
  );
});
