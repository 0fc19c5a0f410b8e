// Director events reach admin subscribers under the admin protocol's kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { publishAs } from '../../runtime/src/director/director-daemon-service';

test('Director events are published as director/<kind>, with activated and restarted under the admin protocol names', () => {
  const seen: [string, unknown][] = [];
  const publish = publishAs({ publish: (kind, data) => seen.push([kind, data]) });
  const address = { system: 's', id: 'a1' };
  publish({ kind: 'source-activated', group: 'foo', sourceHash: 'h', version: '1.2', time: 't' });
  publish({
    kind: 'actor-restarted',
    group: 'foo',
    sourceHash: 'h',
    actorClass: 'foo.A',
    role: 'R',
    address,
    restarts: 2,
    time: 't',
  });
  publish({ kind: 'source-unloaded', group: 'foo', sourceHash: 'h', version: '1.1', time: 't' });
  assert.deepEqual(seen, [
    ['director/activated', { group: 'foo', sourceHash: 'h', version: '1.2' }],
    ['director/restarted', { group: 'foo', sourceHash: 'h', actorClass: 'foo.A', role: 'R', address, restarts: 2 }],
    ['director/source-unloaded', { group: 'foo', sourceHash: 'h', version: '1.1' }],
  ]);
});
