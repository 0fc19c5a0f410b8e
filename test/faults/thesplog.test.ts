// Logging works as documented: a real daemon applies thesplog.cfg in the folder of thesplogd.cfg.
// The guide's example writes its file with the daemon's lines and the actors' records (from a
// source worker, with the actor's address); a size-rotated handler rotates as configured; a
// handler that cannot open its file is a warning at start naming the handler and the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawnDaemon } from '../../runtime/src/daemon/spawn-daemon';
import { getRoleAddress } from '../../runtime/src/director/role-address';
import { sealPackage } from '../../packager/src/seal';
import { loadSigningKey } from '../../packager/src/signing-key';
import { makeZip } from '../runtime/helpers';
import type { FaultEnv } from './fault-env';
import { askActor, connector, ctxOf, entry, faultEnv, run, waitFor } from './fault-env';
import { GUIDE_THESPLOG } from '../config/fixtures';

/** Main logs its OnLoad message; 'spam' logs 200 lines; 'who' answers. */
function loggingZip(): Promise<Uint8Array> {
  return makeZip({
    'foo/app.js': `
      const { Actor } = require('thespian-director');
      class Main extends Actor {
        receiveMessage(m, s) {
          if (m === 'who') { if (s) this.send(s, 'logger'); return; }
          if (m === 'spam') { for (let i = 0; i < 200; i++) this.logger.info('spam line ' + i + ' ' + 'x'.repeat(80)); if (s) this.send(s, 'done'); return; }
          this.logger.info('hello from the actor: ' + JSON.stringify(m));
        }
      }
      class Worker extends Actor { receiveMessage() {} }
      module.exports = { Main, Worker };`,
  });
}

async function withLoggingPackage(e: FaultEnv, thesplog: string): Promise<string> {
  const logDir = path.join(e.root, 'logs');
  writeFileSync(path.join(e.dir, 'thesplog.cfg'), thesplog);
  writeFileSync(path.join(e.dir, 'thesplogd.cfg'), `${logDir}\n`);
  writeFileSync(
    path.join(e.dir, 'foo-1.1.tls'),
    sealPackage({
      zip: await loggingZip(),
      group: 'foo',
      version: '1.1',
      createdAt: new Date(),
      signingKey: await loadSigningKey(e.key),
    }),
  );
  return logDir;
}

test("faults: the guide's thesplog.cfg, applied by a real daemon, writes its file with daemon lines and actor records (with the actor address)", async (t) => {
  const e = await faultEnv(t);
  const logDir = await withLoggingPackage(e, GUIDE_THESPLOG);
  const l = await run(e, 'load', 'foo-1.1.tls');
  assert.equal(l.code, 0, l.err);
  const file = path.join(logDir, 'fooapp.log');
  await waitFor(
    () => existsSync(file) && readFileSync(file, 'utf8').includes('hello from the actor'),
    10_000,
    'the actor record in fooapp.log',
  );
  const text = readFileSync(file, 'utf8');
  const role = await getRoleAddress(ctxOf(e), 'MainFoo', { connector });
  const addr = role?.ActorAddress as { system: string; id: string };
  const line = text.split('\n').find((x) => x.includes('hello from the actor')) ?? '';
  // '%(asctime)s,%(msecs)d %(actorAddress)s/PID:%(process)d %(name)s %(levelname)s %(message)s'
  assert.match(
    line,
    new RegExp(
      `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+ ActorAddr-\\(${addr.system.replace(/[.|]/g, '\\$&')}\\|${addr.id.replace(/\./g, '\\.')}\\)/PID:\\d+ foo\\.app\\.Main INFO hello from the actor: \\{"tag":"load"\\}$`,
    ),
    line,
  );
  assert.match(
    text,
    /-not-actor-\/PID:\d+ thespian\.daemon INFO listening on /,
    "the daemon's own lines, with the filter's placeholder address",
  );
  assert.equal(await askActor(e, addr, 'who'), 'logger');
});

test('faults: a size-rotated handler rotates as configured', async (t) => {
  const e = await faultEnv(t);
  const rotating = `{
    version: 1,
    formatters: { plain: { format: '%(name)s %(message)s' } },
    handlers: {
      rot: { class: 'logging.handlers.RotatingFileHandler', filename: 'rot.log', maxBytes: 4000, backupCount: 2, formatter: 'plain', level: 20 },
    },
    root: { level: 20, handlers: ['rot'] },
  }`;
  const logDir = await withLoggingPackage(e, rotating);
  // A real start (the daemon entry, its output in .daemon/daemon.log).
  await spawnDaemon({ directorDir: e.dir, env: e.env, entry });
  const role = await getRoleAddress(ctxOf(e), 'MainFoo', { connector });
  assert.equal(await askActor(e, role?.ActorAddress, 'spam'), 'done');
  await waitFor(
    () => existsSync(path.join(logDir, 'rot.log.1')) && existsSync(path.join(logDir, 'rot.log.2')),
    10_000,
    'rotated files',
  );
  assert.ok(!existsSync(path.join(logDir, 'rot.log.3')), 'backupCount 2 keeps two');
  assert.ok(readFileSync(path.join(logDir, 'rot.log.1'), 'utf8').includes('foo.app.Main spam line'));
});

test('faults: a handler that cannot open its file is an error at start naming the file, and no daemon runs', async (t) => {
  const e = await faultEnv(t);
  // A folder that is a file: the handler cannot open x.log in it.
  writeFileSync(path.join(e.root, 'a-file'), '');
  const broken = `{
    version: 1,
    handlers: { broken: { class: 'logging.FileHandler', filename: '${path.join(e.root, 'a-file', 'x.log')}', level: 20 } },
    root: { level: 20, handlers: ['broken'] },
  }`;
  await withLoggingPackage(e, broken);
  await assert.rejects(spawnDaemon({ directorDir: e.dir, env: e.env, entry }), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'CONFIG_THESPLOG_INVALID');
    assert.match(
      err.message,
      /thesplog\.cfg:\d+:\d+: .*handler "broken" writes to \S+\/a-file\/x\.log, which cannot be created.*\[THESPLOG_FILE_UNWRITABLE\]/,
    );
    return true;
  });
});
