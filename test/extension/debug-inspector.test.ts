// Debugging actor code, through the inspector protocol itself (what VS Code's JavaScript debugger
// speaks): `director start --inspect` puts the inspector on 127.0.0.1 only; a dev version built
// with maps:yes (as live loading builds it) gives each module in the source worker a sourceURL and
// its source map; a breakpoint set on a line of fooactor.ts (through the map) stops when MainFoo
// handles a message, and the paused location maps back to that line of fooactor.ts. The worker is
// reached as js-debug reaches it: NodeWorker.enable / attachedToWorker / sendMessageToWorker.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import WebSocket from 'ws';
import { DirectorControl } from '../../cli/src/director-control';
import { connectDaemon } from '../../runtime/src/client/connect-daemon';
import * as api from '../../cli/src/index';
import { bindTools, runCycle } from '../../extension/src/live/live-cycle';
import { ensureDevKey } from '../../extension/src/live/dev-key';
import { waitFor } from '../daemon/helpers';
import { exampleWorld, type CommandRun, type ExampleWorld } from './example-world';
import { readPid } from '../../runtime/src/daemon/private-folder';
import { privatePaths } from '../../runtime/src/daemon/private-paths';

type Msg = {
  id?: number;
  method?: string;
  params?: { [k: string]: unknown };
  result?: { [k: string]: unknown };
  error?: { message: string };
};

/** A minimal CDP client: requests on the main session or, through NodeWorker, a worker's. */
class Cdp {
  private next = 1;
  private readonly pending = new Map<number, (m: Msg) => void>();
  readonly events: { session?: string; msg: Msg }[] = [];
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse((data as Buffer).toString('utf8')) as Msg;
      if (m.id !== undefined) this.pending.get(m.id)?.(m);
      else if (m.method === 'NodeWorker.receivedMessageFromWorker') {
        const inner = JSON.parse(String(m.params?.['message'])) as Msg;
        const session = String(m.params?.['sessionId']);
        if (inner.id !== undefined) this.pending.get(inner.id)?.(inner);
        else this.events.push({ session, msg: inner });
      } else this.events.push({ msg: m });
    });
  }
  static open(url: string): Promise<Cdp> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new Cdp(ws)));
      ws.once('error', reject);
    });
  }
  send(method: string, params: object = {}, session?: string): Promise<Msg['result']> {
    const id = this.next++;
    const frame = JSON.stringify({ id, method, params });
    return new Promise((resolve, reject) => {
      this.pending.set(id, (m) =>
        m.error !== undefined ? reject(new Error(`${method}: ${m.error.message}`)) : resolve(m.result),
      );
      if (session === undefined) this.ws.send(frame);
      else
        this.ws.send(
          JSON.stringify({
            id: this.next++,
            method: 'NodeWorker.sendMessageToWorker',
            params: { sessionId: session, message: frame },
          }),
        );
    });
  }
  close(): void {
    this.ws.close();
  }
}

async function setup(t: TestContext): Promise<{
  ws: string;
  dir: string;
  storage: string;
  run: (args: readonly string[]) => Promise<CommandRun>;
  runIn: ExampleWorld['runIn'];
}> {
  const { root, ws, dir, runIn } = await exampleWorld(t, 'el-debug-');
  return { ws, dir, storage: path.join(root, 'storage'), run: (args) => runIn(ws, args), runIn };
}

test(
  'start --inspect: a breakpoint on a line of fooactor.ts stops MainFoo in its source worker, at that line through the source map',
  { timeout: 120_000 },
  async (t) => {
    const w = await setup(t);
    const bad = await w.run(['start', '--inspect=70000']);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /DAEMON_BAD_INSPECT_PORT/);

    const started = await w.run(['start', '--inspect']);
    assert.equal(started.code, 0, started.err);
    const url = /Inspector: (ws:\/\/\S+)/.exec(started.out)?.[1];
    assert.ok(url !== undefined, `start printed the inspector URL: ${started.out}`);
    assert.match(url, /^ws:\/\/127\.0\.0\.1:\d+\//, 'the inspector listens on 127.0.0.1 only');
    // A second start --inspect while it runs is refused with its code.
    const again = await w.run(['start', '--inspect']);
    assert.equal(again.code, 1);
    assert.match(again.err, /DAEMON_ALREADY_RUNNING/);

    const keyFile = await ensureDevKey(w.storage, w.dir, (cwd, name) => w.runIn(cwd, ['keygen', name]));
    const tools = bindTools(api, {
      directorDir: w.dir,
      env: { ...process.env, THESPIAN_DIRECTOR_DIR: w.dir },
      cwd: w.ws,
    });
    const loaded = await runCycle(
      tools,
      {
        group: 'foo',
        sourcesDir: w.ws,
        keyFile,
        tliFile: path.join(w.ws, 'foo.tli'),
        depsFile: path.join(w.ws, 'deppkgs.txt'),
        patterns: ['foo/**/*.ts'],
      },
      [],
    );
    assert.equal(loaded.ok, true, `${loaded.code} ${loaded.message}`);
    // The package carries the map, with its source relative to the sources root.
    const member = await w.run(['tlsinfo', loaded.file ?? '', 'foo/fooactor.js.map']);
    assert.equal(member.code, 0, member.err);
    assert.deepEqual((JSON.parse(member.out) as { sources: string[] }).sources, ['foo/fooactor.ts']);

    const cdp = await Cdp.open(url);
    t.after(() => cdp.close());
    await cdp.send('NodeWorker.enable', { waitForDebuggerOnStart: false });
    await waitFor(
      () => cdp.events.some((e) => e.msg.method === 'NodeWorker.attachedToWorker'),
      10_000,
      'a source worker',
    );
    const sessions = cdp.events
      .filter((e) => e.msg.method === 'NodeWorker.attachedToWorker')
      .map((e) => String(e.msg.params?.['sessionId']));
    for (const s of sessions) await cdp.send('Debugger.enable', {}, s);
    const fooactorParsed = (): (typeof cdp.events)[number] | undefined =>
      cdp.events.find(
        (e) => e.msg.method === 'Debugger.scriptParsed' && String(e.msg.params?.['url']).endsWith('/foo/fooactor.js'),
      );
    await waitFor(() => fooactorParsed() !== undefined, 10_000, 'fooactor.js parsed in a worker');
    const parsed = fooactorParsed();
    assert.ok(parsed !== undefined && parsed.session !== undefined);
    const scriptUrl = String(parsed.msg.params?.['url']);
    assert.equal(scriptUrl, `tls://${loaded.hash}/foo/fooactor.js`, "the module's sourceURL");
    const mapUrl = String(parsed.msg.params?.['sourceMapURL']);
    assert.match(mapUrl, /^data:application\/json;charset=utf-8;base64,/);
    const payload = JSON.parse(Buffer.from(mapUrl.slice(mapUrl.indexOf(',') + 1), 'base64').toString('utf8')) as {
      sources: string[];
      sourceRoot: string;
    };
    assert.equal(payload.sourceRoot, 'tls-src:///');
    const map = new SourceMap(payload as never);

    // The line of fooactor.ts that answers: find it in the generated code through the map.
    const tsLine = readFileSync(path.join(w.ws, 'foo', 'fooactor.ts'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('if (sender !== null) this.send(sender, { foo:'));
    let generatedLine = -1;
    for (let gl = 0; gl < 200 && generatedLine < 0; gl++) {
      for (let col = 0; col < 120; col += 2) {
        const e = map.findEntry(gl, col) as { originalLine?: number; generatedLine?: number };
        if (e.originalLine === tsLine && e.generatedLine === gl) {
          generatedLine = gl;
          break;
        }
      }
    }
    assert.ok(generatedLine >= 0, 'the map has the line');
    await cdp.send('Debugger.setBreakpointByUrl', { url: scriptUrl, lineNumber: generatedLine }, parsed.session);

    const client = await connectDaemon({ directorDir: w.dir, clientName: 'el-debug' });
    t.after(() => client.close());
    const dc = new DirectorControl({
      directorDir: w.dir,
      env: { ...process.env, THESPIAN_DIRECTOR_DIR: w.dir },
      out: { write: () => undefined },
      err: { write: () => undefined },
    });
    const role = await dc.get_role_address('MainFoo', { group: 'foo', silent: true });
    assert.ok(role !== null);
    const answer = client.ask(role.ActorAddress, 'status', 30_000);
    await waitFor(() => cdp.events.some((e) => e.msg.method === 'Debugger.paused'), 20_000, 'the breakpoint to stop');
    const paused = cdp.events.find((e) => e.msg.method === 'Debugger.paused');
    const frames = paused?.msg.params?.['callFrames'] as {
      location: { scriptId: string; lineNumber: number; columnNumber: number };
    }[];
    const top = frames[0];
    assert.ok(top !== undefined);
    assert.equal(paused?.session, parsed.session, 'paused in the worker that runs fooactor.js');
    assert.equal(
      top.location.scriptId,
      parsed.msg.params?.['scriptId'],
      'paused in fooactor.js (its sourceURL script)',
    );
    const original = map.findEntry(top.location.lineNumber, top.location.columnNumber) as {
      originalSource?: string;
      originalLine?: number;
    };
    // Node's SourceMap leaves sourceRoot to the caller; a debugger joins them, as here.
    assert.equal(`${payload.sourceRoot}${original.originalSource ?? ''}`, 'tls-src:///foo/fooactor.ts');
    assert.equal(original.originalLine, tsLine, 'paused on the fooactor.ts line of the breakpoint');
    await cdp.send('Debugger.resume', {}, paused?.session);
    assert.deepEqual(Object.keys((await answer).reply as object), ['foo']);
  },
);

test('a plain start never turns the inspector on', { timeout: 60_000 }, async (t) => {
  const w = await setup(t);
  const started = await w.run(['start']);
  assert.equal(started.code, 0, started.err);
  assert.doesNotMatch(started.out, /Inspector:/);
  const pid = await readPid(privatePaths(w.dir));
  assert.ok(pid !== undefined);
  const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  assert.ok(!argv.some((a) => a.startsWith('--inspect')), `the daemon's command line: ${argv.join(' ')}`);
  const env = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  assert.ok(
    !env.some((e) => e.startsWith('NODE_OPTIONS=') && e.includes('--inspect')),
    'not through NODE_OPTIONS either',
  );
});
