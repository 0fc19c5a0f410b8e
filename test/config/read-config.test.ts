import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { readConfig, loadConfig } from '../../runtime/src/config/read-config';
import { ConfigError, CONFIG_EXIT_CODE } from '../../runtime/src/config/config-error';
import { DEFAULT_THESPLOG } from '../../runtime/src/config/default-thesplog';
import { tempDir, writeFiles } from '../cli/support';
import { GUIDE_THESPLOG } from './fixtures';

async function withDir(files: { [name: string]: string }, body: (dir: string) => Promise<void>): Promise<void> {
  const t = await tempDir();
  try {
    await writeFiles(t.dir, files);
    await body(t.dir);
  } finally {
    await t.cleanup();
  }
}

test('no cfg files: every default, no problems', async () => {
  await withDir({}, async (dir) => {
    const { config, problems } = await readConfig(dir);
    assert.deepEqual(problems, []);
    assert.equal(config.systemBase, 'daemon');
    assert.equal(config.adminPort, 1900);
    assert.equal(config.adminHost, '127.0.0.1');
    assert.equal(config.conventionLeader, undefined);
    assert.deepEqual(config.otherCapabilities, {});
    assert.equal(config.otherCapabilitiesText, '{}');
    assert.equal(config.logging, DEFAULT_THESPLOG);
    assert.deepEqual(config.capabilities, { 'Admin Port': 1900, DirectorFmt: [1] });
  });
});

test('the original base names map to ours: multiproc* → daemon, simpleSystemBase → simple', async () => {
  for (const [name, base] of [
    ['multiprocTCPBase', 'daemon'],
    ['multiprocUDPBase', 'daemon'],
    ['multiprocQueueBase', 'daemon'],
    ['simpleSystemBase', 'simple'],
    ['simple', 'simple'],
  ] as const) {
    await withDir({ 'thespbase.cfg': `${name}\n` }, async (dir) => {
      const c = await loadConfig(dir);
      assert.equal(c.systemBase, base);
      assert.equal(c.systemBaseName, name);
    });
  }
});

test('an unknown base is CONFIG_THESPBASE_UNKNOWN naming the file and line', async () => {
  await withDir({ 'thespbase.cfg': '\nmultiprocFooBase\n' }, async (dir) => {
    const { problems } = await readConfig(dir);
    assert.equal(problems.length, 1);
    assert.equal(problems[0].code, 'CONFIG_THESPBASE_UNKNOWN');
    assert.equal(problems[0].file, path.join(dir, 'thespbase.cfg'));
    assert.equal(problems[0].line, 2);
    assert.match(problems[0].message, /multiprocFooBase/);
  });
});

test('adminport.cfg 19011 is used and becomes the Admin Port capability', async () => {
  await withDir({ 'adminport.cfg': ' 19011 \n' }, async (dir) => {
    const c = await loadConfig(dir);
    assert.equal(c.adminPort, 19011);
    assert.equal(c.capabilities['Admin Port'], 19011);
  });
});

test('a bad adminport.cfg is an error, not a silent 1900 (scenario 5, fixed)', async () => {
  for (const bad of ['abc', '0', '65536', '19.5', '-3', '1900 1901']) {
    await withDir({ 'adminport.cfg': `${bad}\n` }, async (dir) => {
      const err = await loadConfig(dir).then(
        () => assert.fail(`adminport.cfg "${bad}" was accepted`),
        (e: unknown) => e,
      );
      assert.ok(err instanceof ConfigError);
      assert.equal(err.code, 'CONFIG_ADMINPORT_INVALID');
      assert.equal(err.exitCode, CONFIG_EXIT_CODE);
      assert.match(err.message, /adminport\.cfg:1:1: .*not a port number.*1 to 65535/);
    });
  }
});

test("an empty cfg file is CONFIG_EMPTY; two lines is the file's own code", async () => {
  await withDir({ 'adminport.cfg': '  \n', 'adminhost.cfg': '127.0.0.1\n10.0.0.1\n' }, async (dir) => {
    const { problems } = await readConfig(dir);
    assert.deepEqual(
      problems.map((p) => p.code),
      ['CONFIG_EMPTY', 'CONFIG_ADMINHOST_INVALID'],
    );
    assert.equal(problems[1].line, 2);
  });
});

test('adminhost.cfg takes addresses and names, refuses junk', async () => {
  for (const good of ['0.0.0.0', '::1', '[::1]', 'leader.example.com', 'localhost']) {
    await withDir({ 'adminhost.cfg': good }, async (dir) => {
      assert.equal((await loadConfig(dir)).adminHost, good.replace(/^\[(.*)\]$/, '$1'));
    });
  }
  await withDir({ 'adminhost.cfg': 'not a host!' }, async (dir) => {
    await assert.rejects(loadConfig(dir), (e: ConfigError) => e.code === 'CONFIG_ADMINHOST_INVALID');
  });
});

test('convleader.cfg: host alone gets port 1900, host:port is kept, a bad port is an error', async () => {
  await withDir({ 'convleader.cfg': '192.168.32.19\n' }, async (dir) => {
    const c = await loadConfig(dir);
    assert.deepEqual(c.conventionLeader, { host: '192.168.32.19', port: 1900, text: '192.168.32.19' });
    assert.equal(c.capabilities['Convention Address.IPv4'], '192.168.32.19:1900');
  });
  await withDir({ 'convleader.cfg': '[::1]:2000' }, async (dir) => {
    assert.deepEqual((await loadConfig(dir)).conventionLeader, { host: '::1', port: 2000, text: '[::1]:2000' });
  });
  await withDir({ 'convleader.cfg': 'leader:99999' }, async (dir) => {
    await assert.rejects(loadConfig(dir), (e: ConfigError) => e.code === 'CONFIG_CONVLEADER_INVALID');
  });
});

test('othercaps.cfg: a JSON5 object is kept raw for display and parsed for use', async () => {
  const text = "{ 'Worker': true,\n  'Slot': 19, 'nproc': 2 }\n";
  await withDir({ 'othercaps.cfg': text }, async (dir) => {
    const c = await loadConfig(dir);
    assert.deepEqual(c.otherCapabilities, { Worker: true, Slot: 19, nproc: 2 });
    assert.equal(c.otherCapabilitiesText, text.trim());
    assert.equal(c.capabilities['Slot'], 19);
  });
});

test('othercaps.cfg with Python literals is CONFIG_OTHERCAPS_INVALID with a hint and its line', async () => {
  await withDir({ 'othercaps.cfg': "{\n 'Worker': True }" }, async (dir) => {
    const { problems } = await readConfig(dir);
    assert.equal(problems[0].code, 'CONFIG_OTHERCAPS_INVALID');
    assert.equal(problems[0].detail, 'OTHERCAPS_SYNTAX');
    assert.equal(problems[0].line, 2);
    assert.match(problems[0].message, /true, false and null in lower case/);
  });
});

test('othercaps.cfg setting Admin Port is refused, pointing to adminport.cfg', async () => {
  await withDir({ 'othercaps.cfg': "{ 'Admin Port': 5 }" }, async (dir) => {
    const { problems } = await readConfig(dir);
    assert.equal(problems[0].code, 'CONFIG_OTHERCAPS_INVALID');
    assert.equal(problems[0].detail, 'OTHERCAPS_RESERVED_KEY');
    assert.match(problems[0].message, /adminport\.cfg/);
  });
});

test("the guide's thesplog.cfg validates and replaces the default", async () => {
  await withDir({ 'thesplog.cfg': GUIDE_THESPLOG }, async (dir) => {
    const c = await loadConfig(dir);
    assert.equal(c.loggingFromFile, true);
    assert.equal(c.logging.root.level, 20);
    assert.equal(c.logging.loggers['subsysA']?.propagate, false);
    const h = c.logging.handlers['foo_log_handler'];
    assert.equal(h?.kind, 'timed');
    assert.deepEqual(c.logging.filters['isActorLog'], { kind: 'actorAddress' });
  });
});

test('a malformed thesplog.cfg is CONFIG_THESPLOG_INVALID naming each problem', async () => {
  const bad = GUIDE_THESPLOG.replace("'level': 20, 'backupCount'", "'level': 'LOUD', 'backupCount'").replace(
    "['foo_log_handler']}",
    "['nosuch']}",
  );
  await withDir({ 'thesplog.cfg': bad }, async (dir) => {
    const { problems } = await readConfig(dir);
    assert.ok(problems.length >= 2, JSON.stringify(problems));
    assert.ok(problems.every((p) => p.code === 'CONFIG_THESPLOG_INVALID'));
    const details = problems.map((p) => p.detail);
    assert.ok(details.includes('THESPLOG_BAD_LEVEL'), details.join());
    assert.ok(details.includes('THESPLOG_UNDEFINED_REFERENCE'), details.join());
  });
});

test('thesplogd.cfg: relative paths are taken from the director dir', async () => {
  await withDir({ 'thesplogd.cfg': 'logs/here\n' }, async (dir) => {
    assert.equal((await loadConfig(dir)).logDir, path.join(dir, 'logs', 'here'));
  });
  await withDir({ 'thesplogd.cfg': '/tmp/log' }, async (dir) => {
    assert.equal((await loadConfig(dir)).logDir, '/tmp/log');
  });
});

test('a cfg path that is a folder is CONFIG_UNREADABLE, not a crash', async () => {
  await withDir({}, async (dir) => {
    await mkdir(path.join(dir, 'adminport.cfg'));
    const { problems } = await readConfig(dir);
    assert.equal(problems[0].code, 'CONFIG_UNREADABLE');
    assert.match(problems[0].message, /folder/);
  });
});

test('several bad files: one ConfigError listing all, in file order', async () => {
  await withDir({ 'thespbase.cfg': 'x', 'adminport.cfg': 'y', 'convleader.cfg': 'a b' }, async (dir) => {
    await assert.rejects(loadConfig(dir), (e: ConfigError) => {
      assert.equal(e.code, 'CONFIG_THESPBASE_UNKNOWN');
      assert.deepEqual(
        e.problems.map((p) => p.code),
        ['CONFIG_THESPBASE_UNKNOWN', 'CONFIG_ADMINPORT_INVALID', 'CONFIG_CONVLEADER_INVALID'],
      );
      assert.match(e.message, /^3 problems/);
      return true;
    });
  });
});
